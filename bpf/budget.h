/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record budget (--sample N, --max-rate PPS), decided in the kernel
 * after the filter and before a record is made: a packet left out costs a
 * counter, never a copy. Include it from a capture object's .bpf.c file
 * after capture_common.h: it defines read-only globals and a map. The
 * design and its measurements are in docs/budget.md.
 *
 * Order: filter -> sample (1 in N, per CPU and capture point) -> rate
 * (at most PPS records a second for the interface, all CPUs together).
 */
#ifndef XDPDUMP_BUDGET_H
#define XDPDUMP_BUDGET_H

#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdpdump_shared.h"

/* Set by user space before load (xdpdump/budget.c). 0 or 1: no sampling. */
const volatile __u32 sample_every = 0;
/* Nanoseconds of budget one record costs (ceil(1e9 / PPS)); 0: no limit. */
const volatile __u64 rate_interval_ns = 0;
/* How far ahead of now the budget may be spent: the burst, less one
 * record, in nanoseconds ((burst - 1) * rate_interval_ns). */
const volatile __u64 rate_tolerance_ns = 0;

/* Tries at the shared state when another CPU updates it at the same time;
 * after that the record counts as over the budget. */
#define BUDGET_CAS_TRIES 3

/* The interface's rate state, shared by its CPUs (and by every traced
 * program of the interface: user space makes them use one map). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdpdump_budget_state);
} budget SEC(".maps");

/*
 * 1 in N, deterministic: this CPU keeps the first record of each run of N
 * the filter kept at this point. A per-CPU countdown needs no atomics and
 * no division. Entry and exit count apart, so with both points on and
 * filters that agree, a CPU samples the same packets at entry and exit.
 */
static __always_inline bool sample_admit(struct xdpdump_cpu_stats *st, __u32 point)
{
	__u64 *left = point == XDPDUMP_POINT_ENTRY ? &st->sample_left : &st->exit_sample_left;

	if (*left) {
		*left -= 1;
		if (point == XDPDUMP_POINT_ENTRY)
			st->unsampled += 1;
		else
			st->exit_unsampled += 1;
		return false;
	}
	*left = sample_every - 1;
	return true;
}

/*
 * The clock of the budget. The coarse one (the time of the last tick)
 * costs about what a rejecting filter does, the precise one four times
 * more, and the clock is read in every packet of a flood over the budget.
 * From tick to tick the coarse clock moves as the precise one does, so
 * the rate is the same; its steps let the records a tick pays for through
 * together, so over any span there are at most PPS x span + the burst +
 * one tick's worth (docs/budget.md). Tracing programs may not read it:
 * trace.bpf.c defines BUDGET_CLOCK_NS() as the precise clock before
 * including this file.
 */
#ifndef BUDGET_CLOCK_NS
#define BUDGET_CLOCK_NS() bpf_ktime_get_coarse_ns()
#endif

/*
 * At most one record per rate_interval_ns on average, all CPUs together:
 * GCRA (the virtual-scheduling form of a token bucket). tat is the time
 * the budget is spent up to; a record is admitted while tat is no more
 * than rate_tolerance_ns ahead of now, and moves it one interval on.
 * Refusing only reads the shared line, so in a flood over the budget the
 * CPUs share it read-only and do not bounce it; only an admitted record
 * writes, with one compare-and-swap (at most PPS of them a second).
 */
static __always_inline bool rate_admit(void)
{
	struct xdpdump_budget_state *b;
	__u64 now, tat, next;
	__u32 zero = 0;

	b = bpf_map_lookup_elem(&budget, &zero);
	if (!b)
		return false;
	now = BUDGET_CLOCK_NS();
#pragma unroll
	for (int i = 0; i < BUDGET_CAS_TRIES; i++) {
		tat = *(volatile __u64 *)&b->tat;
		if (tat > now + rate_tolerance_ns)
			return false;
		next = (tat > now ? tat : now) + rate_interval_ns;
		if (__sync_val_compare_and_swap(&b->tat, tat, next) == tat)
			return true;
	}
	return false;
}

/* Whether the filter's pick at this point becomes a record. A packet left
 * out is counted here: unsampled or over the budget, never a drop. */
static __always_inline bool budget_admit(struct xdpdump_cpu_stats *st, __u32 point)
{
	if (sample_every > 1 && !sample_admit(st, point))
		return false;
	if (rate_interval_ns && !rate_admit()) {
		if (point == XDPDUMP_POINT_ENTRY)
			st->over_budget += 1;
		else
			st->exit_over_budget += 1;
		return false;
	}
	return true;
}

#endif /* XDPDUMP_BUDGET_H */
