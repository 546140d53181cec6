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
/*
 * How a ring buffer record copies the packet (--record-copy): the size
 * classes (bpf_ringbuf_reserve + bpf_xdp_load_bytes, every kernel with
 * ring buffers), or, for packets of dynptr_min_cap bytes and more, one
 * reservation of the exact length and bpf_dynptr_copy from the frame
 * (kernels with bpf_dynptr_from_xdp and bpf_dynptr_copy, 6.15 and
 * later). auto takes dynptr where the kernel has it.
 */
enum record_copy {
	RECORD_COPY_AUTO = -1,
	RECORD_COPY_CLASSES = 0,
	RECORD_COPY_DYNPTR = 1,
};

/* auto|dynptr|classes -> RECORD_COPY_*; -EINVAL (reported) otherwise. */
int ring_kind__parse_copy(const char *text, int *copy);
/* What a capture gets; an explicit dynptr on a kernel without the kfuncs
 * is -EOPNOTSUPP (reported). */
int ring_kind__resolve_copy(int requested);
const char *ring_kind__copy_name(int copy);
/* For --version: the transport and record method this kernel gets. */
void ring_kind__print_version(void);

#endif /* XDPDUMP_RING_KIND_H */
