/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two BPF objects that write records have in common: the XDP
 * capture programs (capture.bpf.c) and the fentry/fexit programs
 * (trace.bpf.c). Their settings, their rings and counters (which user
 * space reads the same way for both), and how a packet gets its id and its
 * capture length. Include it once, from the object's .bpf.c file: it
 * defines maps and read-only globals.
 */
#ifndef XDPDUMP_CAPTURE_COMMON_H
#define XDPDUMP_CAPTURE_COMMON_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdpdump_shared.h"

/* Set by user space before load (read-only globals, so the verifier sees
 * constants). */
const volatile __u32 snaplen = XDPDUMP_DEFAULT_SNAPLEN;
/* Record packets on entry (before the user's program). */
const volatile __u8 capture_entry = 1;
/* Exit records to keep: bit N set keeps verdict N (XDP_ABORTED..). */
const volatile __u32 exit_actions = 0xffffffff;

/* A perf sample's size is a 16-bit field in its header: metadata, raw-size
 * word and packet must fit in 64 KiB, so longer captures are cut here and
 * keep their full length in pkt_len. */
#define MAX_SAMPLE_PACKET (0xffff - 64 - (int)sizeof(struct xdpdump_meta))

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* One slot: this CPU's counters (struct xdpdump_cpu_stats). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdpdump_cpu_stats);
} stats SEC(".maps");

static __always_inline struct xdpdump_cpu_stats *cpu_stats(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&stats, &zero);
}

#define PACKET_SEQ_MASK ((1ull << XDPDUMP_PACKET_ID_CPU_SHIFT) - 1)

/* The packet this CPU is handling (see struct xdpdump_cpu_stats). The
 * per-CPU seen counter doubles as a sequence: with the CPU number in the
 * top bits it names each packet uniquely without atomics. An exit record
 * is taken on the same CPU before the next packet is counted, so it
 * derives the same id. */
static __always_inline __u64 current_packet_id(const struct xdpdump_cpu_stats *st)
{
	return ((__u64)bpf_get_smp_processor_id() << XDPDUMP_PACKET_ID_CPU_SHIFT) |
	       ((st->seen - 1) & PACKET_SEQ_MASK);
}

/* Bytes to copy of a pkt_len frame: the snap length, the filter's (keep)
 * and what fits in one perf sample, whichever is least. */
static __always_inline __u32 capture_length(__u32 pkt_len, __u32 keep)
{
	__u32 cap_len = pkt_len < snaplen ? pkt_len : snaplen;

	if (cap_len > keep)
		cap_len = keep;
	if (cap_len > MAX_SAMPLE_PACKET)
		cap_len = MAX_SAMPLE_PACKET;
	return cap_len;
}

/* Whether the exit record of a packet with this verdict is wanted. */
static __always_inline bool exit_action_wanted(__u32 action)
{
	return action < 32 && (exit_actions & (1u << action));
}

#endif /* XDPDUMP_CAPTURE_COMMON_H */
