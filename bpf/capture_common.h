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
/* The transport (enum xdpdump_ring_kind): the perf event array "events"
 * or the BPF ring buffer "rb". */
const volatile __u8 ring_kind = XDPDUMP_RING_PERF;
/* Ring buffer only: wake the reader once this many bytes wait (1/32 of
 * the ring); below it records go in without a wakeup and the reader's
 * timer collects them. */
const volatile __u64 wakeup_bytes = 1 << 20;

/* A perf sample's size is a 16-bit field in its header: metadata, raw-size
 * word and packet must fit in 64 KiB, so longer captures are cut here and
 * keep their full length in pkt_len. */
#define MAX_SAMPLE_PACKET (0xffff - 64 - (int)sizeof(struct xdpdump_meta))

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* One ring shared by the CPUs: memory follows the traffic, so a burst on
 * one CPU may use all of it (docs/record-path.md). User space sizes it
 * before load; a perf capture leaves it at one page. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

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

/*
 * What each object that includes this header defines, after the include:
 * the perf output of the meta with cap_len packet bytes appended (XDP:
 * bpf_perf_event_output on the xdp_md; tracing: bpf_xdp_output), and the
 * copy of the first len bytes of the packet into dst, 0 or negative.
 */
static __always_inline long xdpdump_perf_output(void *pkt, const struct xdpdump_meta *meta);
static __always_inline long xdpdump_copy_packet(void *pkt, void *dst, __u32 len);

/*
 * Ring buffer submission: wake the reader only when this record takes the
 * data waiting across the watermark. Below it records go in without a
 * wakeup and the reader's timer collects them; above it the reader is
 * already awake, and a wakeup per record would be a self-IPI per record
 * (an irq_work runs and is free again at once). A crossing missed because
 * another CPU reserved at the same moment costs at most one timer tick.
 */
static __always_inline __u64 ringbuf_wakeup_flag(__u64 len)
{
	__u64 avail = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA);

	return avail >= wakeup_bytes && avail - len < wakeup_bytes ? BPF_RB_FORCE_WAKEUP :
								     BPF_RB_NO_WAKEUP;
}

/* A record of one size class: the verifier wants a constant size for
 * bpf_ringbuf_reserve, so a record takes the smallest class its packet
 * fits (classes are at most 1/3 apart above 1 KiB, so little is wasted
 * on the common sizes). The reader uses cap_len, not the record size. */
#define RECORD_CLASS(class)                                                                      \
	if (meta->cap_len <= (class)) {                                                          \
		struct xdpdump_meta *rec = bpf_ringbuf_reserve(&rb, sizeof(*meta) + (class), 0); \
		/* len - 1, so that older verifiers (6.1), which learn nothing   \
		 * from len != 0, see a copy of 1 to class bytes */               \
		__u64 last = (__u64)meta->cap_len - 1;                                           \
		if (!rec)                                                                        \
			return -1;                                                               \
		*rec = *meta;                                                                    \
		/* the compiler knows the bound; the verifier must see it */                     \
		asm volatile("" : "+r"(last));                                                   \
		if (last >= (class) || xdpdump_copy_packet(pkt, rec + 1, last + 1)) {            \
			bpf_ringbuf_discard(rec, BPF_RB_NO_WAKEUP);                              \
			return -1;                                                               \
		}                                                                                \
		bpf_ringbuf_submit(rec, ringbuf_wakeup_flag(8 + sizeof(*meta) + (class)));       \
		return 0;                                                                        \
	}

static __always_inline long ringbuf_record(void *pkt, const struct xdpdump_meta *meta)
{
	RECORD_CLASS(64)
	RECORD_CLASS(128)
	RECORD_CLASS(256)
	RECORD_CLASS(512)
	RECORD_CLASS(1024)
	RECORD_CLASS(1536)
	RECORD_CLASS(2048)
	RECORD_CLASS(4096)
	RECORD_CLASS(9216)
	RECORD_CLASS(16384)
	RECORD_CLASS(32768)
	RECORD_CLASS(MAX_SAMPLE_PACKET)
	return -1;
}

/*
 * The one place a record is made, for every program and transport: meta
 * is complete (cap_len bytes of the packet follow it in the record). The
 * caller has decided the packet is wanted (filter, and whatever budget
 * runs before this); this counts it kept, and counts it lost when the
 * ring has no room.
 */
static __always_inline void record_packet(void *pkt, struct xdpdump_cpu_stats *st,
					  const struct xdpdump_meta *meta)
{
	long err;

	if (meta->point == XDPDUMP_POINT_ENTRY)
		st->matched += 1;
	else
		st->exit_matched += 1;
	if (ring_kind == XDPDUMP_RING_RINGBUF)
		err = ringbuf_record(pkt, meta);
	else
		err = xdpdump_perf_output(pkt, meta);
	if (err)
		st->output_failed += 1;
}

#endif /* XDPDUMP_CAPTURE_COMMON_H */
