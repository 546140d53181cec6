// SPDX-License-Identifier: GPL-2.0
/*
 * TCP options, as tcpdump lists them: ", options [mss 1460,sackOK,TS val 1
 * ecr 0,nop,wscale 7]". Each option's fields come from the number of bytes
 * its kind defines; an option whose length field says otherwise gets
 * "[len N]" after them. MPTCP's subtypes are not decoded (hex instead).
 */
#include "print_internal.h"

#define TCP_MIN_HEADER 20

enum {
	OPT_EOL = 0,
	OPT_NOP = 1,
	OPT_MSS = 2,
	OPT_WSCALE = 3,
	OPT_SACK_PERMITTED = 4,
	OPT_SACK = 5,
	OPT_ECHO = 6,
	OPT_ECHOREPLY = 7,
	OPT_TIMESTAMP = 8,
	OPT_CC = 11,
	OPT_CCNEW = 12,
	OPT_CCECHO = 13,
	OPT_MD5 = 19,
	OPT_SCPS = 20,
	OPT_UTO = 28,
	OPT_TCPAO = 29,
	OPT_MPTCP = 30,
	OPT_FASTOPEN = 34,
	OPT_EXPERIMENT = 254,
};

/* How an option ended when it could not be shown whole. */
enum option_end { OPTION_OK, OPTION_BAD, OPTION_CUT };

struct option_view {
	const uint8_t *data; /* after kind and length */
	uint32_t room; /* bytes the header has left for data */
	uint32_t captured; /* bytes of data captured */
	uint32_t sack_base;
};

static const char *option_name(uint8_t kind)
{
	static const struct {
		uint8_t kind;
		const char *name;
	} names[] = { { OPT_EOL, "eol" },
		      { OPT_NOP, "nop" },
		      { OPT_MSS, "mss" },
		      { OPT_WSCALE, "wscale" },
		      { OPT_SACK_PERMITTED, "sackOK" },
		      { OPT_SACK, "sack" },
		      { OPT_ECHO, "echo" },
		      { OPT_ECHOREPLY, "echoreply" },
		      { OPT_TIMESTAMP, "TS" },
		      { OPT_CC, "cc" },
		      { OPT_CCNEW, "ccnew" },
		      { OPT_CCECHO, "" },
		      { OPT_MD5, "md5" },
		      { OPT_SCPS, "scps" },
		      { OPT_UTO, "uto" },
		      { OPT_TCPAO, "tcp-ao" },
		      { OPT_MPTCP, "mptcp" },
		      { OPT_FASTOPEN, "tfo" },
		      { OPT_EXPERIMENT, "exp" } };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].kind == kind)
			return names[i].name;
	return NULL;
}

/* Are the first n data bytes there, by the header and by the capture? */
static enum option_end need(const struct option_view *v, uint32_t n)
{
	if (n > v->room)
		return OPTION_BAD;
	return n > v->captured ? OPTION_CUT : OPTION_OK;
}

/* RFC 2018: edges relative like the ack. */
static enum option_end print_sack(struct packet_printer *pr, const struct option_view *v,
				  uint32_t datalen)
{
	enum option_end end;

	if (datalen % 8) {
		pr_out(pr, " invalid sack");
		return OPTION_OK;
	}
	pr_out(pr, " %u ", datalen / 8);
	for (uint32_t i = 0; i < datalen; i += 8) {
		end = need(v, i + 8);
		if (end)
			return end;
		pr_out(pr, "{%u:%u}", get32(v->data + i) - v->sack_base,
		       get32(v->data + i + 4) - v->sack_base);
	}
	return OPTION_OK;
}

/* RFC 7413 cookies, in their own option or in the experimental one. */
static void print_fastopen(struct packet_printer *pr, const uint8_t *cookie, uint32_t n)
{
	if (!n)
		pr_out(pr, " cookiereq");
	else if (n % 2 || n < 4 || n > 16)
		pr_out(pr, " (invalid)");
	else
		pr_out(pr, " cookie ");
	for (uint32_t i = 0; n >= 4 && n <= 16 && !(n % 2) && i < n; i++)
		pr_out(pr, "%02x", cookie[i]);
}

static enum option_end print_hex_bytes(struct packet_printer *pr, const struct option_view *v,
				       uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++) {
		enum option_end end = need(v, i + 1);

		if (end)
			return end;
		pr_out(pr, "%02x", v->data[i]);
	}
	return OPTION_OK;
}

/* RFC 5925 2.2 key ids, then the MAC. */
static enum option_end print_tcpao(struct packet_printer *pr, const struct option_view *v,
				   uint32_t datalen)
{
	enum option_end end;

	if (datalen < 2) {
		pr_out(pr, " (invalid)");
		return OPTION_OK;
	}
	end = need(v, 2);
	if (end)
		return end;
	pr_out(pr, " keyid %u rnextkeyid %u", v->data[0], v->data[1]);
	if (datalen > 2)
		pr_out(pr, " mac 0x");
	return print_hex_bytes(pr, v, 2, datalen);
}

/* How many data bytes an option's fields take: fixed by its kind, or
 * whatever its length field leaves. */
static uint32_t field_bytes(uint8_t kind, uint8_t len)
{
	static const uint8_t fixed[256] = {
		[OPT_MSS] = 2,	[OPT_WSCALE] = 1, [OPT_ECHO] = 4,   [OPT_ECHOREPLY] = 4,
		[OPT_CC] = 4,	[OPT_CCNEW] = 4,  [OPT_CCECHO] = 4, [OPT_TIMESTAMP] = 8,
		[OPT_MD5] = 16, [OPT_SCPS] = 2,	  [OPT_UTO] = 2
	};

	if (kind == OPT_EOL || kind == OPT_NOP || kind == OPT_SACK_PERMITTED)
		return 0;
	return fixed[kind] ? fixed[kind] : len - 2u;
}

