// SPDX-License-Identifier: GPL-2.0
/*
 * Link types without a hardware header, as tcpdump 4.99 prints them: raw
 * IP (LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6; -e says "ip: ") and the
 * BSD loopback encapsulations (LINKTYPE_NULL, LINKTYPE_LOOP: a 4-byte
 * address family; -e says "AF IPv4 (2), length N: ").
 */
#include "print_internal.h"
#include "link.h"

#define NULL_HEADER 4
#define BSD_AF_INET 2
/* OSI 7, AppleTalk 16 and IPX 23 are named but not decoded here; IPv6 has
 * three numbers, one per BSD. */
#define BSD_AF_INET6_BSD 24
#define BSD_AF_INET6_FREEBSD 28
#define BSD_AF_INET6_DARWIN 30

int print_raw_ip(struct packet_printer *pr, struct span s, uint32_t *link_len)
{
	*link_len = 0;
	if (pr->opts.link_header)
		pr_out(pr, "ip: ");
	if (!s.len) {
		pr_out(pr, "truncated-ip %u", s.len);
		return PRINT_STOP;
	}
	if (!span_has(&s, 0, 1))
		return print_truncated(pr, "ip");
	switch (s.p[0] & 0xf0) {
	case 0x40:
		return print_ipv4(pr, s);
	case 0x60:
		return print_ipv6(pr, s);
	default:
		pr_out(pr, "unknown ip %u", s.p[0] >> 4);
		return 0;
	}
}

static const char *af_name(uint32_t af)
{
	switch (af) {
	case BSD_AF_INET:
		return "IPv4";
	case 7:
		return "OSI";
	case 16:
		return "Appletalk";
	case 23:
		return "IPX";
	case BSD_AF_INET6_BSD:
	case BSD_AF_INET6_FREEBSD:
	case BSD_AF_INET6_DARWIN:
		return "IPv6";
	default:
		return NULL;
	}
}

static void print_af_header(struct packet_printer *pr, uint32_t af, uint32_t len)
{
	const char *name = af_name(af);

	if (!pr->opts.quiet)
		pr_out(pr, "AF %s (%u)", name ? name : "Unknown", af);
	else if (name)
		pr_out(pr, "%s", name);
	else
		pr_out(pr, "Unknown AF %u", af);
	pr_out(pr, ", length %u: ", len);
}

static uint32_t swap32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

int print_null(struct packet_printer *pr, struct span s, bool network_order, uint32_t *link_len)
{
	struct span payload;
	uint32_t af;

	/* A cut header is dumped whole by -x; tcpdump calls both "null". */
	*link_len = 0;
	if (!span_has(&s, 0, NULL_HEADER))
		return print_truncated(pr, "null");
	*link_len = NULL_HEADER;
	if (network_order) {
		af = get32(s.p);
	} else {
		/* Written in the byte order of the host that wrote it: a
		 * family fits in 16 bits, so the other order shows. */
		af = (uint32_t)s.p[0] | (uint32_t)s.p[1] << 8 | (uint32_t)s.p[2] << 16 |
		     (uint32_t)s.p[3] << 24;
		if (af & 0xffff0000)
			af = swap32(af);
	}
	if (pr->opts.link_header)
		print_af_header(pr, af, s.len);
	payload = span_after(&s, NULL_HEADER);
	switch (af) {
	case BSD_AF_INET:
		return print_ipv4(pr, payload);
	case BSD_AF_INET6_BSD:
	case BSD_AF_INET6_FREEBSD:
	case BSD_AF_INET6_DARWIN:
		return print_ipv6(pr, payload);
	default:
		if (!pr->opts.link_header)
			print_af_header(pr, af, s.len);
		if (!pr->opts.quiet && pr->opts.hex == PRINT_HEX_NONE)
			print_hex(pr, payload.p, payload.cap, true);
		return 0;
	}
}

int print_link(struct packet_printer *pr, const struct printed_packet *pkt, struct span s,
	       uint32_t *link_len)
{
	if (!pkt->has_linktype)
		return print_ether(pr, s, link_len);
	switch (pkt->linktype) {
	case LINKTYPE_LINUX_SLL:
		return print_sll(pr, s, link_len);
	case LINKTYPE_LINUX_SLL2:
		return print_sll2(pr, s, link_len);
	case LINKTYPE_RAW:
	case LINKTYPE_IPV4:
	case LINKTYPE_IPV6:
		return print_raw_ip(pr, s, link_len);
	case LINKTYPE_NULL:
		return print_null(pr, s, false, link_len);
	case LINKTYPE_LOOP:
		return print_null(pr, s, true, link_len);
	case LINKTYPE_ETHERNET:
		return print_ether(pr, s, link_len);
	default:
		/* tcpdump's words for a link type it has no printer for. */
		*link_len = 0;
		pr_out(pr, "unsupported link type %u", pkt->linktype);
		return 0;
	}
}

/* tcpdump's check of a record's lengths, before anything of the packet. */
bool print_invalid_header(struct packet_printer *pr, const struct printed_packet *pkt)
{
	if (pkt->caplen == 0)
		pr_out(pr, "[Invalid header: caplen==0]\n");
	else if (pkt->len == 0)
		pr_out(pr, "[Invalid header: len==0]\n");
	else if (pkt->len < pkt->caplen)
		pr_out(pr, "[Invalid header: len(%u) < caplen(%u)]\n", pkt->len, pkt->caplen);
	else if (pkt->caplen > PRINT_MAX_SNAPLEN)
		pr_out(pr, "[Invalid header: caplen(%u) > %u]\n", pkt->caplen, PRINT_MAX_SNAPLEN);
	else if (pkt->len > PRINT_MAX_SNAPLEN)
		pr_out(pr, "[Invalid header: len(%u) > %u]\n", pkt->len, PRINT_MAX_SNAPLEN);
	else
		return false;
	return true;
}
