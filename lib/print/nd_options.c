// SPDX-License-Identifier: GPL-2.0
/*
 * Neighbor discovery options (RFC 4861 4.6, RFC 8106, RFC 6275, RFC 4191)
 * at -v, one line each: link-layer addresses, prefix information, MTU,
 * recursive DNS servers, advertisement interval, home agent information,
 * route information. An option of another kind ends the list with its
 * bytes in hex (at -v; at -vv every option's bytes follow it anyway).
 */
#include "print_internal.h"

enum {
	OPT_SOURCE_LINKADDR = 1,
	OPT_TARGET_LINKADDR = 2,
	OPT_PREFIX_INFORMATION = 3,
	OPT_REDIRECTED_HEADER = 4,
	OPT_MTU = 5,
	OPT_ADVINTERVAL = 7,
	OPT_HOMEAGENT_INFO = 8,
	OPT_ROUTE_INFO = 24,
	OPT_RDNSS = 25,
	OPT_DNSSL = 31,
};

static const char *option_name(uint8_t type)
{
	switch (type) {
	case OPT_SOURCE_LINKADDR:
		return "source link-address";
	case OPT_TARGET_LINKADDR:
		return "destination link-address";
	case OPT_PREFIX_INFORMATION:
		return "prefix info";
	case OPT_REDIRECTED_HEADER:
		return "redirected header";
	case OPT_MTU:
		return "mtu";
	case OPT_RDNSS:
		return "rdnss";
	case OPT_DNSSL:
		return "dnssl";
	case OPT_ADVINTERVAL:
		return "advertisement interval";
	case OPT_HOMEAGENT_INFO:
		return "homeagent information";
	case OPT_ROUTE_INFO:
		return "route info";
	default:
		return "unknown";
	}
}

static void print_lifetime(struct packet_printer *pr, uint32_t secs)
{
	if (secs == UINT32_MAX)
		pr_out(pr, "infinity");
	else
		pr_out(pr, "%us", secs);
}

static void print_prefix_info(struct packet_printer *pr, const uint8_t *o, uint8_t units)
{
	static const char *const flags[] = { "onlink", "auto", "router" };
	const char *sep = "";
	char prefix[46];

	format_ip(6, o + 16, prefix, sizeof(prefix));
	pr_out(pr, "%s/%u%s, Flags [", prefix, o[2], units != 4 ? "badlen" : "");
	for (int i = 0; i < 3; i++) {
		if (o[3] & (0x80 >> i)) {
			pr_out(pr, "%s%s", sep, flags[i]);
			sep = ", ";
		}
	}
	pr_out(pr, "%s], valid time ", *sep ? "" : "none");
	print_lifetime(pr, get32(o + 4));
	pr_out(pr, ", pref. time ");
	print_lifetime(pr, get32(o + 8));
}

/* RFC 4191 2.3: the prefix is 0, 8 or 16 bytes long. */
static bool print_route_info(struct packet_printer *pr, const uint8_t *o, uint8_t units)
{
	static const char *const prefs[] = { "medium", "high", "rsv", "low" };
	uint8_t prefix[16] = { 0 };
	char text[46];

	if (units > 3)
		return false;
	for (uint32_t i = 0; units > 1 && i < (units - 1u) * 8; i++)
		prefix[i] = o[8 + i];
	format_ip(6, prefix, text, sizeof(text));
	pr_out(pr, " %s/%u, pref=%s, lifetime=", text, o[2], prefs[(o[3] >> 3) & 3]);
	print_lifetime(pr, get32(o + 4));
	return true;
}

/* One option whose units * 8 bytes are all captured; false to stop. */
static bool print_option(struct packet_printer *pr, const uint8_t *o, uint8_t units)
{
	uint32_t len = units * 8u;
	char addr[46];

	switch (o[0]) {
	case OPT_SOURCE_LINKADDR:
	case OPT_TARGET_LINKADDR:
		print_link_addr(pr, o + 2, len - 2);
		return true;
	case OPT_PREFIX_INFORMATION:
		if (len < 32)
			return false;
		print_prefix_info(pr, o, units);
		return true;
	case OPT_MTU:
		pr_out(pr, " %u%s", get32(o + 4), units != 1 ? "bad option length" : "");
		return true;
	case OPT_RDNSS:
		pr_out(pr, " lifetime %us,", get32(o + 4));
		for (uint32_t i = 0; i < (units - 1u) / 2; i++) {
			format_ip(6, o + 8 + i * 16, addr, sizeof(addr));
			pr_out(pr, " addr: %s", addr);
		}
		return true;
	case OPT_ADVINTERVAL:
		pr_out(pr, " %ums", get32(o + 4));
		return true;
	case OPT_HOMEAGENT_INFO:
		pr_out(pr, " preference %u, lifetime %u", get16(o + 4), get16(o + 6));
		return true;
	case OPT_ROUTE_INFO:
		return print_route_info(pr, o, units);
	case OPT_REDIRECTED_HEADER:
		return true;
	default:
		if (pr->opts.verbose > 1)
			return true;
		print_hex_indented(pr, "\n\t  ", o + 2, len - 2, false);
		return false;
	}
}

int print_nd_options(struct packet_printer *pr, struct span opts)
{
	uint32_t off = 0;

	/* As far as the capture goes, as long as the message lasts. */
	while (off < opts.cap) {
		uint8_t units;

		if (!span_has(&opts, off, 2))
			return print_truncated(pr, "icmp6");
		if (off >= opts.len)
			return 0;
		units = opts.p[off + 1];
		if (!units || !span_has(&opts, off, units * 8u))
			return print_truncated(pr, "icmp6");
		pr_out(pr, "\n\t  %s option (%u), length %u (%u): ", option_name(opts.p[off]),
		       opts.p[off], units * 8, units);
		if (!print_option(pr, opts.p + off, units))
			return opts.p[off] == OPT_ROUTE_INFO ? print_truncated(pr, "icmp6") : 0;
		/* -vv: every option's bytes as well. */
		if (pr->opts.verbose > 1)
			print_hex_indented(pr, "\n\t    ", opts.p + off + 2, units * 8u - 2,
					   false);
		off += units * 8;
	}
	return 0;
}
