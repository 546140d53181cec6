// SPDX-License-Identifier: GPL-2.0
/* UDP (RFC 768): ports and payload length; the checksum with -v. */
#include "print_internal.h"

#define UDP_HEADER 8

/* IPv6 makes the checksum mandatory (RFC 8200 8.1), so tcpdump checks it
 * at -v there and only at -vv for IPv4. */
static void print_checksum(struct packet_printer *pr, const struct ip_info *ip, struct span s,
			   uint16_t ulen)
{
	uint16_t field = get16(s.p + 6), should_be;

	if (pr->opts.verbose < (ip->version == 6 ? 1u : 2u) || ip->fragmented ||
	    ulen < UDP_HEADER || !span_has(&s, 0, ulen))
		return;
	if (ip->version == 4 && !field) {
		pr_out(pr, "[no cksum] ");
		return;
	}
	should_be = checksum_transport(ip, s.p, ulen, 6);
	if (field == should_be)
		pr_out(pr, "[udp sum ok] ");
	else
		pr_out(pr, "[bad udp cksum 0x%04x -> 0x%04x!] ", field, should_be);
}

int print_udp(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	uint16_t ulen;

	if (!span_has(&s, 0, 4)) {
		print_endpoints(pr, ip);
		return print_truncated(pr, "udp");
	}
	print_endpoint_ports(pr, ip, get16(s.p), get16(s.p + 2));
	if (!span_has(&s, 0, UDP_HEADER))
		return print_truncated(pr, "udp");
	ulen = get16(s.p + 4);
	print_checksum(pr, ip, s, ulen);
	if (ulen < UDP_HEADER)
		pr_out(pr, "UDP, bad length %u < %u", ulen, UDP_HEADER);
	else
		pr_out(pr, "UDP, length %u", ulen - UDP_HEADER);
	return 0;
}
