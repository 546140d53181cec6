// SPDX-License-Identifier: GPL-2.0
/* The merge's clock, and stopping every point: each one's stdin is closed,
 * and it stops and restores its interface by itself. Both the event loop
 * (point_merge.c) and the output (point_file.c) may stop the run. */
#include <time.h>
#include "merge.h"

uint64_t merge_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void merge__stop_all(struct merge *m)
{
	if (m->stopping)
		return;
	m->stopping = true;
	m->stop_ns = merge_now_ns();
	for (unsigned int i = 0; i < m->nr_src; i++)
		point_source__stop(&m->src[i]);
}
