// SPDX-License-Identifier: GPL-2.0
/*
 * --sample and --max-rate from user space: the settings the capture
 * programs get, and the accounting of what the budget left out. Records
 * left out are not drops: nothing was lost, the operator asked for fewer.
 */
#include <stdio.h>
#include "capture_session.h"
#include "capture.skel.h"
#include "capture_budget.h"
#include "pcapng.h"

#define NSEC_PER_SEC 1000000000ull

bool capture_budget__on(const struct capture_options *o)
{
	return o->sample > 1 || o->max_rate;
}

uint64_t capture_budget__burst(uint32_t max_rate)
{
	uint64_t burst = (uint64_t)max_rate * BUDGET_BURST_MS / 1000;

	return burst ? burst : 1;
}

void capture_budget__configure(struct capture_bpf *skel, const struct capture_options *o)
{
	uint64_t interval;

	skel->rodata->sample_every = o->sample > 1 ? o->sample : 0;
	if (!o->max_rate)
		return;
	/* Rounded up: the rate never goes over PPS, and under it by less
	 * than 1% (PPS <= BUDGET_RATE_MAX, so the step is >= 100 ns). */
	interval = (NSEC_PER_SEC + o->max_rate - 1) / o->max_rate;
	skel->rodata->rate_interval_ns = interval;
	skel->rodata->rate_tolerance_ns = (capture_budget__burst(o->max_rate) - 1) * interval;
}

void capture_budget__add(struct xdpdump_cpu_stats *sum, const struct xdpdump_cpu_stats *cpu)
{
	sum->unsampled += cpu->unsampled;
	sum->over_budget += cpu->over_budget;
	sum->exit_unsampled += cpu->exit_unsampled;
	sum->exit_over_budget += cpu->exit_over_budget;
}

void capture_budget__store(struct capture_iface *ci, const struct xdpdump_cpu_stats *sum)
{
	ci->unsampled = sum->unsampled;
	ci->over_budget = sum->over_budget;
	ci->exit_unsampled = sum->exit_unsampled;
	ci->exit_over_budget = sum->exit_over_budget;
}

uint64_t capture_budget__left_out(const struct capture_iface *ci)
{
	return ci->unsampled + ci->over_budget + ci->exit_unsampled + ci->exit_over_budget;
}

void capture_budget__describe(const struct capture_options *o, const struct capture_iface *ci,
			      char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	if (o->sample > 1)
		used += snprintf(buf, size, ", %llu left out by --sample %u",
				 (unsigned long long)(ci->unsampled + ci->exit_unsampled),
				 o->sample);
	if (o->max_rate && used < size)
		snprintf(buf + used, size - used, ", %llu over --max-rate %u",
			 (unsigned long long)(ci->over_budget + ci->exit_over_budget),
			 o->max_rate);
}

/*
 * pcapng's own counters keep their meaning (draft-ietf-opsawg-pcapng,
 * section 4.6): filteraccept is what the filter (and --action) kept,
 * usrdeliv what reached xdpdump, osdrop what the rings lost. What the
 * budget left out is the rest of filteraccept; the comment says so, with
 * the figures, so nobody reads the gap as packets still in flight or as
 * drops.
 */
void capture_budget__isb(const struct capture_options *o, const struct capture_iface *ci,
			 struct capture_if_stats *st, char *buf, size_t size)
{
	if (!capture_budget__on(o))
		return;
	st->has_filteraccept = true;
	st->filteraccept = ci->matched + ci->exit_matched + capture_budget__left_out(ci);
	st->has_usrdeliv = true;
	st->usrdeliv = ci->captured;
	snprintf(buf, size,
		 "xdpdump budget: unsampled=%llu over_budget=%llu sample=%u max_rate=%u burst=%llu; "
		 "records the filter kept but the budget left out, not drops",
		 (unsigned long long)(ci->unsampled + ci->exit_unsampled),
		 (unsigned long long)(ci->over_budget + ci->exit_over_budget),
		 o->sample > 1 ? o->sample : 1, o->max_rate,
		 (unsigned long long)(o->max_rate ? capture_budget__burst(o->max_rate) : 0));
	st->comment = buf;
}
