// SPDX-License-Identifier: GPL-2.0
/* UDP (RFC 768): ports and payload length; the checksum with -v. */
#include "print_internal.h"

#define UDP_HEADER 8

/* IPv6 makes the checksum mandatory (RFC 8200 8.1), so tcpdump checks it
 * at -v there and only at -vv for IPv4, where 0 means "none". */
static void print_checksum(struct packet_printer *pr, const struct ip_info *ip, struct span s,
			   uint32_t len)
{
	uint16_t field, should_be;

	if (!pr->opts.verbose || pr->opts.no_checksums || ip->fragmented ||
	    (ip->version == 4 && pr->opts.verbose < 2))
		return;
	if (ip->version == 4 && !get16(s.p + 6)) {
		pr_out(pr, "[no cksum] ");
		return;
	}
	if (!checksum_check(ip, &s, len, 6, &field, &should_be))
		return;
	if (field == should_be)
		pr_out(pr, "[udp sum ok] ");
	else
		pr_out(pr, "[bad udp cksum 0x%04x -> 0x%04x!] ", field, should_be);
}

int print_udp(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	uint32_t ulen, length;

	if (!span_has(&s, 0, 4)) {
		/* Behind IPv6 extension headers there is nothing to name yet. */
		if (ip->direct)
			print_endpoints(pr, ip);
		return print_truncated(pr, "udp");
	}
	print_endpoint_ports(pr, ip, get16(s.p), get16(s.p + 2));
	if (s.len < UDP_HEADER) {
		pr_out(pr, "truncated-udp %u", s.len);
		return PRINT_STOP;
	}
	if (!span_has(&s, 0, 6))
		return print_truncated(pr, "udp");
	ulen = get16(s.p + 4);
	/* A jumbogram (RFC 2675) has 0 here and the real length elsewhere. */
	if (!ulen && s.len > 65535)
		ulen = s.len;
	if (ulen < UDP_HEADER) {
		pr_out(pr, "truncated-udplength %u", ulen);
		return PRINT_STOP;
	}
	if (!span_has(&s, 0, UDP_HEADER))
		return print_truncated(pr, "udp");
	length = s.len < ulen ? s.len : ulen;
	print_checksum(pr, ip, s, length);
	ulen -= UDP_HEADER;
	length -= UDP_HEADER;
	if (ulen > length && !ip->fragmented)
		pr_out(pr, "UDP, bad length %u > %u", ulen, length);
	else
		pr_out(pr, "UDP, length %u", ulen);
	return 0;
}
