// SPDX-License-Identifier: GPL-2.0
/*
 * IGMP (RFC 1112, RFC 2236, RFC 3376): queries of each version, reports,
 * leaves; with -v a wrong checksum and IGMPv3 group records. DVMRP, PIMv1
 * and mtrace are named by their number only.
 */
#include "print_internal.h"

#define IGMP_QUERY 0x11
#define IGMP_V1_REPORT 0x12
#define IGMP_V2_REPORT 0x16
#define IGMP_LEAVE 0x17
#define IGMP_V3_REPORT 0x22

/* tcpdump's relative time: "1h2m3s", "0s". */
static void print_duration(struct packet_printer *pr, uint32_t secs)
{
	static const struct {
		uint32_t secs;
		char unit;
	} units[] = { { 31536000, 'y' }, { 604800, 'w' }, { 86400, 'd' },
		      { 3600, 'h' },	 { 60, 'm' },	  { 1, 's' } };

	if (!secs)
		pr_out(pr, "0s");
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (secs >= units[i].secs) {
			pr_out(pr, "%u%c", secs / units[i].secs, units[i].unit);
			secs %= units[i].secs;
		}
	}
}

static int print_v3_query(struct packet_printer *pr, struct span s)
{
	uint32_t mrt;
	char group[46];

	pr_out(pr, " v3");
	if (s.len < 12 || s.len & 3) {
		pr_out(pr, " [invalid len %u]", s.len);
		return 0;
	}
	if (!span_has(&s, 0, 12))
		return print_truncated_deep(pr, "igmp");
	mrt = group_max_resp(s.p[1], 4, 3);
	if (s.p[1] != 100) {
		pr_out(pr, " [max resp time ");
		if (mrt < 600)
			pr_out(pr, "%u.%us", mrt / 10, mrt % 10);
		else
			print_duration(pr, mrt / 10);
		pr_out(pr, "]");
	}
	if (!get32(s.p + 4))
		return 0;
	format_ip(4, s.p + 4, group, sizeof(group));
	pr_out(pr, " [gaddr %s", group);
	print_query_sources(pr, s, 12, get16(s.p + 10), 4);
	pr_out(pr, "]");
	return 0;
}

static int print_query(struct packet_printer *pr, struct span s)
{
	char group[46];

	pr_out(pr, "igmp query");
	if (s.len >= 12)
		return print_v3_query(pr, s);
	if (!span_has(&s, 1, 1))
		return print_truncated_deep(pr, "igmp");
	if (s.p[1]) {
		pr_out(pr, " v2");
		if (s.p[1] != 100)
			pr_out(pr, " [max resp time %u]", s.p[1]);
	} else {
		pr_out(pr, " v1");
	}
	if (!span_has(&s, 4, 4))
		return print_truncated_deep(pr, "igmp");
	if (get32(s.p + 4)) {
		format_ip(4, s.p + 4, group, sizeof(group));
		pr_out(pr, " [gaddr %s]", group);
	}
	if (s.len != 8)
		pr_out(pr, " [len %u]", s.len);
	return 0;
}

static int print_message(struct packet_printer *pr, struct span s)
{
	uint8_t type = s.p[0];
	char group[46];

	/* Reports and leaves name their group, fourth to eighth byte. */
	if (type == IGMP_V1_REPORT || type == IGMP_V2_REPORT || type == IGMP_LEAVE) {
		if (!span_has(&s, 4, 4))
			return print_truncated_deep(pr, "igmp");
		format_ip(4, s.p + 4, group, sizeof(group));
	}
	switch (type) {
	case IGMP_QUERY:
		return print_query(pr, s);
	case IGMP_V1_REPORT:
		pr_out(pr, "igmp v1 report %s", group);
		if (s.len != 8)
			pr_out(pr, " [len %u]", s.len);
		return 0;
	case IGMP_V2_REPORT:
		pr_out(pr, "igmp v2 report %s", group);
		return 0;
	case IGMP_LEAVE:
		pr_out(pr, "igmp leave %s", group);
		return 0;
	case IGMP_V3_REPORT:
		pr_out(pr, "igmp v3 report");
		if (s.len < 16 || s.len & 3) {
			pr_out(pr, " [invalid len %u]", s.len);
			return 0;
		}
		if (!span_has(&s, 6, 2))
			return print_truncated_deep(pr, "igmp");
		pr_out(pr, ", %u group record(s)", get16(s.p + 6));
		return pr->opts.verbose ? print_group_records(pr, s, 8, get16(s.p + 6), 4) : 0;
	default:
		pr_out(pr, "igmp-%u", s.p[0]);
		return 0;
	}
}

int print_igmp(struct packet_printer *pr, struct span s)
{
	int err;

	if (pr->opts.quiet) {
		pr_out(pr, "igmp");
		return 0;
	}
	if (!span_has(&s, 0, 1))
		return print_truncated_deep(pr, "igmp");
	err = print_message(pr, s);
	if (err)
		return err;
	if (pr->opts.verbose && s.len >= 4 && span_has(&s, 0, s.len) &&
	    checksum_fold(checksum_add(0, s.p, s.len)))
		pr_out(pr, " bad igmp cksum %x!", get16(s.p + 2));
	return 0;
}
