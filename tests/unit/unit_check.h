/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The check of the small unit tests: define UNIT_NAME, include this, and in
 * a void test function CHECK(cond, "what went wrong", ...) prints a FAIL
 * line, counts it in `failures` and leaves the function.
 */
#ifndef XDPDUMP_UNIT_CHECK_H
#define XDPDUMP_UNIT_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                                \
	do {                                            \
		if (!(cond)) {                          \
			printf("FAIL " UNIT_NAME ": "); \
			printf(__VA_ARGS__);            \
			printf("\n");                   \
			failures++;                     \
			return;                         \
		}                                       \
	} while (0)

#endif /* XDPDUMP_UNIT_CHECK_H */
