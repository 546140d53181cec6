/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which ring carries records from the kernel (--ring): the BPF ring buffer
 * where the kernel has it, the per-CPU perf event array otherwise.
 */
#ifndef XDPDUMP_RING_KIND_H
#define XDPDUMP_RING_KIND_H

#include "xdpdump_shared.h"

/* --ring auto: decided by ring_kind__resolve() at start-up. */
#define XDPDUMP_RING_AUTO (-1)

/* perf|ringbuf|auto -> XDPDUMP_RING_*; -EINVAL (reported) otherwise. */
int ring_kind__parse(const char *text, int *kind);
/* The transport a capture uses: auto becomes ringbuf where the kernel has
 * BPF ring buffers; an explicit ringbuf on a kernel without them is
 * -EOPNOTSUPP (reported). */
int ring_kind__resolve(int requested);
const char *ring_kind__name(int kind);
/* For --version: the transport and record method this kernel gets. */
void ring_kind__print_version(void);

#endif /* XDPDUMP_RING_KIND_H */
