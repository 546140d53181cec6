// SPDX-License-Identifier: GPL-2.0
#include <time.h>
#include "clock.h"

static uint64_t read_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

uint64_t mono_now_ns(void)
{
	return read_ns(CLOCK_MONOTONIC);
}

/* Read the wall clock between two monotonic reads; the tightest of a few
 * brackets bounds the error by half its width (tens of nanoseconds). */
void wall_clock__calibrate(struct wall_clock *c)
{
	uint64_t best_width = UINT64_MAX;

	for (int i = 0; i < 16; i++) {
		uint64_t before = read_ns(CLOCK_MONOTONIC);
		uint64_t wall = read_ns(CLOCK_REALTIME);
		uint64_t after = read_ns(CLOCK_MONOTONIC);

		if (after - before < best_width) {
			best_width = after - before;
			c->offset_ns = (int64_t)(wall - (before + (after - before) / 2));
		}
	}
}

uint64_t wall_clock__from_mono(const struct wall_clock *c, uint64_t mono_ns)
{
	return (uint64_t)((int64_t)mono_ns + c->offset_ns);
}
