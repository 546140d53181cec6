// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 (RFC 8200): "IP6", with -v the header fields, the extension
 * headers in order (hop-by-hop, destination options, routing, fragment),
 * then the upper layer.
 */
#include <string.h>
#include "print_internal.h"

#define IPV6_HEADER 40
#define NH_HOPOPTS 0
#define NH_TCP 6
#define NH_UDP 17
#define NH_ROUTING 43
#define NH_FRAGMENT 44
#define NH_DSTOPTS 60
#define FRAG_HEADER 8

/* RFC 8200 4.2 options, shown with -v. */
static int print_options(struct packet_printer *pr, struct span opts, const char *proto)
{
	uint32_t off = 0;

	while (off < opts.cap) {
		uint8_t type = opts.p[off], len;

		if (type == 0) {
			pr_out(pr, "(pad1) ");
			off++;
			continue;
		}
		if (!span_has(&opts, off, 2) || !span_has(&opts, off + 2, opts.p[off + 1]))
			return print_truncated(pr, proto);
		len = opts.p[off + 1];
		if (type == 1)
			pr_out(pr, "(padn) ");
		else if (type == 5 && len == 2)
			pr_out(pr, "(rtalert: 0x%04x) ", get16(opts.p + off + 2));
		else
			pr_out(pr, "(opt_type 0x%02x: len=%u) ", type, len);
		off += 2 + len;
	}
	return 0;
}

static int print_opts_header(struct packet_printer *pr, struct span h, uint32_t hlen,
			     const char *name, const char *proto)
{
	pr_out(pr, "%s ", name);
	if (!pr->opts.verbose)
		return 0;
	return print_options(pr, span_limit(span_after(&h, 2), hlen - 2), proto);
}

/* Type 0 (RFC 2460, deprecated by RFC 5095) lists addresses; the last one
 * is the final destination, which the transport checksum covers. */
static int print_routing(struct packet_printer *pr, struct span h, uint32_t hlen,
			 struct ip_info *ip)
{
	uint8_t type = h.p[2], segleft = h.p[3];
	uint32_t naddr = h.p[1] / 2;
	char text[46];

	pr_out(pr, "RT6 (len=%u, type=%u%s, segleft=%u", h.p[1], type,
	       type == 0 ? " [Deprecated]" : "", segleft);
	if (type == 0) {
		if (!span_has(&h, 0, 8 + naddr * 16))
			return print_truncated(pr, "srcrt");
		if (pr->opts.verbose)
			pr_out(pr, ", rsv=0x%x", get32(h.p + 4));
		for (uint32_t i = 0; i < naddr; i++) {
			format_ip(6, h.p + 8 + i * 16, text, sizeof(text));
			pr_out(pr, ", [%u]%s", i, text);
		}
		if (segleft && naddr)
			memcpy(ip->final_dst, h.p + 8 + (naddr - 1) * 16, 16);
	}
	(void)hlen;
	pr_out(pr, ") ");
	return 0;
}

/* "frag (offset|bytes after this header)"; a later fragment ends the line. */
static int print_fragment(struct packet_printer *pr, struct span h, uint32_t rest,
			  struct ip_info *ip)
{
	uint16_t offset = get16(h.p + 2) & 0xfff8;

	pr_out(pr, "frag (");
	if (pr->opts.verbose)
		pr_out(pr, "0x%08x:", get32(h.p + 4));
	pr_out(pr, "%u|%u)", offset, rest);
	ip->fragmented = true;
	if (offset)
		return PRINT_STOP;
	pr_out(pr, " ");
	return 0;
}

static uint32_t ext_header_length(uint8_t nh, const uint8_t *h)
{
	return nh == NH_FRAGMENT ? FRAG_HEADER : (h[1] + 1u) * 8;
}

/* Walks the extension headers; leaves s at the upper-layer header. */
static int print_extensions(struct packet_printer *pr, struct span *s, struct ip_info *ip)
{
	for (;;) {
		uint8_t nh = ip->proto;
		uint32_t hlen;
		int err = 0;

		if (nh != NH_HOPOPTS && nh != NH_DSTOPTS && nh != NH_ROUTING && nh != NH_FRAGMENT)
			return 0;
		if (!span_has(s, 0, 2) || !span_has(s, 0, ext_header_length(nh, s->p)))
			return print_truncated(pr, nh == NH_FRAGMENT ? "frag" : "ip6");
		hlen = ext_header_length(nh, s->p);
		if (nh == NH_HOPOPTS)
			err = print_opts_header(pr, *s, hlen, "HBH", "hbhopt");
		else if (nh == NH_DSTOPTS)
			err = print_opts_header(pr, *s, hlen, "DSTOPT", "dstopt");
		else if (nh == NH_ROUTING)
			err = print_routing(pr, *s, hlen, ip);
		else
			err = print_fragment(pr, *s, s->len > hlen ? s->len - hlen : 0, ip);
		if (err)
			return err;
		ip->proto = s->p[0];
		ip->direct = false;
		*s = span_after(s, hlen);
	}
}

static void print_details(struct packet_printer *pr, const uint8_t *h)
{
	uint32_t first = get32(h);
	uint8_t tclass = first >> 20 & 0xff;
	uint32_t flow = first & 0xfffff;

	pr_out(pr, "(");
	if (tclass)
		pr_out(pr, "class 0x%x, ", tclass);
	if (flow)
		pr_out(pr, "flowlabel 0x%05x, ", flow);
	pr_out(pr, "hlim %u, next-header %s (%u) payload length: %u) ", h[7], ip_proto_name(h[6]),
	       h[6], get16(h + 4));
}

int print_ipv6(struct packet_printer *pr, struct span s)
{
	struct ip_info ip = { .version = 6, .direct = true };
	uint32_t plen;
	int err;

	if (!span_has(&s, 0, IPV6_HEADER))
		return print_truncated(pr, "ip6");
	if (!pr->opts.link_header)
		pr_out(pr, "IP6 ");
	if (pr->opts.verbose)
		print_details(pr, s.p);
	plen = get16(s.p + 4);
	memcpy(ip.src, s.p + 8, 16);
	memcpy(ip.dst, s.p + 24, 16);
	memcpy(ip.final_dst, ip.dst, 16);
	format_ip(6, ip.src, ip.src_text, sizeof(ip.src_text));
	format_ip(6, ip.dst, ip.dst_text, sizeof(ip.dst_text));
	ip.proto = s.p[6];
	if (s.len < IPV6_HEADER + plen)
		pr_out(pr, "truncated-ip6 - %u bytes missing!", IPV6_HEADER + plen - s.len);
	s = span_after(&s, IPV6_HEADER);
	/* A zero payload length means a jumbogram (RFC 2675): keep it all. */
	if (plen)
		s = span_limit(s, plen);
	if (ip.proto != NH_TCP && ip.proto != NH_UDP)
		print_endpoints(pr, &ip);
	err = print_extensions(pr, &s, &ip);
	return err ? err : print_ip_payload(pr, &ip, s);
}
