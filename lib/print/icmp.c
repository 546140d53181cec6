// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP (RFC 792): echo, destination unreachable (naming the quoted
 * datagram's destination; for port unreachable its protocol and port),
 * redirect, time exceeded, parameter problem, timestamps, address mask
 * reply; other types by name or number. With -v: a wrong checksum, and an
 * error's quoted datagram on the next line.
 */
#include "print_internal.h"

#define ICMP_HEADER 8
#define QUOTED_IPV4 20
#define ICMP_ECHOREPLY 0
#define ICMP_UNREACH 3
#define ICMP_SOURCEQUENCH 4
#define ICMP_REDIRECT 5
#define ICMP_ECHO 8
#define ICMP_ROUTERADVERT 9
#define ICMP_TIMXCEED 11
#define ICMP_PARAMPROB 12
#define ICMP_TSTAMP 13
#define ICMP_TSTAMPREPLY 14
#define ICMP_MASKREPLY 18
#define UNREACH_PORT 3
#define UNREACH_NEEDFRAG 4

/* Errors carry the start of the datagram that caused them. */
static bool is_error(uint8_t type)
{
	return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH || type == ICMP_REDIRECT ||
	       type == ICMP_TIMXCEED || type == ICMP_PARAMPROB;
}

static const char *type_name(uint8_t type)
{
	switch (type) {
	case ICMP_SOURCEQUENCH:
		return "source quench";
	case 10:
		return "router solicitation";
	case 15:
		return "information request";
	case 16:
		return "information reply";
	case 17:
		return "address mask request";
	default:
		return NULL;
	}
}

/* Unreachable codes (RFC 792, RFC 1812 5.2.7.1): the text around the
 * quoted destination. */
static void print_unreach_code(struct packet_printer *pr, uint8_t code, const char *dst)
{
	static const struct {
		const char *before, *after;
	} texts[] = {
		[0] = { "net ", " unreachable" },
		[1] = { "host ", " unreachable" },
		[5] = { "", " unreachable - source route failed" },
		[6] = { "net ", " unreachable - unknown" },
		[7] = { "host ", " unreachable - unknown" },
		[8] = { "", " unreachable - source host isolated" },
		[9] = { "net ", " unreachable - admin prohibited" },
		[10] = { "host ", " unreachable - admin prohibited" },
		[11] = { "net ", " unreachable - tos prohibited" },
		[12] = { "host ", " unreachable - tos prohibited" },
		[13] = { "host ", " unreachable - admin prohibited filter" },
		[14] = { "host ", " unreachable - host precedence violation" },
		[15] = { "host ", " unreachable - precedence cutoff" },
	};

	if (code < sizeof(texts) / sizeof(texts[0]) && texts[code].after)
		pr_out(pr, "%s%s%s", texts[code].before, dst, texts[code].after);
	else
		pr_out(pr, "%s unreachable - #%u", dst, code);
}

/* Is all of the message that its line shows captured? */
/* How many bytes of the message its text needs (tcpdump builds the text
 * first, so a cut message shows none of it); *shallow says that tcpdump
 * checks for them in advance rather than failing on the read. */
static uint32_t bytes_needed(const struct span *s, bool *shallow)
{
	uint32_t hlen;

	*shallow = false;
	switch (s->p[0]) {
	case ICMP_ECHO:
	case ICMP_ECHOREPLY:
	case ICMP_TSTAMP:
		return ICMP_HEADER;
	case ICMP_UNREACH:
		if (s->p[1] != UNREACH_PORT)
			return ICMP_HEADER + QUOTED_IPV4;
		/* the quoted protocol is checked, then its port read */
		if (!span_has(s, ICMP_HEADER + 9, 1)) {
			*shallow = true;
			return ICMP_HEADER + 10;
		}
		/* the quoted destination address, and the port after the
		 * quoted header, however short its length field says it is */
		hlen = (s->p[ICMP_HEADER] & 0xf) * 4;
		return ICMP_HEADER + (hlen + 4 > QUOTED_IPV4 ? hlen + 4 : QUOTED_IPV4);
	case ICMP_REDIRECT:
		return ICMP_HEADER + QUOTED_IPV4;
	case ICMP_TIMXCEED:
		*shallow = true;
		return ICMP_HEADER + QUOTED_IPV4;
	case ICMP_PARAMPROB:
		return s->p[1] ? 2 : 5;
	case ICMP_TSTAMPREPLY:
		*shallow = true;
		return 20;
	case ICMP_ROUTERADVERT:
		/* entries of 8 bytes when the address size says 2 words */
		*shallow = true;
		if (!span_has(s, 0, ICMP_HEADER))
			return ICMP_HEADER;
		return s->p[5] != 2 ? ICMP_HEADER : ICMP_HEADER + s->p[4] * 8u;
	case ICMP_MASKREPLY:
		return 12;
	default:
		return 2;
	}
}

