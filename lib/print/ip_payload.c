// SPDX-License-Identifier: GPL-2.0
/* From IPv4 or IPv6 to the transport printers, by protocol number. */
#include "print_internal.h"

int print_ip_payload(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	switch (ip->proto) {
	case 6:
		return print_tcp(pr, ip, s);
	case 17:
		return print_udp(pr, ip, s);
	case 1:
		if (ip->version == 4)
			return print_icmp(pr, ip, s);
		break;
	case 58:
		if (ip->version == 6)
			return print_icmp6(pr, ip, s);
		break;
	case 59:
		/* RFC 8200 4.7: nothing follows. */
		pr_out(pr, "no next header");
		return 0;
	case 2:
		if (ip->version == 4)
			return print_igmp(pr, s);
		break;
	case 4:
		return pr->network.ipv4(pr, s);
	case 41:
		return pr->network.ipv6(pr, s);
	case 77:
		pr_out(pr, " nd %u", s.len);
		return 0;
	}
	/* ICMP, IGMP over IPv6, ICMPv6 over IPv4. */
	if (ip->proto == 1 || ip->proto == 2 || ip->proto == 58) {
		pr_out(pr, "[%s requires IPv%d] (invalid)", ip_proto_name(ip->proto),
		       ip->proto == 58 ? 6 : 4);
		return 0;
	}
	/* The IP layer left naming the ends to these, which we lack. */
	if ((ip->proto == 33 || ip->proto == 132) && ip->direct)
		print_endpoints(pr, ip);
	pr_out(pr, " ip-proto-%u %u", ip->proto, s.len);
	return 0;
}
