// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP (RFC 792): echo, destination unreachable (naming the quoted
 * datagram's destination, and its port for port unreachable), time
 * exceeded; other types by number. With -v an error's quoted IP header is
 * printed below it.
 */
#include "print_internal.h"

#define ICMP_HEADER 8
#define QUOTED_IPV4 20
#define ICMP_ECHOREPLY 0
#define ICMP_UNREACH 3
#define ICMP_ECHO 8
#define ICMP_TIMXCEED 11

static void print_unreach(struct packet_printer *pr, uint8_t code, const uint8_t *quoted,
			  const uint8_t *after_ip)
{
	const char *transport = quoted[9] == 6 ? "tcp" : quoted[9] == 17 ? "udp" : NULL;
	char dst[46];

	format_ip(4, quoted + 16, dst, sizeof(dst));
	switch (code) {
	case 0:
		pr_out(pr, "ICMP net %s unreachable", dst);
		break;
	case 1:
		pr_out(pr, "ICMP host %s unreachable", dst);
		break;
	case 2:
		pr_out(pr, "ICMP %s protocol %u unreachable", dst, quoted[9]);
		break;
	case 3:
		if (transport)
			pr_out(pr, "ICMP %s %s port %u unreachable", dst, transport,
			       get16(after_ip + 2));
		else
			pr_out(pr, "ICMP %s protocol %u port %u unreachable", dst, quoted[9],
			       get16(after_ip + 2));
		break;
	default:
		pr_out(pr, "ICMP %s unreachable - code %u", dst, code);
		break;
	}
}

/* The quoted header and, for port unreachable, the port after it. */
static bool quote_captured(const struct span *s)
{
	uint32_t hlen;

	if (!span_has(s, ICMP_HEADER, QUOTED_IPV4))
		return false;
	hlen = (s->p[ICMP_HEADER] & 0xf) * 4;
	return hlen >= QUOTED_IPV4 && span_has(s, ICMP_HEADER + hlen, 4);
}

static void print_quoted(struct packet_printer *pr, struct span s)
{
	struct span quoted = span_after(&s, ICMP_HEADER);
	uint16_t total = get16(quoted.p + 2);

	/* The quote is a datagram's beginning, not a truncated capture. */
	if (quoted.len < total)
		quoted.len = total;
	pr_out(pr, "\n\t");
	print_ipv4(pr, quoted);
}

int print_icmp(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	uint8_t type, code;

	(void)ip;
	if (!span_has(&s, 0, ICMP_HEADER))
		return print_truncated_deep(pr, "icmp");
	type = s.p[0];
	code = s.p[1];
	if (type == ICMP_ECHO || type == ICMP_ECHOREPLY) {
		pr_out(pr, "ICMP echo %s, id %u, seq %u", type == ICMP_ECHO ? "request" : "reply",
		       get16(s.p + 4), get16(s.p + 6));
	} else if (type == ICMP_UNREACH || type == ICMP_TIMXCEED) {
		if (!quote_captured(&s))
			return print_truncated_deep(pr, "icmp");
		if (type == ICMP_UNREACH)
			print_unreach(pr, code, s.p + ICMP_HEADER,
				      s.p + ICMP_HEADER + (s.p[ICMP_HEADER] & 0xf) * 4);
		else
			pr_out(pr, "ICMP %s", code ? "ip reassembly time exceeded" :
						     "time exceeded in-transit");
	} else {
		pr_out(pr, "ICMP type-#%u", type);
	}
	pr_out(pr, ", length %u", s.len);
	if (pr->opts.verbose && (type == ICMP_UNREACH || type == ICMP_TIMXCEED))
		print_quoted(pr, s);
	return 0;
}