/* s: the ICMP message, captured as body_captured() requires. */
static void print_unreach(struct packet_printer *pr, struct span s)
{
	const uint8_t *quoted = s.p + ICMP_HEADER;
	uint8_t code = s.p[1], proto = quoted[9];
	uint32_t hlen = (quoted[0] & 0xf) * 4;
	uint16_t mtu = get16(s.p + 6);
	char dst[46];

	format_ip(4, quoted + 16, dst, sizeof(dst));
	if (code == 2) {
		pr_out(pr, "%s protocol %u unreachable", dst, proto);
	} else if (code == UNREACH_PORT) {
		if (proto == 6 || proto == 17)
			pr_out(pr, "%s %s port %u unreachable", dst, proto == 6 ? "tcp" : "udp",
			       get16(quoted + hlen + 2));
		else
			pr_out(pr, "%s protocol %u port %u unreachable", dst, proto,
			       get16(quoted + hlen + 2));
	} else if (code == UNREACH_NEEDFRAG) {
		pr_out(pr, "%s unreachable - need to frag", dst);
		if (mtu)
			pr_out(pr, " (mtu %u)", mtu);
	} else {
		print_unreach_code(pr, code, dst);
	}
}

static void print_redirect(struct packet_printer *pr, const uint8_t *icmp)
{
	static const char *const kinds[] = { "redirect %s to net %s", "redirect %s to host %s",
					     "redirect-tos %s to net %s",
					     "redirect-tos %s to host %s" };
	char dst[46], gateway[46];

	format_ip(4, icmp + ICMP_HEADER + 16, dst, sizeof(dst));
	format_ip(4, icmp + 4, gateway, sizeof(gateway));
	if (icmp[1] < 4)
		pr_out(pr, kinds[icmp[1]], dst, gateway);
	else
		pr_out(pr, "redirect-#%u %s to %s", icmp[1], dst, gateway);
}

/* RFC 1256: lifetime, then each router address with its preference. */
static void print_router_advert(struct packet_printer *pr, const uint8_t *p)
{
	uint16_t life = get16(p + 6);
	char addr[46];

	pr_out(pr, "router advertisement lifetime ");
	if (life < 60)
		pr_out(pr, "%u", life);
	else if (life < 3600)
		pr_out(pr, "%u:%02u", life / 60, life % 60);
	else
		pr_out(pr, "%u:%02u:%02u", life / 3600, life % 3600 / 60, life % 60);
	pr_out(pr, " %u:", p[4]);
	if (p[5] != 2) {
		pr_out(pr, " [size %u]", p[5]);
		return;
	}
	for (uint32_t i = 0; i < p[4]; i++) {
		format_ip(4, p + ICMP_HEADER + i * 8, addr, sizeof(addr));
		pr_out(pr, " {%s %u}", addr, get32(p + ICMP_HEADER + i * 8 + 4));
	}
}

/* Milliseconds since midnight UT, as HH:MM:SS.mmm. */
static void print_ms_of_day(struct packet_printer *pr, const char *label, uint32_t ms)
{
	pr_out(pr, ", %s %02u:%02u:%02u.%03u", label, ms / 3600000, ms / 60000 % 60,
	       ms / 1000 % 60, ms % 1000);
}

