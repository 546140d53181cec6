/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record budget seen from user space: --sample and --max-rate become
 * the capture programs' settings (bpf/budget.h), and what they left out
 * is reported apart from what was lost. Design: docs/budget.md.
 */
#ifndef XDPDUMP_CAPTURE_BUDGET_H
#define XDPDUMP_CAPTURE_BUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xdpdump_shared.h"

/* Limits of the options. Beyond a billion, 1 in N keeps nothing a
 * capture would ever see; above 10 M records a second no capture keeps
 * up, and the budget's nanosecond step would be more than 1% off. */
#define BUDGET_SAMPLE_MAX 1000000000ull
#define BUDGET_RATE_MAX 10000000ull
/* The burst --max-rate allows after a quiet spell: this many milliseconds
 * of the rate, and at least one record. */
#define BUDGET_BURST_MS 10

struct capture_options;
struct capture_iface;
struct capture_bpf;
struct capture_if_stats;

/* Whether --sample or --max-rate is on. */
bool capture_budget__on(const struct capture_options *o);
/* Records --max-rate lets through back to back after a quiet spell. */
uint64_t capture_budget__burst(uint32_t max_rate);
/* Put the settings into the capture program's read-only globals. */
void capture_budget__configure(struct capture_bpf *skel, const struct capture_options *o);
/* Add one CPU's budget counters to a sum. */
void capture_budget__add(struct xdpdump_cpu_stats *sum, const struct xdpdump_cpu_stats *cpu);
/* Keep an interface's budget counters from the summed kernel counters. */
void capture_budget__store(struct capture_iface *ci, const struct xdpdump_cpu_stats *sum);
/* Records the budget left out of an interface, entry and exit. */
uint64_t capture_budget__left_out(const struct capture_iface *ci);
/* For the summary line: ", N left out by --sample K, M over --max-rate R"
 * (empty without a budget). */
void capture_budget__describe(const struct capture_options *o, const struct capture_iface *ci,
			      char *buf, size_t size);
/* Fill the ISB's filteraccept, usrdeliv and comment (which points into
 * buf) for an interface, when a budget is on. */
void capture_budget__isb(const struct capture_options *o, const struct capture_iface *ci,
			 struct capture_if_stats *st, char *buf, size_t size);

#endif /* XDPDUMP_CAPTURE_BUDGET_H */
