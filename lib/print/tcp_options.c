// SPDX-License-Identifier: GPL-2.0
/* TCP options: ", options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]". */
#include "print_internal.h"

#define TCP_MIN_HEADER 20
#define OPT_EOL 0
#define OPT_NOP 1
#define OPT_MSS 2
#define OPT_WSCALE 3
#define OPT_SACK_PERMITTED 4
#define OPT_SACK 5
#define OPT_TIMESTAMP 8

/* RFC 2018: blocks of left and right edges, relative like the ack. */
static void print_sack(struct packet_printer *pr, const uint8_t *data, uint32_t datalen,
		       uint32_t base)
{
	if (datalen % 8) {
		pr_out(pr, "sack invalid");
		return;
	}
	pr_out(pr, "sack %u ", datalen / 8);
	for (uint32_t i = 0; i < datalen; i += 8)
		pr_out(pr, "{%u:%u}", get32(data + i) - base, get32(data + i + 4) - base);
}

static void print_unknown(struct packet_printer *pr, uint8_t kind, const uint8_t *data,
			  uint32_t datalen)
{
	pr_out(pr, "unknown-%u", kind);
	if (datalen)
		pr_out(pr, " 0x");
	for (uint32_t i = 0; i < datalen; i++)
		pr_out(pr, "%02x", data[i]);
}

/* One option whose len bytes are all captured. */
static void print_option(struct packet_printer *pr, const uint8_t *o, uint8_t len,
			 uint32_t sack_base)
{
	const uint8_t *data = o + 2;
	uint32_t datalen = len - 2;

	if (o[0] == OPT_MSS && len == 4)
		pr_out(pr, "mss %u", get16(data));
	else if (o[0] == OPT_WSCALE && len == 3)
		pr_out(pr, "wscale %u", data[0]);
	else if (o[0] == OPT_SACK_PERMITTED && len == 2)
		pr_out(pr, "sackOK");
	else if (o[0] == OPT_SACK)
		print_sack(pr, data, datalen, sack_base);
	else if (o[0] == OPT_TIMESTAMP && len == 10)
		pr_out(pr, "TS val %u ecr %u", get32(data), get32(data + 4));
	else
		print_unknown(pr, o[0], data, datalen);
}

/* s: the TCP header, options included (limited to its header length). */
int print_tcp_options(struct packet_printer *pr, struct span s, uint32_t sack_base)
{
	uint32_t off = TCP_MIN_HEADER;

	pr_out(pr, ", options [");
	while (off < s.len) {
		uint8_t kind, len;

		if (off > TCP_MIN_HEADER)
			pr_out(pr, ",");
		if (!span_has(&s, off, 1))
			return print_truncated_deep(pr, "tcp");
		kind = s.p[off];
		if (kind == OPT_EOL) {
			pr_out(pr, "eol");
			break;
		}
		if (kind == OPT_NOP) {
			pr_out(pr, "nop");
			off++;
			continue;
		}
		if (!span_has(&s, off + 1, 1))
			return print_truncated_deep(pr, "tcp");
		len = s.p[off + 1];
		if (len < 2 || len > s.len - off) {
			pr_out(pr, "bad opt %u", kind);
			break;
		}
		if (!span_has(&s, off, len))
			return print_truncated_deep(pr, "tcp");
		print_option(pr, s.p + off, len, sack_base);
		off += len;
	}
	pr_out(pr, "]");
	return 0;
}
