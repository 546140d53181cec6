// SPDX-License-Identifier: GPL-2.0
/*
 * The -t family of time stamps. Like tcpdump reading a file, microseconds
 * are shown and the nanoseconds below them are cut, not rounded.
 */
#include <time.h>
#include "print_internal.h"

#define NS_PER_US 1000ull
#define US_PER_S 1000000ull

static void print_clock(struct packet_printer *pr, uint64_t ts_ns, bool with_date)
{
	time_t sec = ts_ns / (NS_PER_US * US_PER_S);
	unsigned int us = ts_ns / NS_PER_US % US_PER_S;
	struct tm tm;

	localtime_r(&sec, &tm);
	if (with_date)
		pr_out(pr, "%04d-%02d-%02d ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	pr_out(pr, "%02d:%02d:%02d.%06u ", tm.tm_hour, tm.tm_min, tm.tm_sec, us);
}

/* An interval as " HH:MM:SS.uuuuuu", with a minus sign when time ran back. */
static void print_interval(struct packet_printer *pr, uint64_t from_ns, uint64_t to_ns)
{
	bool negative = to_ns < from_ns;
	uint64_t us = (negative ? from_ns - to_ns : to_ns - from_ns) / NS_PER_US;
	uint64_t s = us / US_PER_S;

	pr_out(pr, " %s%02llu:%02llu:%02llu.%06llu ", negative ? "-" : "",
	       (unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60),
	       (unsigned long long)(s % 60), (unsigned long long)(us % US_PER_S));
}

void print_timestamp(struct packet_printer *pr, uint64_t ts_ns)
{
	uint64_t us = ts_ns / NS_PER_US;

	if (!pr->have_first) {
		pr->have_first = true;
		pr->first_ns = pr->prev_ns = ts_ns;
	}
	switch (pr->opts.time_format) {
	case PRINT_TIME_CLOCK:
		print_clock(pr, ts_ns, false);
		break;
	case PRINT_TIME_NONE:
		break;
	case PRINT_TIME_EPOCH:
		pr_out(pr, "%llu.%06llu ", (unsigned long long)(us / US_PER_S),
		       (unsigned long long)(us % US_PER_S));
		break;
	case PRINT_TIME_DELTA:
		print_interval(pr, pr->prev_ns, ts_ns);
		break;
	case PRINT_TIME_DATE:
		print_clock(pr, ts_ns, true);
		break;
	case PRINT_TIME_SINCE_FIRST:
		print_interval(pr, pr->first_ns, ts_ns);
		break;
	}
	pr->prev_ns = ts_ns;
}
