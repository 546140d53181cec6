// SPDX-License-Identifier: GPL-2.0
/* IPv4 (RFC 791): "IP", with -v the header fields, then the payload. */
#include <string.h>
#include "print_internal.h"

#define IPV4_MIN_HEADER 20
#define IP_RF 0x8000
#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_OFFSET_MASK 0x1fff

static void print_flags(struct packet_printer *pr, uint16_t frag)
{
	const char *sep = "";

	pr_out(pr, "flags [");
	if (!(frag & (IP_RF | IP_DF | IP_MF)))
		pr_out(pr, "none");
	if (frag & IP_MF) {
		pr_out(pr, "+");
		sep = ", ";
	}
	if (frag & IP_DF) {
		pr_out(pr, "%sDF", sep);
		sep = ", ";
	}
	if (frag & IP_RF)
		pr_out(pr, "%srsvd", sep);
	pr_out(pr, "]");
}

/* ECN field of the TOS byte (RFC 3168). */
static const char *ecn_text(uint8_t tos)
{
	static const char *const names[] = { "", ",ECT(1)", ",ECT(0)", ",CE" };

	return names[tos & 3];
}

static const char *option_name(uint8_t type)
{
	switch (type) {
	case 0:
		return "EOL";
	case 1:
		return "NOP";
	case 7:
		return "RR";
	case 68:
		return "timestamp";
	case 130:
		return "security";
	case 131:
		return "LSRR";
	case 137:
		return "SSRR";
	case 148:
		return "RA";
	case 82:
		return "traceroute";
	default:
		return NULL;
	}
}

/* RFC 791 3.1 options by name; a router alert (RFC 2113) with its value
 * when it is not 0. The contents of the others are not shown. */
static void print_options(struct packet_printer *pr, const uint8_t *o, uint32_t n)
{
	uint32_t len;

	pr_out(pr, ", options (");
	for (uint32_t off = 0; off < n; off += len) {
		const char *name = option_name(o[off]);

		if (off)
			pr_out(pr, ",");
		if (name)
			pr_out(pr, "%s", name);
		else
			pr_out(pr, "unknown %u", o[off]);
		if (o[off] == 0)
			break;
		len = o[off] == 1 ? 1 : off + 1 < n ? o[off + 1] : 0;
		if (len < 1 || (o[off] != 1 && len < 2) || len > n - off) {
			pr_out(pr, " [bad length %u]", len);
			break;
		}
		if (o[off] == 148 && len >= 4 && get16(o + off + 2))
			pr_out(pr, " value %u", get16(o + off + 2));
	}
	pr_out(pr, ")");
}

/* "(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)" */
static void print_details(struct packet_printer *pr, const uint8_t *h, uint32_t hlen)
{
	uint16_t frag = get16(h + 6);
	uint16_t sum = checksum_fold(checksum_add(0, h, hlen));

	pr_out(pr, "(tos 0x%x%s", h[1], ecn_text(h[1]));
	if (h[8])
		pr_out(pr, ", ttl %u", h[8]);
	pr_out(pr, ", id %u, offset %u, ", get16(h + 4), (frag & IP_OFFSET_MASK) * 8);
	print_flags(pr, frag);
	pr_out(pr, ", proto %s (%u), length %u", ip_proto_name(h[9]), h[9], get16(h + 2));
	if (hlen > IPV4_MIN_HEADER)
		print_options(pr, h + IPV4_MIN_HEADER, hlen - IPV4_MIN_HEADER);
	if (sum) {
		uint32_t without = checksum_add(checksum_add(0, h, 10), h + 12, hlen - 12);

		pr_out(pr, ", bad cksum %x (->%x)!", get16(h + 10), checksum_fold(without));
	}
	pr_out(pr, ")\n    ");
}

static void fill_info(struct ip_info *ip, const uint8_t *h)
{
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	memcpy(ip->src, h + 12, 4);
	memcpy(ip->dst, h + 16, 4);
	memcpy(ip->final_dst, ip->dst, 4);
	format_ip(4, ip->src, ip->src_text, sizeof(ip->src_text));
	format_ip(4, ip->dst, ip->dst_text, sizeof(ip->dst_text));
	ip->proto = h[9];
	ip->direct = true;
	ip->fragmented = get16(h + 6) & (IP_MF | IP_OFFSET_MASK);
}

int print_ipv4(struct packet_printer *pr, struct span s)
{
	struct ip_info ip;
	uint32_t hlen, total;
	uint16_t offset;

	if (!pr->opts.link_header)
		pr_out(pr, "IP ");
	if (!span_has(&s, 0, IPV4_MIN_HEADER))
		return print_truncated(pr, "ip");
	hlen = (s.p[0] & 0xf) * 4;
	total = get16(s.p + 2);
	if ((s.p[0] >> 4) != 4 || hlen < IPV4_MIN_HEADER || total < hlen) {
		pr_out(pr, "bad header (version %u, header length %u, total length %u)",
		       s.p[0] >> 4, hlen, total);
		return PRINT_STOP;
	}
	if (!span_has(&s, 0, hlen))
		return print_truncated(pr, "ip");
	if (s.len < total)
		pr_out(pr, "truncated-ip - %u bytes missing! ", total - s.len);
	/* The datagram ends where its header says; the rest is link padding. */
	s = span_limit(s, total);
	fill_info(&ip, s.p);
	if (pr->opts.verbose)
		print_details(pr, s.p, hlen);
	offset = get16(s.p + 6) & IP_OFFSET_MASK;
	if (offset) {
		/* Not the first fragment: no transport header to show. */
		print_endpoints(pr, &ip);
		pr_out(pr, "ip-proto-%u", ip.proto);
		return 0;
	}
	if (ip.proto != 6 && ip.proto != 17)
		print_endpoints(pr, &ip);
	return print_ip_payload(pr, &ip, span_after(&s, hlen));
}
