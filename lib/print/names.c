// SPDX-License-Identifier: GPL-2.0
/*
 * tcpdump's names of ethertypes and IP protocol numbers. Several layers
 * print them (ARP its protocol type, the Linux cooked header its protocol,
 * IPv4 and IPv6 their next protocol), so they sit in a file that depends
 * on no printer.
 */
#include "print_internal.h"

static const struct {
	uint16_t type;
	const char *name;
} ethertype_names[] = {
	{ 0x0800, "IPv4" },	   { 0x0806, "ARP" },	       { 0x86dd, "IPv6" },
	{ 0x8100, "802.1Q" },	   { 0x88a8, "802.1Q-QinQ" },  { 0x9100, "802.1Q-9100" },
	{ 0x8035, "Reverse ARP" }, { 0x8847, "MPLS unicast" }, { 0x8848, "MPLS multicast" },
	{ 0x88cc, "LLDP" },	   { 0x8863, "PPPoE D" },      { 0x8864, "PPPoE S" },
	{ 0x888e, "EAPOL" },	   { 0x9000, "Loopback" },     { 0x0600, "NS" },
};

const char *ethertype_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(ethertype_names) / sizeof(ethertype_names[0]); i++)
		if (ethertype_names[i].type == type)
			return ethertype_names[i].name;
	return NULL;
}

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
	case 8:
		return "EGP";
	case 9:
		return "IGRP";
	case 17:
		return "UDP";
	case 33:
		return "DCCP";
	case 41:
		return "IPv6";
	case 43:
		return "Routing";
	case 44:
		return "Fragment";
	case 46:
		return "RSVP";
	case 47:
		return "GRE";
	case 50:
		return "ESP";
	case 51:
		return "AH";
	case 55:
		return "Mobile IP";
	case 58:
		return "ICMPv6";
	case 62:
		return "Mobile IP (old)";
	case 88:
		return "EIGRP";
	case 89:
		return "OSPF";
	case 103:
		return "PIM";
	case 108:
		return "Compressed IP";
	case 112:
		return "VRRP";
	case 113:
		return "PGM";
	case 132:
		return "SCTP";
	case 135:
		return "Mobility";
	case 143:
		return "Ethernet";
	default:
		return "unknown";
	}
}
