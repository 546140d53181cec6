// SPDX-License-Identifier: GPL-2.0
/* ARP (RFC 826) for Ethernet and IPv4; other kinds are named only. */
#include "print_internal.h"

#define ARP_FIXED 8
#define ARP_ETHER_IPV4 28

static void print_ipv4_addr(struct packet_printer *pr, const uint8_t *a)
{
	pr_out(pr, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static int print_ether_ipv4(struct packet_printer *pr, const uint8_t *a, uint16_t op)
{
	const uint8_t *sha = a + 8, *spa = a + 14, *tpa = a + 24;

	if (pr->opts.verbose)
		pr_out(pr, "Ethernet (len 6), IPv4 (len 4), ");
	if (op == 1) {
		pr_out(pr, "Request who-has ");
		print_ipv4_addr(pr, tpa);
		pr_out(pr, " tell ");
		print_ipv4_addr(pr, spa);
	} else if (op == 2) {
		pr_out(pr, "Reply ");
		print_ipv4_addr(pr, spa);
		pr_out(pr, " is-at ");
		print_mac(pr, sha);
	} else {
		pr_out(pr, "op %u", op);
	}
	return 0;
}

int print_arp(struct packet_printer *pr, struct span s)
{
	uint16_t hrd, pro, op;

	if (!pr->opts.link_header)
		pr_out(pr, "ARP, ");
	if (!span_has(&s, 0, ARP_FIXED))
		return print_truncated(pr, "arp");
	hrd = get16(s.p);
	pro = get16(s.p + 2);
	op = get16(s.p + 6);
	if (hrd == 1 && pro == 0x0800 && s.p[4] == 6 && s.p[5] == 4) {
		if (!span_has(&s, 0, ARP_ETHER_IPV4))
			return print_truncated(pr, "arp");
		print_ether_ipv4(pr, s.p, op);
	} else {
		pr_out(pr, "hardware 0x%04x, protocol 0x%04x, op %u", hrd, pro, op);
	}
	pr_out(pr, ", length %u", s.len);
	return 0;
}