/* Options whose fields are shown whole or not at all. */
static void print_whole_fields(struct packet_printer *pr, uint8_t kind, const uint8_t *d,
			       uint32_t datalen)
{
	uint16_t uto;

	switch (kind) {
	case OPT_MSS:
		pr_out(pr, " %u", get16(d));
		break;
	case OPT_SCPS:
		pr_out(pr, " cap %02x id %u", d[0], d[1]);
		break;
	case OPT_WSCALE:
		pr_out(pr, " %u", d[0]);
		break;
	case OPT_TIMESTAMP:
		pr_out(pr, " val %u ecr %u", get32(d), get32(d + 4));
		break;
	case OPT_MD5:
		/* RFC 2385: without the shared secret (tcpdump's -M, which we
		 * lack) the signature cannot be checked, and tcpdump (built with
		 * libcrypto, as Debian's is) says so. */
		pr_out(pr, " shared secret not supplied with -M, can't check - ");
		for (uint32_t i = 0; i < datalen; i++)
			pr_out(pr, "%02x", d[i]);
		break;
	case OPT_UTO:
		/* RFC 5482: the low bit says minutes. */
		uto = get16(d);
		pr_out(pr, " 0x%x %u", uto, uto & 1 ? (uto >> 1) * 60 : uto >> 1);
		break;
	case OPT_FASTOPEN:
		pr_out(pr, " ");
		print_fastopen(pr, d, datalen);
		break;
	case OPT_EXPERIMENT:
		/* RFC 6994: a 16-bit magic number says whose experiment. */
		pr_out(pr, "-");
		if (get16(d) == 0xf989) {
			pr_out(pr, "tfo");
			print_fastopen(pr, d + 2, datalen - 2);
		} else {
			pr_out(pr, "%04x", get16(d));
		}
		break;
	default: /* echo, echoreply, cc, ccnew, ccecho: one 32-bit number */
		pr_out(pr, " %u", get32(d));
		break;
	}
}

static bool shown_whole(uint8_t kind)
{
	switch (kind) {
	case OPT_MSS:
	case OPT_SCPS:
	case OPT_WSCALE:
	case OPT_TIMESTAMP:
	case OPT_MD5:
	case OPT_UTO:
	case OPT_FASTOPEN:
	case OPT_EXPERIMENT:
	case OPT_ECHO:
	case OPT_ECHOREPLY:
	case OPT_CC:
	case OPT_CCNEW:
	case OPT_CCECHO:
		return true;
	default:
		return false;
	}
}

/* The fields of one option, datalen bytes of them. */
static enum option_end print_fields(struct packet_printer *pr, uint8_t kind,
				    const struct option_view *v, uint32_t datalen)
{
	enum option_end end;

	switch (kind) {
	case OPT_EOL:
	case OPT_NOP:
	case OPT_SACK_PERMITTED:
		return OPTION_OK;
	case OPT_SACK:
		return print_sack(pr, v, datalen);
	case OPT_TCPAO:
		return print_tcpao(pr, v, datalen);
	}
	if (shown_whole(kind)) {
		end = need(v, datalen);
		if (!end && kind == OPT_EXPERIMENT && datalen < 2)
			end = OPTION_BAD;
		if (!end)
			print_whole_fields(pr, kind, v->data, datalen);
		return end;
	}
	/* Unknown (and MPTCP): the bytes in hex, as far as they go. */
	if (datalen)
		pr_out(pr, " 0x");
	return print_hex_bytes(pr, v, 0, datalen);
}

/* s: the TCP header, options included (limited to its header length).
 * A cut kind or length byte ends the line as tcpdump's longjmp does; a
 * cut option body, or a bad length, as its own checks do. */
int print_tcp_options(struct packet_printer *pr, struct span s, uint32_t sack_base)
{
	uint32_t off = TCP_MIN_HEADER;
	bool first = true;

	pr_out(pr, ", options [");
	while (off < s.len) {
		struct option_view v = { .sack_base = sack_base };
		uint32_t datalen, head;
		enum option_end end;
		const char *name;
		uint8_t kind, len;

		if (!first)
			pr_out(pr, ",");
		if (!span_has(&s, off, 1))
			return print_truncated_deep(pr, "tcp");
		kind = s.p[off];
		head = kind == OPT_EOL || kind == OPT_NOP ? 1 : 2;
		if (head == 2 && !span_has(&s, off + 1, 1))
			return print_truncated_deep(pr, "tcp");
		len = head == 1 ? 1 : s.p[off + 1];
		if (head == 2 && (len < 2 || len > s.len - off)) {
			pr_out(pr, "[bad opt]%s", first ? "" : "]");
			return PRINT_STOP;
		}
		name = option_name(kind);
		if (name)
			pr_out(pr, "%s", name);
		else
			pr_out(pr, "unknown-%u", kind);
		v.data = s.p + off + head;
		v.room = s.len - off - head;
		v.captured = s.cap > off + head ? s.cap - off - head : 0;
		datalen = field_bytes(kind, len);
		end = print_fields(pr, kind, &v, datalen);
		if (end == OPTION_BAD) {
			pr_out(pr, "[bad opt]%s", first ? "" : "]");
			return PRINT_STOP;
		}
		if (end == OPTION_CUT) {
			print_truncated(pr, "tcp");
			pr_out(pr, "%s", first ? "" : ">");
			return PRINT_STOP;
		}
		if (datalen + head != len)
			pr_out(pr, "[len %u]", len);
		first = false;
		if (kind == OPT_EOL)
			break;
		off += head + datalen;
	}
	pr_out(pr, "]");
	return 0;
}
