/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel timestamps to wall-clock time. The capture program stamps packets
 * with bpf_ktime_get_ns() (CLOCK_MONOTONIC) on the CPU that saw them; files
 * want time since the epoch. The offset between the two clocks is measured
 * once, at start, to well under a microsecond, and kept for the whole
 * capture so that time order in the file is the kernel's order even if the
 * wall clock is stepped meanwhile.
 */
#ifndef XDPDUMP_CLOCK_H
#define XDPDUMP_CLOCK_H

#include <stdint.h>

struct wall_clock {
	int64_t offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
};

void wall_clock__calibrate(struct wall_clock *c);
uint64_t wall_clock__from_mono(const struct wall_clock *c, uint64_t mono_ns);
uint64_t mono_now_ns(void);

#endif /* XDPDUMP_CLOCK_H */
