// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 options (RFC 791 3.1) at -v: names, the addresses of route
 * records (RR, LSRR, SSRR), the entries of timestamps, a router alert's
 * value (RFC 2113). Options are separated by commas; a "^" marks where a
 * timestamp's pointer stands.
 */
#include "print_internal.h"

enum {
	OPT_EOL = 0,
	OPT_NOP = 1,
	OPT_RR = 7,
	OPT_TS = 68,
	OPT_SECURITY = 130,
	OPT_LSRR = 131,
	OPT_SSRR = 137,
	OPT_RA = 148,
	OPT_TRACEROUTE = 82,
};

static const char *option_name(uint8_t type)
{
	switch (type) {
	case OPT_EOL:
		return "EOL";
	case OPT_NOP:
		return "NOP";
	case OPT_RR:
		return "RR";
	case OPT_TS:
		return "timestamp";
	case OPT_SECURITY:
		return "security";
	case OPT_LSRR:
		return "LSRR";
	case OPT_SSRR:
		return "SSRR";
	case OPT_RA:
		return "RA";
	case OPT_TRACEROUTE:
		return "traceroute";
	default:
		return NULL;
	}
}

static void print_ipv4_address(struct packet_printer *pr, const uint8_t *a)
{
	pr_out(pr, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/* Record route and source routes: the addresses, a comma after those the
 * pointer has passed. Like tcpdump, a last address that the option's
 * length cuts is read on from the bytes after it, as far as the capture
 * (avail bytes from o) goes; false when it runs out. */
static bool print_route(struct packet_printer *pr, const uint8_t *o, uint32_t len, uint32_t avail)
{
	uint32_t ptr;

	if (len < 3) {
		pr_out(pr, " [bad length %u]", len);
		return true;
	}
	if ((len + 1) & 3)
		pr_out(pr, " [bad length %u]", len);
	ptr = o[2] - 1u;
	if (ptr < 3 || ((ptr + 1) & 3) || ptr > len + 1)
		pr_out(pr, " [bad ptr %u]", o[2]);
	for (uint32_t i = 3; i < len; i += 4) {
		if (i + 4 > avail)
			return false;
		pr_out(pr, " ");
		print_ipv4_address(pr, o + i);
		if (ptr > i)
			pr_out(pr, ",");
	}
	return true;
}

/* Internet timestamp: flags say whether addresses come with the times.
 * Entries are read as print_route() reads addresses. */
static bool print_timestamp_option(struct packet_printer *pr, const uint8_t *o, uint32_t len,
				   uint32_t avail)
{
	static const char *const kinds[] = { "TSONLY", "TS+ADDR", NULL, "PRESPEC" };
	uint32_t hop, ptr, i = 0;
	uint8_t kind;

	if (len < 4) {
		pr_out(pr, "[bad length %u]", len);
		return true;
	}
	kind = o[3] & 0xf;
	pr_out(pr, " TS{");
	hop = kind != 0 ? 8 : 4;
	if ((len - 4) & (hop - 1))
		pr_out(pr, "[bad length %u]", len);
	ptr = o[2] - 1u;
	if (ptr < 4 || ((ptr - 4) & (hop - 1)) || ptr > len + 1)
		pr_out(pr, "[bad ptr %u]", o[2]);
	if (kind < 4 && kinds[kind]) {
		pr_out(pr, "%s", kinds[kind]);
		for (i = 4; i < len; i += hop) {
			if (i + hop > avail)
				return false;
			pr_out(pr, "%s%u@", ptr == i ? " ^ " : " ", get32(o + i + hop - 4));
			if (hop == 8)
				print_ipv4_address(pr, o + i);
		}
	} else {
		pr_out(pr, "[bad ts type %u]", kind);
	}
	pr_out(pr, "%s", ptr == i ? " ^ " : "");
	if (o[3] >> 4)
		pr_out(pr, " [%u hops not recorded]} ", o[3] >> 4);
	else
		pr_out(pr, "}");
	return true;
}

int print_ipv4_options(struct packet_printer *pr, const uint8_t *o, uint32_t n, uint32_t cap)
{
	uint32_t len;

	for (uint32_t off = 0; off < n; off += len) {
		const char *name;

		if (off)
			pr_out(pr, ",");
		if (off >= cap)
			return IPV4_OPTIONS_CUT_DEEP;
		name = option_name(o[off]);
		if (name)
			pr_out(pr, "%s", name);
		else
			pr_out(pr, "unknown %u", o[off]);
		len = 1;
		if (o[off] > OPT_NOP) {
			if (off + 1 >= cap)
				return IPV4_OPTIONS_CUT_DEEP;
			len = o[off + 1];
			if (len < 2 || len > n - off) {
				pr_out(pr, " [bad length %u]", len);
				return IPV4_OPTIONS_WHOLE;
			}
		}
		if (off + len > cap)
			return IPV4_OPTIONS_CUT;
		switch (o[off]) {
		case OPT_EOL:
			return IPV4_OPTIONS_WHOLE;
		case OPT_TS:
			if (!print_timestamp_option(pr, o + off, len, cap - off))
				return IPV4_OPTIONS_CUT;
			break;
		case OPT_RR:
		case OPT_LSRR:
		case OPT_SSRR:
			if (!print_route(pr, o + off, len, cap - off))
				return IPV4_OPTIONS_CUT;
			break;
		case OPT_RA:
			if (len < 4)
				pr_out(pr, " [bad length %u]", len);
			else if (get16(o + off + 2))
				pr_out(pr, " value %u", get16(o + off + 2));
			break;
		}
	}
	return IPV4_OPTIONS_WHOLE;
}
