// SPDX-License-Identifier: GPL-2.0
/*
 * TCP (RFC 9293): flags, checksum with -v, seq/ack (relative, see
 * tcp_seq.c), window, urgent pointer, options, payload length.
 */
#include "print_internal.h"

#define TCP_MIN_HEADER 20
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_ACK 0x10
#define TCP_URG 0x20
#define RST_TEXT_MAX 30

static void print_flags(struct packet_printer *pr, uint8_t flags)
{
	/* tcpdump's letters, in its order; "." is ACK. */
	static const struct {
		uint8_t bit;
		char letter;
	} names[] = { { 0x01, 'F' }, { 0x02, 'S' }, { 0x04, 'R' }, { 0x08, 'P' },
		      { 0x10, '.' }, { 0x20, 'U' }, { 0x40, 'E' }, { 0x80, 'W' } };

	pr_out(pr, "Flags [");
	if (!flags)
		pr_out(pr, "none");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].bit)
			fputc(names[i].letter, pr->out);
	pr_out(pr, "]");
}

/* Only over a whole, unfragmented segment: anything less cannot be summed. */
static void print_checksum(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	uint16_t field, should_be;

	if (!pr->opts.verbose || pr->opts.no_checksums ||
	    !checksum_check(ip, &s, s.len, 16, &field, &should_be))
		return;
	pr_out(pr, ", cksum 0x%04x", field);
	if (field == should_be)
		pr_out(pr, " (correct)");
	else
		pr_out(pr, " (incorrect -> 0x%04x)", should_be);
}

static void print_numbers(struct packet_printer *pr, const struct tcp_seq_view *v, uint8_t flags,
			  uint32_t length)
{
	/* -vv shows seq on every segment, not only where it counts. */
	if (pr->opts.verbose > 1 || length || flags & (TCP_SYN | TCP_FIN | TCP_RST)) {
		pr_out(pr, ", seq %u", v->seq);
		if (length)
			pr_out(pr, ":%u", v->seq + length);
	}
	if (flags & TCP_ACK)
		pr_out(pr, ", ack %u", v->ack);
}

/* One byte the way tcpdump shows unprintable text: "M-" for the high bit,
 * "^" for control characters. */
static void print_char(struct packet_printer *pr, uint8_t c)
{
	if (c & 0x80) {
		c &= 0x7f;
		pr_out(pr, "M-");
	}
	if (c < 0x20 || c == 0x7f) {
		c ^= 0x40;
		pr_out(pr, "^");
	}
	fputc(c, pr->out);
}

/* RFC 1122 4.2.2.12: a reset may carry text saying why; -v shows up to
 * 30 bytes of it ("!RST" when not all of it was captured). */
static void print_reset_text(struct packet_printer *pr, struct span data, uint32_t length)
{
	pr_out(pr, span_has(&data, 0, length) ? " [RST" : " [!RST");
	if (length > RST_TEXT_MAX) {
		length = RST_TEXT_MAX;
		pr_out(pr, "+");
	}
	pr_out(pr, " ");
	for (uint32_t i = 0; i < length && i < data.cap; i++)
		print_char(pr, data.p[i]);
	pr_out(pr, "]");
}

int print_tcp(struct packet_printer *pr, const struct ip_info *ip, struct span s)
{
	struct tcp_seq_view view;
	uint32_t hlen, length;
	uint16_t sport, dport;
	uint8_t flags;
	int err;

	if (!span_has(&s, 0, 4)) {
		pr_out(pr, "%s > %s:", ip->src_text, ip->dst_text);
		return print_truncated(pr, "tcp");
	}
	sport = get16(s.p);
	dport = get16(s.p + 2);
	print_endpoint_ports(pr, ip, sport, dport);
	if (!span_has(&s, 0, TCP_MIN_HEADER))
		return print_truncated(pr, "tcp");
	hlen = (s.p[12] >> 4) * 4;
	if (hlen < TCP_MIN_HEADER) {
		pr_out(pr, " tcp %u [bad hdr length %u - too short, < %u]", s.len - hlen, hlen,
		       TCP_MIN_HEADER);
		return PRINT_STOP;
	}
	if (pr->opts.quiet) {
		pr_out(pr, "tcp %u", s.len - hlen);
		if (hlen > s.len)
			pr_out(pr, " [bad hdr length %u - too long, > %u]", hlen, s.len);
		return 0;
	}
	flags = s.p[13];
	/* -S: the numbers as they are, and no state kept for them. */
	if (pr->opts.absolute_seq)
		view = (struct tcp_seq_view){ get32(s.p + 4), get32(s.p + 8), 0 };
	else
		tcp_streams__relate(pr->streams, ip, sport, dport, flags, get32(s.p + 4),
				    get32(s.p + 8), pr->repeat, &view);
	print_flags(pr, flags);
	if (hlen > s.len) {
		pr_out(pr, " [bad hdr length %u - too long, > %u]", hlen, s.len);
		return PRINT_STOP;
	}
	length = s.len - hlen;
	print_checksum(pr, ip, s);
	print_numbers(pr, &view, flags, length);
	pr_out(pr, ", win %u", get16(s.p + 14));
	if (flags & TCP_URG)
		pr_out(pr, ", urg %u", get16(s.p + 18));
	if (hlen > TCP_MIN_HEADER) {
		err = print_tcp_options(pr, span_limit(s, hlen), view.sack_base);
		if (err)
			return err;
	}
	pr_out(pr, ", length %u", length);
	if (!length)
		return 0;
	if (!span_has(&s, 0, hlen)) {
		pr_out(pr, " [remaining caplen(%u) < header length(%u)]", s.cap, hlen);
		return print_truncated_deep(pr, "tcp");
	}
	/* Application protocols are not decoded (see print.h). */
	if (flags & TCP_RST && pr->opts.verbose)
		print_reset_text(pr, span_after(&s, hlen), length);
	return 0;
}
