// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "status.h"

#define NSEC_PER_SEC 1000000000ull
/* VT100/ECMA-48: erase from the cursor to the end of the line */
#define ERASE_TO_EOL "\033[K"

struct status_line {
	uint64_t last_ns;
	uint64_t last_captured;
	bool drawn;
};

struct status_line *status_line__new(uint64_t now_ns)
{
	struct status_line *sl;

	if (!isatty(STDERR_FILENO))
		return NULL;
	sl = calloc(1, sizeof(*sl));
	if (sl)
		sl->last_ns = now_ns;
	return sl;
}

bool status_line__due(const struct status_line *sl, uint64_t now_ns)
{
	return sl && now_ns - sl->last_ns >= NSEC_PER_SEC;
}

void status_line__update(struct status_line *sl, uint64_t now_ns, uint64_t captured,
			 uint64_t lost, uint64_t left_out)
{
	uint64_t elapsed, rate;

	if (!status_line__due(sl, now_ns))
		return;
	elapsed = now_ns - sl->last_ns;
	rate = (captured - sl->last_captured) * NSEC_PER_SEC / elapsed;
	fprintf(stderr, "\rxdpdump: %llu packets captured, %llu/s, %llu lost",
		(unsigned long long)captured, (unsigned long long)rate, (unsigned long long)lost);
	if (left_out)
		fprintf(stderr, ", %llu left out by the budget", (unsigned long long)left_out);
	fputs(ERASE_TO_EOL, stderr);
	sl->last_ns = now_ns;
	sl->last_captured = captured;
	sl->drawn = true;
}

void status_line__end(struct status_line *sl)
{
	if (!sl)
		return;
	if (sl->drawn)
		fputs("\r" ERASE_TO_EOL, stderr);
	free(sl);
}
