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

void status_line__update(struct status_line *sl, uint64_t now_ns, uint64_t captured,
			 uint64_t lost)
{
	uint64_t elapsed, rate;

	if (!sl || now_ns - sl->last_ns < NSEC_PER_SEC)
		return;
	elapsed = now_ns - sl->last_ns;
	rate = (captured - sl->last_captured) * NSEC_PER_SEC / elapsed;
	fprintf(stderr, "\rxdpdump: %llu packets captured, %llu/s, %llu lost" ERASE_TO_EOL,
		(unsigned long long)captured, (unsigned long long)rate,
		(unsigned long long)lost);
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
