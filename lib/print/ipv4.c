// SPDX-License-Identifier: GPL-2.0
/* IPv4 (RFC 791): "IP", with -v the header fields, then the payload. */
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

/* "(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)";
 * PRINT_STOP when the line ended inside, 1 + PRINT_STOP when an option's
 * body was cut (the line goes on to the addresses, then ends). */
static int print_details(struct packet_printer *pr, struct span s, uint32_t hlen)
{
	const uint8_t *h = s.p;
	uint16_t frag = get16(h + 6);
	int cut = IPV4_OPTIONS_WHOLE;

	pr_out(pr, "(tos 0x%x%s", h[1], ecn_text(h[1]));
	if (h[8])
		pr_out(pr, ", ttl %u", h[8]);
	pr_out(pr, ", id %u, offset %u, ", get16(h + 4), (frag & IP_OFFSET_MASK) * 8);
	print_flags(pr, frag);
	pr_out(pr, ", proto %s (%u), length %u", ip_proto_name(h[9]), h[9], get16(h + 2));
	if (hlen > IPV4_MIN_HEADER) {
		pr_out(pr, ", options (");
		cut = print_ipv4_options(pr, h + IPV4_MIN_HEADER, hlen - IPV4_MIN_HEADER,
					 s.cap - IPV4_MIN_HEADER);
		if (cut == IPV4_OPTIONS_CUT_DEEP)
			return print_truncated_deep(pr, "ip");
		if (cut == IPV4_OPTIONS_CUT)
			pr_out(pr, " [truncated-option]");
		pr_out(pr, ")");
	}
	if (!pr->opts.no_checksums && span_has(&s, 0, hlen)) {
		uint16_t sum = checksum_fold(checksum_add(0, h, hlen));
		uint32_t without = checksum_add(checksum_add(0, h, 10), h + 12, hlen - 12);

		if (sum)
			pr_out(pr, ", bad cksum %x (->%x)!", get16(h + 10),
			       checksum_fold(without));
	}
	pr_out(pr, ")\n    ");
	return cut == IPV4_OPTIONS_CUT ? PRINT_STOP + 1 : 0;
}

static void fill_info(struct ip_info *ip, const uint8_t *h)
{
	ip_info_init(ip, 4, h + 12, h + 16, h[9]);
	ip->fragmented = get16(h + 6) & (IP_MF | IP_OFFSET_MASK);
}

/* s.len is what the link layer says; past this header, lengths are the
 * header's own (tcpdump's choice: a datagram cut in transit shows the
 * lengths it claims). */
int print_ipv4(struct packet_printer *pr, struct span s)
{
	struct ip_info ip;
	uint32_t hlen, total;
	uint16_t offset;
	uint8_t version;

	if (!span_has(&s, 0, 1))
		return print_truncated_deep(pr, "ip");
	version = s.p[0] >> 4;
	if (version != 4) {
		if (version == 6)
			pr_out(pr, "IP6, wrong link-layer encapsulation (invalid)");
		else
			pr_out(pr, "IP%u (invalid)", version);
		return PRINT_STOP;
	}
	if (!pr->opts.link_header)
		pr_out(pr, "IP ");
	if (!span_has(&s, 0, IPV4_MIN_HEADER))
		return print_truncated(pr, "ip");
	if (s.len < IPV4_MIN_HEADER) {
		pr_out(pr, "truncated-ip %u", s.len);
		return PRINT_STOP;
	}
	hlen = (s.p[0] & 0xf) * 4;
	if (hlen < IPV4_MIN_HEADER) {
		pr_out(pr, "bad-hlen %u", hlen);
		return PRINT_STOP;
	}
	total = get16(s.p + 2);
	if (s.len < total)
		pr_out(pr, "truncated-ip - %u bytes missing! ", total - s.len);
	if (total < hlen) {
		pr_out(pr, "bad-len %u", total);
		return PRINT_STOP;
	}
	/* The datagram ends where its header says; the rest is link padding. */
	s.len = total;
	if (s.cap > total)
		s.cap = total;
	fill_info(&ip, s.p);
	if (pr->opts.verbose) {
		int err = print_details(pr, s, hlen);

		if (err == PRINT_STOP)
			return err;
		if (err) {
			print_endpoints(pr, &ip);
			return print_truncated(pr, "ip");
		}
	}
	offset = get16(s.p + 6) & IP_OFFSET_MASK;
	if (offset) {
		/* Not the first fragment: no transport header to show. */
		pr_out(pr, "%s > %s: ip-proto-%u", ip.src_text, ip.dst_text, ip.proto);
		return 0;
	}
	if (ip.proto != 6 && ip.proto != 17 && ip.proto != 33 && ip.proto != 132)
		print_endpoints(pr, &ip);
	if (!span_has(&s, 0, hlen)) {
		pr_out(pr, " [remaining caplen(%u) < header length(%u)]", s.cap, hlen);
		return print_truncated_deep(pr, "ip");
	}
	return print_ip_payload(pr, &ip, span_after(&s, hlen));
}
