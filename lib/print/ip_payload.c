// SPDX-License-Identifier: GPL-2.0
/* From IPv4 or IPv6 to the transport printers, by protocol number. */
#include "print_internal.h"

const char *ip_proto_name(uint8_t proto)
{
	switch (proto) {
	case 0:
		return "Options";
	case 1:
		return "ICMP";
	case 2:
		return "IGMP";
	case 4:
		return "IPIP";
	case 6:
		return "TCP";
	case 17:
		return "UDP";
	case 41:
		return "IPv6";
	case 43:
		return "Routing";
	case 44:
		return "Fragment";
	case 47:
		return "GRE";
	case 50:
		return "ESP";
	case 51:
		return "AH";
	case 58:
		return "ICMPv6";
	case 59:
		return "NONE";
	case 132:
		return "SCTP";
	default:
		return "unknown";
	}
}

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
	}
	pr_out(pr, " ip-proto-%u %u", ip->proto, s.len);
	return 0;
}
