// SPDX-License-Identifier: GPL-2.0
/*
 * The group records of IGMPv3 (RFC 3376 4.2) and MLDv2 (RFC 3810 5.2)
 * reports, which differ only in the size of their addresses: shown with
 * -v, their sources counted at -v and listed at -vv.
 */
#include "print_internal.h"

static const char *record_kind(uint8_t type)
{
	static const char *const kinds[] = { NULL,    "is_in", "is_ex", "to_in",
					     "to_ex", "allow", "block" };

	return type >= 1 && type <= 6 ? kinds[type] : NULL;
}

/* Maximum response codes of queries (RFC 3376 4.1.1, RFC 3810 5.1.3):
 * small values as they are, large ones as a floating-point form with
 * exp_bits of exponent above a mantissa of mant_bits. */
uint32_t group_max_resp(uint32_t code, unsigned int mant_bits, unsigned int exp_bits)
{
	uint32_t limit = 1u << (mant_bits + exp_bits);

	if (code < limit)
		return code;
	return ((code & ((1u << mant_bits) - 1)) | (1u << mant_bits))
	       << (((code >> mant_bits) & ((1u << exp_bits) - 1)) + 3);
}

void print_query_sources(struct packet_printer *pr, struct span s, uint32_t off, uint32_t count,
			 int version)
{
	uint32_t addr_len = version == 4 ? 4 : 16;
	char addr[46];

	if (!count)
		return;
	if (s.len < off + count * addr_len) {
		pr_out(pr, " [invalid number of sources]");
	} else if (pr->opts.verbose > 1 && span_has(&s, off, count * addr_len)) {
		pr_out(pr, " {");
		for (uint32_t i = 0; i < count; i++) {
			format_ip(version, s.p + off + i * addr_len, addr, sizeof(addr));
			pr_out(pr, " %s", addr);
		}
		pr_out(pr, " }");
	} else {
		pr_out(pr, ", %u source(s)", count);
	}
}

int print_group_records(struct packet_printer *pr, struct span s, uint32_t off, uint32_t count,
			int version)
{
	uint32_t addr_len = version == 4 ? 4 : 16, header = 4 + addr_len;
	char addr[46];

	for (uint32_t i = 0; i < count; i++) {
		const char *kind;
		uint16_t sources;

		if (s.len < off + header) {
			pr_out(pr, " [invalid number of groups]");
			return 0;
		}
		if (!span_has(&s, off, header))
			return print_truncated_deep(pr, version == 4 ? "igmp" : "icmp6");
		format_ip(version, s.p + off + 4, addr, sizeof(addr));
		pr_out(pr, " [gaddr %s", addr);
		kind = record_kind(s.p[off]);
		if (kind)
			pr_out(pr, " %s", kind);
		else
			pr_out(pr, "  [v%u-report-#%u]", version == 4 ? 3 : 2, s.p[off]);
		sources = get16(s.p + off + 2);
		if (s.len < off + header + sources * addr_len) {
			pr_out(pr, " [invalid number of sources %u]", sources);
			return 0;
		}
		if (pr->opts.verbose == 1) {
			pr_out(pr, ", %u source(s)", sources);
		} else {
			if (!span_has(&s, off, header + sources * addr_len))
				return print_truncated_deep(pr, version == 4 ? "igmp" : "icmp6");
			pr_out(pr, " {");
			for (uint32_t j = 0; j < sources; j++) {
				format_ip(version, s.p + off + header + j * addr_len, addr,
					  sizeof(addr));
				pr_out(pr, " %s", addr);
			}
			pr_out(pr, " }");
		}
		off += header + sources * addr_len;
		pr_out(pr, "]");
	}
	return 0;
}