static void print_timestamp_message(struct packet_printer *pr, const uint8_t *p)
{
	if (p[0] == ICMP_TSTAMP) {
		pr_out(pr, "time stamp query id %u seq %u", get16(p + 4), get16(p + 6));
		return;
	}
	pr_out(pr, "time stamp reply id %u seq %u: org %02u:%02u:%02u.%03u", get16(p + 4),
	       get16(p + 6), get32(p + 8) / 3600000, get32(p + 8) / 60000 % 60,
	       get32(p + 8) / 1000 % 60, get32(p + 8) % 1000);
	print_ms_of_day(pr, "recv", get32(p + 12));
	print_ms_of_day(pr, "xmit", get32(p + 16));
}

/* The text after "ICMP ", up to the length. */
static void print_body(struct packet_printer *pr, struct span s)
{
	uint8_t type = s.p[0], code = s.p[1];
	const char *name;

	switch (type) {
	case ICMP_ECHO:
	case ICMP_ECHOREPLY:
		pr_out(pr, "echo %s, id %u, seq %u", type == ICMP_ECHO ? "request" : "reply",
		       get16(s.p + 4), get16(s.p + 6));
		return;
	case ICMP_UNREACH:
		print_unreach(pr, s);
		return;
	case ICMP_REDIRECT:
		print_redirect(pr, s.p);
		return;
	case ICMP_TIMXCEED:
		if (code < 2)
			pr_out(pr, "%s",
			       code ? "ip reassembly time exceeded" : "time exceeded in-transit");
		else
			pr_out(pr, "time exceeded-#%u", code);
		return;
	case ICMP_PARAMPROB:
		if (code)
			pr_out(pr, "parameter problem - code %u", code);
		else
			pr_out(pr, "parameter problem - octet %u", s.p[4]);
		return;
	case ICMP_TSTAMP:
	case ICMP_TSTAMPREPLY:
		print_timestamp_message(pr, s.p);
		return;
	case ICMP_MASKREPLY:
		pr_out(pr, "address mask is 0x%08x", get32(s.p + 8));
		return;
	case ICMP_ROUTERADVERT:
		print_router_advert(pr, s.p);
		return;
	}
	name = type_name(type);
	if (name)
		pr_out(pr, "%s", name);
	else
		pr_out(pr, "type-#%u", type);
}

static void print_checksum(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	uint16_t field, should_be;

	if (ip->fragmented || s.len < 4 || !span_has(&s, 0, s.len))
		return;
	field = get16(s.p + 2);
	should_be = checksum_fold(checksum_add(checksum_add(0, s.p, 2), s.p + 4, s.len - 4));
	if (field != should_be)
		pr_out(pr, " (wrong icmp cksum %x (->%x)!)", field, should_be);
}

/* -v: the quoted datagram, as far as it was quoted and captured. */
static void print_quoted(struct packet_printer *pr, struct span s)
{
	struct span quoted = span_after(&s, ICMP_HEADER);

	pr_out(pr, "\n\t");
	/* The quote's own length bounds it: it is a datagram's beginning,
	 * not a cut capture. */
	if (!span_has(&quoted, 0, 4)) {
		print_truncated_deep(pr, "icmp");
		return;
	}
	quoted = span_limit(quoted, get16(quoted.p + 2));
	quoted.len = get16(quoted.p + 2);
	pr->network.ipv4(pr, quoted);
}

int print_icmp(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	bool shallow;

	if (!span_has(&s, 0, 2))
		return print_truncated_deep(pr, "icmp");
	if (!span_has(&s, 0, bytes_needed(&s, &shallow)))
		return shallow ? print_truncated(pr, "icmp") : print_truncated_deep(pr, "icmp");
	pr_out(pr, "ICMP ");
	print_body(pr, s);
	pr_out(pr, ", length %u", s.len);
	if (!pr->opts.verbose)
		return 0;
	print_checksum(pr, ip, s);
	if (is_error(s.p[0]))
		print_quoted(pr, s);
	return 0;
}
