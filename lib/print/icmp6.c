// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv6 (RFC 4443): errors naming the quoted destination, echo, MLD
 * (RFC 2710, RFC 3810), neighbor discovery (RFC 4861) with router
 * advertisements and options at -v (nd_options.c). The rarer types are
 * named, with their bytes in hex.
 */
#include "print_internal.h"

#define ICMP6_HEADER 8
#define QUOTED_IPV6 40
#define ND_HEADER 24
#define MLD_HEADER 24
#define RA_HEADER 16

enum {
	DST_UNREACH = 1,
	PACKET_TOO_BIG = 2,
	TIME_EXCEEDED = 3,
	PARAM_PROB = 4,
	ECHO_REQUEST = 128,
	ECHO_REPLY = 129,
	MLD_QUERY = 130,
	MLD_REPORT = 131,
	MLD_DONE = 132,
	ROUTER_SOLICIT = 133,
	ROUTER_ADVERT = 134,
	NEIGHBOR_SOLICIT = 135,
	NEIGHBOR_ADVERT = 136,
	REDIRECT = 137,
	MLDV2_REPORT = 143,
};

static const char *type_name(uint8_t type)
{
	static const struct {
		uint8_t type;
		const char *name;
	} names[] = {
		{ DST_UNREACH, "destination unreachable" },
		{ PACKET_TOO_BIG, "packet too big" },
		{ TIME_EXCEEDED, "time exceeded in-transit" },
		{ PARAM_PROB, "parameter problem" },
		{ ECHO_REQUEST, "echo request" },
		{ ECHO_REPLY, "echo reply" },
		{ MLD_QUERY, "multicast listener query" },
		{ MLD_REPORT, "multicast listener report" },
		{ MLD_DONE, "multicast listener done" },
		{ ROUTER_SOLICIT, "router solicitation" },
		{ ROUTER_ADVERT, "router advertisement" },
		{ NEIGHBOR_SOLICIT, "neighbor solicitation" },
		{ NEIGHBOR_ADVERT, "neighbor advertisement" },
		{ REDIRECT, "redirect" },
		{ 138, "router renumbering" },
		{ 139, "node information query" },
		{ 140, "node information reply" },
		{ 141, "inverse neighbor solicitation" },
		{ 142, "inverse neighbor advertisement" },
		{ MLDV2_REPORT, "multicast listener report v2" },
		{ 144, "ha discovery request" },
		{ 145, "ha discovery reply" },
		{ 146, "mobile router solicitation" },
		{ 147, "mobile router advertisement" },
		{ 155, "RPL" },
		{ 200, "mtrace response" },
		{ 201, "mtrace message" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].type == type)
			return names[i].name;
	return NULL;
}

/* Types whose length tcpdump -v shows right after the name. */
static bool length_after_name(uint8_t type)
{
	return type == ROUTER_SOLICIT || type == ROUTER_ADVERT || type == NEIGHBOR_SOLICIT ||
	       type == NEIGHBOR_ADVERT || type == REDIRECT || type == 145 || type == 147;
}

static void print_checksum(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	uint16_t field, should_be;

	if (!pr->opts.verbose || !checksum_check(ip, &s, s.len, 2, &field, &should_be))
		return;
	if (field == should_be)
		pr_out(pr, "[icmp6 sum ok] ");
	else
		pr_out(pr, "[bad icmp6 cksum 0x%04x -> 0x%04x!] ", field, should_be);
}

/* The transport header of a quoted datagram, behind its extension
 * headers; NULL when it is not captured or not there. */
static const uint8_t *quoted_transport(struct span q, uint8_t *proto)
{
	uint32_t off = QUOTED_IPV6;
	uint8_t nh = q.p[6];

	for (;;) {
		const uint8_t *h = q.p + off;

		*proto = nh;
		if (nh == 6 || nh == 17)
			return span_has(&q, off, 4) ? h : NULL;
		if ((nh != 0 && nh != 43 && nh != 60 && nh != 44) || !span_has(&q, off, 4))
			return NULL;
		if (nh == 44 && (get16(h + 2) & 0xfff8))
			return NULL; /* a later fragment has no transport header */
		off += nh == 44 ? 8 : (h[1] + 1u) * 8;
		nh = h[0];
	}
}

/* Returns PRINT_STOP after a truncation, 1 + PRINT_STOP when the line
 * ends here without a length. */
