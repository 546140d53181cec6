// SPDX-License-Identifier: GPL-2.0
/*
 * The -t family of time stamps. Like tcpdump reading a file, microseconds
 * are shown and the nanoseconds below them are cut, not rounded; with
 * --time-stamp-precision=nano all nine digits.
 */
#include <time.h>
#include "print_internal.h"

#define NS_PER_US 1000ull
#define US_PER_S 1000000ull

#define NS_PER_S (NS_PER_US * US_PER_S)

/* The fraction of a second below ns, as six or nine digits. */
static void print_fraction(struct packet_printer *pr, uint64_t ns)
{
	ns %= NS_PER_S;
	if (pr->opts.nano)
		pr_out(pr, "%09llu", (unsigned long long)ns);
	else
		pr_out(pr, "%06llu", (unsigned long long)(ns / NS_PER_US));
}

static void print_clock(struct packet_printer *pr, uint64_t ts_ns, bool with_date)
{
	time_t sec = ts_ns / NS_PER_S;
	struct tm tm;

	localtime_r(&sec, &tm);
	if (with_date)
		pr_out(pr, "%04d-%02d-%02d ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	pr_out(pr, "%02d:%02d:%02d.", tm.tm_hour, tm.tm_min, tm.tm_sec);
	print_fraction(pr, ts_ns);
	pr_out(pr, " ");
}

/* An interval as " HH:MM:SS.uuuuuu", with a minus sign when time ran back. */
static void print_interval(struct packet_printer *pr, uint64_t from_ns, uint64_t to_ns)
{
	bool negative;
	uint64_t ns;

	/* tcpdump subtracts the stamps as it shows them: in microseconds,
	 * each already cut, unless it shows nanoseconds. */
	if (!pr->opts.nano) {
		from_ns -= from_ns % NS_PER_US;
		to_ns -= to_ns % NS_PER_US;
	}
	negative = to_ns < from_ns;
	ns = negative ? from_ns - to_ns : to_ns - from_ns;
	uint64_t s = ns / NS_PER_S;

	pr_out(pr, " %s%02llu:%02llu:%02llu.", negative ? "-" : "",
	       (unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60),
	       (unsigned long long)(s % 60));
	print_fraction(pr, ns);
	pr_out(pr, " ");
}

void print_timestamp(struct packet_printer *pr, uint64_t ts_ns)
{
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
		pr_out(pr, "%llu.", (unsigned long long)(ts_ns / NS_PER_S));
		print_fraction(pr, ts_ns);
		pr_out(pr, " ");
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
