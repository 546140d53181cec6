// SPDX-License-Identifier: GPL-2.0
/*
 * lib/rotate: tcpdump's -C/-G/-W decisions and file names, step by step
 * with a clock we set: the size rule (strictly over the limit), numbering
 * and ring padding, strftime names per -G interval, -G -W stopping, -C
 * restarting its count in each -G interval, and numbers before ".gz".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rotate.h"

#define UNIT_NAME "test_rotate"
#include "unit_check.h"

/* 2026-11-22 05:00:00 UTC; the test runs with TZ=UTC. */
#define T0 1795323600
#define SEC 1000000000LL

/* The current name must be @want. */
#define CHECK_NAME(r, want)                                                     \
	do {                                                                    \
		char got[256];                                                  \
		CHECK(!rotate__name(r, got, sizeof(got)) && !strcmp(got, want), \
		      "%s: name '%s', want '%s'", __func__, got, want);         \
	} while (0)

static void test_size(void)
{
	struct rotate_opts o = { .name = "cap.pcapng", .max_bytes = 1000 };
	struct rotate r;

	CHECK(!rotate__init(&r, &o, T0 * SEC), "init");
	CHECK_NAME(&r, "cap.pcapng");
	CHECK(rotate__step(&r, 1000, T0 * SEC) == ROTATE_KEEP,
	      "size: rotated at exactly the limit");
	CHECK(rotate__step(&r, 1001, T0 * SEC) == ROTATE_NEXT,
	      "size: did not rotate past the limit");
	CHECK_NAME(&r, "cap.pcapng1");
	CHECK(rotate__step(&r, 1001, (T0 + 99999) * SEC) == ROTATE_NEXT, "size: second rotation");
	CHECK_NAME(&r, "cap.pcapng2");
	printf("PASS test_rotate: -C: NAME, NAME1, NAME2 past the limit only\n");
}

static void test_ring(void)
{
	struct rotate_opts o = { .name = "ring", .max_bytes = 10, .files = 11 };
	struct rotate r;
	int i;

	CHECK(!rotate__init(&r, &o, T0 * SEC), "init");
	CHECK_NAME(&r, "ring00");
	for (i = 1; i <= 10; i++)
		CHECK(rotate__step(&r, 11, T0 * SEC) == ROTATE_NEXT, "ring: step %d", i);
	CHECK_NAME(&r, "ring10");
	CHECK(rotate__step(&r, 11, T0 * SEC) == ROTATE_NEXT, "ring: wrap");
	CHECK_NAME(&r, "ring00");
	o.files = 1;
	CHECK(!rotate__init(&r, &o, T0 * SEC), "init");
	CHECK_NAME(&r, "ring");
	CHECK(rotate__step(&r, 11, T0 * SEC) == ROTATE_NEXT, "ring of one");
	CHECK_NAME(&r, "ring");
	printf("PASS test_rotate: -C -W: padded ring numbers that wrap; a ring of one\n");
}

static void test_time(void)
{
	struct rotate_opts o = { .name = "t-%H%M%S.pcapng.gz", .seconds = 60, .files = 3 };
	struct rotate r;

	CHECK(!rotate__init(&r, &o, T0 * SEC), "init");
	CHECK_NAME(&r, "t-050000.pcapng.gz");
	CHECK(rotate__step(&r, 1 << 30, (T0 + 59) * SEC) == ROTATE_KEEP, "time: not yet");
	CHECK(rotate__step(&r, 0, (T0 + 61) * SEC) == ROTATE_NEXT, "time: interval over");
	CHECK_NAME(&r, "t-050101.pcapng.gz");
	CHECK(rotate__step(&r, 0, (T0 + 121) * SEC) == ROTATE_NEXT, "time: third file");
	CHECK(rotate__step(&r, 0, (T0 + 181) * SEC) == ROTATE_STOP,
	      "time: -W 3 stops after three");
	printf("PASS test_rotate: -G -W: strftime names per interval, stop after COUNT\n");
}

static void test_interval_is_measured(void)
{
	struct rotate_opts o = { .name = "m", .seconds = 1 };
	struct rotate r;
	int64_t opened = T0 * SEC + 900000000;

	CHECK(!rotate__init(&r, &o, opened), "init");
	CHECK(rotate__step(&r, 0, (T0 + 1) * SEC) == ROTATE_KEEP,
	      "rotated 100 ms after opening, at the turn of the second");
	CHECK(rotate__step(&r, 0, opened - 3600 * SEC) == ROTATE_KEEP,
	      "rotated when the clock was set back");
	CHECK(rotate__step(&r, 0, opened + SEC) == ROTATE_NEXT, "no rotation after a second");
	printf("PASS test_rotate: -G 1: a second from the opening, not the next whole second\n");
}

static void test_time_and_size(void)
{
	struct rotate_opts o = {
		.name = "b-%M.pcapng.gz", .seconds = 60, .max_bytes = 10, .files = 2
	};
	struct rotate r;

	CHECK(!rotate__init(&r, &o, T0 * SEC), "init");
	CHECK_NAME(&r, "b-00.pcapng0.gz");
	CHECK(rotate__step(&r, 11, (T0 + 1) * SEC) == ROTATE_NEXT, "both: size");
	CHECK_NAME(&r, "b-00.pcapng1.gz");
	CHECK(rotate__step(&r, 11, (T0 + 2) * SEC) == ROTATE_NEXT, "both: -W does not wrap");
	CHECK_NAME(&r, "b-00.pcapng2.gz");
	CHECK(rotate__step(&r, 0, (T0 + 60) * SEC) == ROTATE_NEXT, "both: time");
	CHECK_NAME(&r, "b-01.pcapng0.gz");
	CHECK(rotate__step(&r, 0, (T0 + 120) * SEC) == ROTATE_NEXT, "both: -W does not stop");
	printf("PASS test_rotate: -G -C: the count restarts each interval, -W only pads\n");
}

static void test_names(void)
{
	struct rotate_opts o = { .name = "100%.gz", .max_bytes = 1 };
	struct rotate r;
	char small[8];

	CHECK(!rotate__init(&r, &o, T0 * SEC), "init");
	CHECK_NAME(&r, "100%.gz");
	rotate__step(&r, 2, T0 * SEC);
	CHECK_NAME(&r, "100%1.gz");
	CHECK(rotate__name(&r, small, sizeof(small)) == -ENAMETOOLONG, "too long");
	CHECK(rotate__is_gzip("a.gz") && !rotate__is_gzip(".gz") && !rotate__is_gzip("a.gz1"),
	      "is_gzip");
	o = (struct rotate_opts){ .name = "x", .files = 3 };
	CHECK(rotate__init(&r, &o, T0 * SEC) == -EINVAL, "-W alone");
	printf("PASS test_rotate: '%%' is literal without -G; numbers go before .gz\n");
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	test_size();
	test_ring();
	test_time();
	test_interval_is_measured();
	test_time_and_size();
	test_names();
	return failures ? 1 : 0;
}