static int print_unreach(struct packet_printer *pr, struct span s)
{
	static const char *const codes[] = { "unreachable route", " unreachable prohibited",
					     "beyond scope", "unreachable address",
					     "unreachable port" };
	struct span q = span_after(&s, ICMP6_HEADER);
	uint8_t code = s.p[1], proto;
	const uint8_t *th;
	char dst[46], src[46];

	if (code < 5)
		pr_out(pr, ", %s", codes[code]);
	else
		pr_out(pr, ", unknown unreach code (%u)", code);
	if (code > 4) {
		if (pr->opts.verbose <= 1)
			print_hex(pr, s.p, s.cap, false);
		return PRINT_STOP + 1;
	}
	if (code == 4) {
		/* The quoted transport header, wherever it is, or a cut. */
		th = span_has(&q, 0, QUOTED_IPV6) ? quoted_transport(q, &proto) : NULL;
		if (!th)
			return print_truncated(pr, "icmp6");
	} else if (!span_has(&q, 0, QUOTED_IPV6)) {
		return print_truncated_deep(pr, "icmp6");
	}
	format_ip(6, q.p + 24, dst, sizeof(dst));
	format_ip(6, q.p + 8, src, sizeof(src));
	if (code == 2) {
		pr_out(pr, " %s, source address %s", dst, src);
	} else if (code != 4) {
		pr_out(pr, " %s", dst);
	} else {
		if (proto == 6 || proto == 17)
			pr_out(pr, ", %s %s port %u", dst, proto == 6 ? "tcp" : "udp",
			       get16(th + 2));
		else
			pr_out(pr, ", %s protocol %u port %u unreachable", dst, proto,
			       get16(th + 2));
	}
	return 0;
}

static int print_quoting_error(struct packet_printer *pr, struct span s)
{
	static const char *const problems[] = { "erroneous", "next header", "option",
						"incomplete header chain" };
	uint8_t type = s.p[0], code = s.p[1];
	char dst[46];

	if (type == PACKET_TOO_BIG) {
		if (!span_has(&s, 0, ICMP6_HEADER))
			return print_truncated_deep(pr, "icmp6");
		pr_out(pr, ", mtu %u", get32(s.p + 4));
		return 0;
	}
	/* Only time exceeded in transit and parameter problems need the
	 * quote; a parameter problem checks for it before anything. */
	if ((type == TIME_EXCEEDED && code == 0) || type == PARAM_PROB) {
		if (!span_has(&s, ICMP6_HEADER, QUOTED_IPV6))
			return type == PARAM_PROB ? print_truncated(pr, "icmp6") :
						    print_truncated_deep(pr, "icmp6");
		format_ip(6, s.p + ICMP6_HEADER + 24, dst, sizeof(dst));
	}
	if (type == TIME_EXCEEDED && code == 0)
		pr_out(pr, " for %s", dst);
	else if (type == TIME_EXCEEDED && code == 1)
		pr_out(pr, " (reassembly)");
	else if (type == TIME_EXCEEDED)
		pr_out(pr, ", unknown code (%u)", code);
	else if (code < 4)
		pr_out(pr, ", %s - octet %u", problems[code], get32(s.p + 4));
	else
		pr_out(pr, ", code-#%u", code);
	return 0;
}

/* RFC 4861 4.2, at -v: the router's parameters, then its options. */
static int print_router_advert(struct packet_printer *pr, struct span s)
{
	static const char *const prefs[] = { "medium", "high", "rsv", "low" };
	static const struct {
		uint8_t bit;
		const char *name;
	} flags[] = { { 0x80, "managed" },
		      { 0x40, "other stateful" },
		      { 0x20, "home agent" },
		      { 0x02, "ipv6 only" } };
	const char *sep = "";
	uint8_t f;

	if (!span_has(&s, 0, RA_HEADER))
		return print_truncated_deep(pr, "icmp6");
	f = s.p[5];
	pr_out(pr, "\n\thop limit %u, Flags [", s.p[4]);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (f & flags[i].bit) {
			pr_out(pr, "%s%s", sep, flags[i].name);
			sep = ", ";
		}
	}
	pr_out(pr, "%s], pref %s, router lifetime %us, reachable time %ums, retrans timer %ums",
	       *sep ? "" : "none", prefs[(f >> 3) & 3], get16(s.p + 6), get32(s.p + 8),
	       get32(s.p + 12));
	return print_nd_options(pr, span_limit(span_after(&s, RA_HEADER), s.len - RA_HEADER));
}

static void print_advert_flags(struct packet_printer *pr, uint32_t flags)
{
	static const char *const names[] = { "router", "solicited", "override" };
	const char *sep = "";

	pr_out(pr, ", Flags [");
	if (!(flags & 0xe0000000u))
		pr_out(pr, "none");
	for (int i = 0; i < 3; i++) {
		if (flags & (0x80000000u >> i)) {
			pr_out(pr, "%s%s", sep, names[i]);
			sep = ", ";
		}
	}
	pr_out(pr, "]");
}

static int print_neighbor(struct packet_printer *pr, struct span s)
{
	bool solicit = s.p[0] == NEIGHBOR_SOLICIT;
	char target[46];

	if (!span_has(&s, 0, ND_HEADER))
		return print_truncated_deep(pr, "icmp6");
	format_ip(6, s.p + 8, target, sizeof(target));
	pr_out(pr, ", %s %s", solicit ? "who has" : "tgt is", target);
	if (!pr->opts.verbose)
		return 0;
	if (!solicit)
		print_advert_flags(pr, get32(s.p + 4));
	return print_nd_options(pr, span_limit(span_after(&s, ND_HEADER), s.len - ND_HEADER));
}

