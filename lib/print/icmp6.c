// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv6 (RFC 4443): echo, and neighbor discovery (RFC 4861) solicitations
 * and advertisements with their link-layer address options at -v; other
 * types by number.
 */
#include "print_internal.h"

#define ICMP6_HEADER 8
#define ND_HEADER 24
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136

static void print_checksum(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	uint16_t field, should_be;

	if (!pr->opts.verbose || ip->fragmented || !span_has(&s, 0, s.len))
		return;
	field = get16(s.p + 2);
	should_be = checksum_transport(ip, s.p, s.len, 2);
	if (field == should_be)
		pr_out(pr, "[icmp6 sum ok] ");
	else
		pr_out(pr, "[bad icmp6 cksum 0x%04x -> 0x%04x!] ", field, should_be);
}

static void print_advert_flags(struct packet_printer *pr, uint32_t flags)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = { { 0x80000000u, "router" },
		      { 0x40000000u, "solicited" },
		      { 0x20000000u, "override" } };
	const char *sep = "";

	pr_out(pr, ", Flags [");
	if (!(flags & 0xe0000000u))
		pr_out(pr, "none");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (flags & names[i].bit) {
			pr_out(pr, "%s%s", sep, names[i].name);
			sep = ", ";
		}
	}
	pr_out(pr, "]");
}

/* -v: one line per option; Ethernet addresses for the link-layer ones. */
static int print_nd_options(struct packet_printer *pr, struct span opts)
{
	static const char *const names[] = { "", "source link-address", "destination link-address" };
	uint32_t off = 0;

	while (off < opts.len) {
		uint8_t type, units;

		if (!span_has(&opts, off, 2))
			return print_truncated(pr, "icmp6");
		type = opts.p[off];
		units = opts.p[off + 1];
		if (!units || !span_has(&opts, off, units * 8u))
			return print_truncated(pr, "icmp6");
		pr_out(pr, "\n\t  %s option (%u), length %u (%u): ",
		       type == 1 || type == 2 ? names[type] : "unknown", type, units * 8, units);
		if ((type == 1 || type == 2) && units == 1)
			print_mac(pr, opts.p + off + 2);
		off += units * 8;
	}
	return 0;
}

static int print_neighbor(struct packet_printer *pr, struct span s, uint8_t type)
{
	bool solicit = type == ND_NEIGHBOR_SOLICIT;
	char target[46];

	if (!span_has(&s, 0, ND_HEADER))
		return print_truncated(pr, "icmp6");
	format_ip(6, s.p + 8, target, sizeof(target));
	pr_out(pr, "neighbor %s", solicit ? "solicitation" : "advertisement");
	if (!pr->opts.verbose) {
		pr_out(pr, ", %s %s, length %u", solicit ? "who has" : "tgt is", target, s.len);
		return 0;
	}
	pr_out(pr, ", length %u, %s %s", s.len, solicit ? "who has" : "tgt is", target);
	if (!solicit)
		print_advert_flags(pr, get32(s.p + 4));
	return print_nd_options(pr, span_after(&s, ND_HEADER));
}

int print_icmp6(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	uint8_t type;

	if (!span_has(&s, 0, 4))
		return print_truncated(pr, "icmp6");
	print_checksum(pr, ip, s);
	type = s.p[0];
	pr_out(pr, "ICMP6, ");
	if (type == ICMP6_ECHO_REQUEST || type == ICMP6_ECHO_REPLY) {
		if (!span_has(&s, 0, ICMP6_HEADER))
			return print_truncated(pr, "icmp6");
		pr_out(pr, "echo %s, id %u, seq %u", type == ICMP6_ECHO_REQUEST ? "request" : "reply",
		       get16(s.p + 4), get16(s.p + 6));
		if (!pr->opts.verbose)
			pr_out(pr, ", length %u", s.len);
		return 0;
	}
	if (type == ND_NEIGHBOR_SOLICIT || type == ND_NEIGHBOR_ADVERT)
		return print_neighbor(pr, s, type);
	pr_out(pr, "type-#%u, length %u", type, s.len);
	return 0;
}
