// SPDX-License-Identifier: GPL-2.0
/*
 * ARP (RFC 826), RARP (RFC 903) and InARP (RFC 2390) as tcpdump shows
 * them: operation and addresses, with the hardware and protocol types at
 * -v or whenever they are not Ethernet-like and IPv4.
 */
#include "print_internal.h"

#define ARP_FIXED 8
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_TRAIL 0x1000

struct arp_view {
	const uint8_t *p;
	uint16_t pro;
	uint8_t hln, pln;
};

static const uint8_t *sha(const struct arp_view *a)
{
	return a->p + ARP_FIXED;
}

static const uint8_t *spa(const struct arp_view *a)
{
	return sha(a) + a->hln;
}

static const uint8_t *tha(const struct arp_view *a)
{
	return spa(a) + a->pln;
}

static const uint8_t *tpa(const struct arp_view *a)
{
	return tha(a) + a->hln;
}

static void print_proto_addr(struct packet_printer *pr, const struct arp_view *a,
			     const uint8_t *addr)
{
	if (a->pro != ETHERTYPE_IPV4 && a->pro != ETHERTYPE_TRAIL)
		pr_out(pr, "<wrong proto type>");
	else if (a->pln != 4)
		pr_out(pr, "<wrong len>");
	else
		pr_out(pr, "%u.%u.%u.%u", addr[0], addr[1], addr[2], addr[3]);
}

static bool all_zero(const uint8_t *p, uint8_t len)
{
	for (uint8_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/* ATM (19, RFC 2225) has a layout of its own, not decoded here. */
static const char *hardware_name(uint16_t hrd)
{
	switch (hrd) {
	case 1:
		return "Ethernet";
	case 6:
		return "TokenRing";
	case 7:
		return "ArcNet";
	case 15:
		return "FrameRelay";
	case 23:
		return "Strip";
	case 24:
		return "IEEE 1394";
	case 32:
		return "InfiniBand";
	default:
		return NULL;
	}
}

static const char *op_name(uint16_t op)
{
	static const char *const names[] = {
		NULL, "Request", "Reply",	    "Reverse Request", "Reverse Reply", NULL,
		NULL, NULL,	 "Inverse Request", "Inverse Reply",   "NACK Reply"
	};

	return op < sizeof(names) / sizeof(names[0]) ? names[op] : NULL;
}

/* The operation's addresses; false for an operation without a format. */
static bool print_operation(struct packet_printer *pr, const struct arp_view *a, uint16_t op)
{
	switch (op) {
	case 1:
		pr_out(pr, "who-has ");
		print_proto_addr(pr, a, tpa(a));
		if (!all_zero(tha(a), a->hln)) {
			pr_out(pr, " (");
			print_link_addr(pr, tha(a), a->hln);
			pr_out(pr, ")");
		}
		pr_out(pr, " tell ");
		print_proto_addr(pr, a, spa(a));
		return true;
	case 2:
		print_proto_addr(pr, a, spa(a));
		pr_out(pr, " is-at ");
		print_link_addr(pr, sha(a), a->hln);
		return true;
	case 3:
	case 8:
		pr_out(pr, "who-is ");
		print_link_addr(pr, tha(a), a->hln);
		pr_out(pr, " tell ");
		print_link_addr(pr, sha(a), a->hln);
		return true;
	case 4:
	case 9:
		print_link_addr(pr, op == 4 ? tha(a) : sha(a), a->hln);
		pr_out(pr, " at ");
		print_proto_addr(pr, a, op == 4 ? tpa(a) : spa(a));
		return true;
	default:
		return false;
	}
}

int print_arp(struct packet_printer *pr, struct span s)
{
	struct arp_view a = { .p = s.p };
	const char *name;
	uint16_t hrd, op;

	if (!span_has(&s, 0, ARP_FIXED))
		return print_truncated_deep(pr, "arp");
	hrd = get16(s.p);
	a.pro = get16(s.p + 2);
	a.hln = s.p[4];
	a.pln = s.p[5];
	op = get16(s.p + 6);
	if (!span_has(&s, 0, ARP_FIXED + 2u * a.hln + 2u * a.pln))
		return print_truncated_deep(pr, "arp");
	if (!pr->opts.link_header)
		pr_out(pr, "ARP, ");
	if ((a.pro != ETHERTYPE_IPV4 && a.pro != ETHERTYPE_TRAIL) || a.pln != 4 || !a.hln ||
	    pr->opts.verbose) {
		name = hardware_name(hrd);
		if (name)
			pr_out(pr, "%s (len %u), ", name, a.hln);
		else
			pr_out(pr, "Unknown Hardware (%u) (len %u), ", hrd, a.hln);
		name = ethertype_name(a.pro);
		if (name)
			pr_out(pr, "%s (len %u)", name, a.pln);
		else
			pr_out(pr, "Unknown Protocol (0x%04x) (len %u)", a.pro, a.pln);
		if (!pr->opts.verbose)
			goto length;
	}
	name = op_name(op);
	pr_out(pr, "%s", pr->opts.verbose ? ", " : "");
	if (name)
		pr_out(pr, "%s ", name);
	else
		pr_out(pr, "Unknown (%u) ", op);
	if (!print_operation(pr, &a, op)) {
		print_hex(pr, s.p, s.cap, true);
		return 0;
	}
length:
	pr_out(pr, ", length %u", s.len);
	return 0;
}