/* RFC 3810 5.2: the number of records, and with -v each group. */
static int print_mldv2_report(struct packet_printer *pr, struct span s)
{
	pr_out(pr, ", %u group record(s)", get16(s.p + 6));
	return pr->opts.verbose ? print_group_records(pr, s, ICMP6_HEADER, get16(s.p + 6), 6) : 0;
}

/* RFC 3810 5.1: the group, and at -v the querier's parameters. */
static int print_mldv2_query(struct packet_printer *pr, struct span s)
{
	char addr[46];

	if (!span_has(&s, 0, 28))
		return print_truncated_deep(pr, "icmp6");
	if (pr->opts.verbose)
		pr_out(pr, " [max resp delay=%u]", group_max_resp(get16(s.p + 4), 12, 3));
	format_ip(6, s.p + 8, addr, sizeof(addr));
	pr_out(pr, " [gaddr %s", addr);
	if (pr->opts.verbose) {
		if (s.p[24] & 0x08)
			pr_out(pr, " sflag");
		if (s.p[24] & 0x07)
			pr_out(pr, " robustness=%u", s.p[24] & 0x07);
		pr_out(pr, " qqi=%u", group_max_resp(s.p[25], 4, 3));
	}
	print_query_sources(pr, s, 28, get16(s.p + 26), 6);
	pr_out(pr, "]");
	return 0;
}

/* RFC 2710 3: MLDv1 messages; tcpdump runs the fields into the name. */
static void print_mld(struct packet_printer *pr, struct span s)
{
	char addr[46];

	if (!span_has(&s, 0, MLD_HEADER))
		return;
	format_ip(6, s.p + 8, addr, sizeof(addr));
	pr_out(pr, "max resp delay: %u addr: %s", get16(s.p + 4), addr);
}

/* The part after the type name; PRINT_STOP + 1: the line is complete. */
static int print_body(struct packet_printer *pr, struct span s)
{
	uint8_t type = s.p[0];

	switch (type) {
	case DST_UNREACH:
		return print_unreach(pr, s);
	case PACKET_TOO_BIG:
	case TIME_EXCEEDED:
	case PARAM_PROB:
		return print_quoting_error(pr, s);
	case ECHO_REQUEST:
	case ECHO_REPLY:
		if (!span_has(&s, 0, ICMP6_HEADER))
			return print_truncated_deep(pr, "icmp6");
		pr_out(pr, ", id %u, seq %u", get16(s.p + 4), get16(s.p + 6));
		return 0;
	case MLD_REPORT:
	case MLD_DONE:
		print_mld(pr, s);
		return 0;
	case ROUTER_SOLICIT:
		if (pr->opts.verbose)
			return print_nd_options(pr, span_limit(span_after(&s, ICMP6_HEADER),
							       s.len - ICMP6_HEADER));
		return 0;
	case NEIGHBOR_SOLICIT:
	case NEIGHBOR_ADVERT:
		return print_neighbor(pr, s);
	case MLDV2_REPORT:
		if (!span_has(&s, 0, ICMP6_HEADER))
			return print_truncated_deep(pr, "icmp6");
		return print_mldv2_report(pr, s);
	case MLD_QUERY:
		if (s.len == MLD_HEADER) {
			print_mld(pr, s);
		} else if (s.len >= 28) {
			pr_out(pr, " v2");
			return print_mldv2_query(pr, s);
		} else {
			pr_out(pr, " unknown-version (len %u) ", s.len);
		}
		return 0;
	case ROUTER_ADVERT:
		return pr->opts.verbose ? print_router_advert(pr, s) : 0;
	}
	/* Unknown to us: the length, and the message in hex below. */
	pr_out(pr, ", length %u", s.len);
	if (pr->opts.verbose <= 1)
		print_hex(pr, s.p, s.cap, false);
	return PRINT_STOP + 1;
}

int print_icmp6(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	const char *name;
	uint8_t type;
	int err;

	if (!s.len) {
		pr_out(pr, "ICMP6, length 0 (invalid)");
		return PRINT_STOP;
	}
	print_checksum(pr, ip, s);
	if (!span_has(&s, 0, 1))
		return print_truncated_deep(pr, "icmp6");
	type = s.p[0];
	name = type_name(type);
	if (name)
		pr_out(pr, "ICMP6, %s", name);
	else
		pr_out(pr, "ICMP6, unknown icmp6 type (%u)", type);
	if (pr->opts.verbose && length_after_name(type))
		pr_out(pr, ", length %u", s.len);
	if (!span_has(&s, 1, 1))
		return print_truncated_deep(pr, "icmp6");
	err = print_body(pr, s);
	if (err)
		return err > PRINT_STOP ? 0 : err;
	if (!pr->opts.verbose)
		pr_out(pr, ", length %u", s.len);
	return 0;
}
