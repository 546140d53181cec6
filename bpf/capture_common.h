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

/*
 * Writable globals (.data), which user space reaches through the
 * skeleton's mapping while the capture runs: the wall clock's offset from
 * bpf_ktime_get_ns(), set before load and kept current (clock drift, a
 * step of the wall clock), and the interface id of this object's records
 * in the file, set once the IDBs are written.
 */
volatile __s64 mono_to_wall_ns SEC(".data") = 0;
volatile __u32 epb_if_id SEC(".data") = XDPDUMP_EPB_IF_UNSET;

/* What follows the padded packet (struct xdpdump_epb_head describes the
 * whole record). The option headers are code and length, 16 bits each. */
struct epb_opt_head {
	__u16 code;
	__u16 len;
} __attribute__((packed, aligned(4)));

struct epb_tail_common {
	struct epb_opt_head flags_opt;
	__u32 flags;
	struct epb_opt_head id_opt;
	__u64 packet_id;
	struct epb_opt_head queue_opt;
	__u32 queue;
} __attribute__((packed, aligned(4)));

struct epb_tail_entry {
	struct epb_tail_common c;
	struct epb_opt_head end;
	__u32 block_len;
} __attribute__((packed, aligned(4)));

struct epb_tail_exit {
	struct epb_tail_common c;
	struct epb_opt_head verdict_opt;
	__u8 verdict_type;
	__u64 verdict;
	__u8 verdict_pad[3];
	struct epb_opt_head end;
	__u32 block_len;
} __attribute__((packed, aligned(4)));

_Static_assert(sizeof(struct xdpdump_epb_head) == XDPDUMP_EPB_HEAD_LEN, "EPB head");
_Static_assert(sizeof(struct epb_tail_entry) == XDPDUMP_EPB_TAIL_ENTRY, "EPB entry tail");
_Static_assert(sizeof(struct epb_tail_exit) == XDPDUMP_EPB_TAIL_EXIT, "EPB exit tail");

static __always_inline __u32 epb_tail_len(__u32 point)
{
	return point == XDPDUMP_POINT_EXIT ? XDPDUMP_EPB_TAIL_EXIT : XDPDUMP_EPB_TAIL_ENTRY;
}

/* The block's total length: fixed part, padded packet, tail. */
static __always_inline __u32 epb_block_len(__u32 cap_len, __u32 point)
{
	return XDPDUMP_EPB_HEAD_LEN - 8 + ((cap_len + 3) & ~3u) + epb_tail_len(point);
}

/* The fixed part, stamped now: after the reservation, so that the order
 * of the shared ring (the order of reservations) is, but for an interrupt
 * between the two, the order of the stamps. */
static __always_inline void epb_put_head(struct xdpdump_epb_head *h,
					 const struct xdpdump_meta *meta, __u32 block_len)
{
	__u64 mono = bpf_ktime_get_ns(), wall = mono + mono_to_wall_ns;
	__u32 if_id = epb_if_id;

	if (if_id & XDPDUMP_EPB_IF_UNSET)
		if_id |= meta->source;
	h->mono_ns = mono;
	h->block_type = XDPDUMP_EPB_TYPE;
	h->block_len = block_len;
	h->if_id = if_id;
	h->ts_high = wall >> 32;
	h->ts_low = (__u32)wall;
	h->cap_len = meta->cap_len;
	h->pkt_len = meta->pkt_len;
}

static __always_inline void epb_put_common(struct epb_tail_common *c,
					   const struct xdpdump_meta *meta)
{
	c->flags_opt.code = XDPDUMP_EPB_OPT_FLAGS;
	c->flags_opt.len = 4;
	c->flags = XDPDUMP_EPB_FLAG_INBOUND;
	c->id_opt.code = XDPDUMP_EPB_OPT_PACKETID;
	c->id_opt.len = 8;
	c->packet_id = meta->packet_id;
	c->queue_opt.code = XDPDUMP_EPB_OPT_QUEUE;
	c->queue_opt.len = 4;
	c->queue = meta->rx_queue;
}

/*
 * pad: the last 4-byte word the packet reaches, then the tail. The word
 * is zeroed first and the packet copied over it afterwards, which leaves
 * the padding zero without computing its length.
 */
static __always_inline void epb_put_pad_tail_entry(void *pad, const struct xdpdump_meta *meta,
						   __u32 block_len)
{
	struct epb_tail_entry *t = pad + 4;

	*(__u32 *)pad = 0;
	epb_put_common(&t->c, meta);
	t->end.code = t->end.len = 0;
	t->block_len = block_len;
}

static __always_inline void epb_put_pad_tail_exit(void *pad, const struct xdpdump_meta *meta,
						  __u32 block_len)
{
	struct epb_tail_exit *t = pad + 4;

	*(__u32 *)pad = 0;
	epb_put_common(&t->c, meta);
	t->verdict_opt.code = XDPDUMP_EPB_OPT_VERDICT;
	t->verdict_opt.len = 9;
	t->verdict_type = XDPDUMP_EPB_VERDICT_XDP;
	t->verdict = meta->action;
	t->verdict_pad[0] = t->verdict_pad[1] = t->verdict_pad[2] = 0;
	t->end.code = t->end.len = 0;
	t->block_len = block_len;
}

/* Where the padding word starts: the word that holds the packet's last
 * byte (cap_len >= 1). */
static __always_inline __u32 epb_pad_offset(__u32 cap_len)
{
	return XDPDUMP_EPB_HEAD_LEN + ((cap_len - 1) & ~3u);
}

/* A record of one size class: the verifier wants a constant size for
 * bpf_ringbuf_reserve, so a record takes the smallest class its packet
 * fits (classes are at most 1/3 apart above 1 KiB, so little is wasted
 * on the common sizes). The record holds the block and room to spare; the
 * reader goes by the block's length. */
#define EPB_RECORD_CLASS(class)                                                                  \
	if (meta->cap_len <= (class)) {                                                          \
		__u8 *rec = bpf_ringbuf_reserve(                                                 \
			&rb, XDPDUMP_EPB_HEAD_LEN + (class) + 4 + XDPDUMP_EPB_TAIL_EXIT, 0);     \
		/* len - 1, so that older verifiers (6.1), which learn nothing   \
		 * from len != 0, see a copy of 1 to class bytes */               \
		__u64 last = (__u64)meta->cap_len - 1;                                           \
		__u32 block_len = epb_block_len(meta->cap_len, meta->point);                     \
		if (!rec)                                                                        \
			return -1;                                                               \
		/* the compiler knows the bound; the verifier must see it */                     \
		asm volatile("" : "+r"(last));                                                   \
		if (last >= (class)) {                                                           \
			bpf_ringbuf_discard(rec, BPF_RB_NO_WAKEUP);                              \
			return -1;                                                               \
		}                                                                                \
		/* Pointer math before any call: a 6.1 verifier forgets the      \
		 * bound of a value the compiler spilled before the check. */               \
		if (meta->point == XDPDUMP_POINT_EXIT)                                           \
			epb_put_pad_tail_exit(rec + XDPDUMP_EPB_HEAD_LEN + (last & ~3ull), meta, \
					      block_len);                                        \
		else                                                                             \
			epb_put_pad_tail_entry(rec + XDPDUMP_EPB_HEAD_LEN + (last & ~3ull),      \
					       meta, block_len);                                 \
		if (xdpdump_copy_packet(pkt, rec + XDPDUMP_EPB_HEAD_LEN, last + 1)) {            \
			bpf_ringbuf_discard(rec, BPF_RB_NO_WAKEUP);                              \
			return -1;                                                               \
		}                                                                                \
		epb_put_head((struct xdpdump_epb_head *)rec, meta, block_len);                   \
		bpf_ringbuf_submit(rec, ringbuf_wakeup_flag(8 + XDPDUMP_EPB_HEAD_LEN + (class) + \
							    4 + XDPDUMP_EPB_TAIL_EXIT));         \
		return 0;                                                                        \
	}

static __always_inline long ringbuf_record_class(void *pkt, const struct xdpdump_meta *meta)
{
	EPB_RECORD_CLASS(64)
	EPB_RECORD_CLASS(128)
	EPB_RECORD_CLASS(256)
	EPB_RECORD_CLASS(512)
	EPB_RECORD_CLASS(1024)
	EPB_RECORD_CLASS(1536)
	EPB_RECORD_CLASS(2048)
	EPB_RECORD_CLASS(4096)
	EPB_RECORD_CLASS(9216)
	EPB_RECORD_CLASS(16384)
	EPB_RECORD_CLASS(32768)
	EPB_RECORD_CLASS(MAX_SAMPLE_PACKET)
	return -1;
}

/* Where the object has a record path of its own for some records (the
 * XDP object's dynptr copy, capture_dynptr.bpf.c), it defines
 * XDPDUMP_RINGBUF_RECORD before the include; the others use the classes. */
#ifndef XDPDUMP_RINGBUF_RECORD
#define XDPDUMP_RINGBUF_RECORD ringbuf_record_class
#endif

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
		err = XDPDUMP_RINGBUF_RECORD(pkt, meta);
	else
		err = xdpdump_perf_output(pkt, meta);
	if (err)
		st->output_failed += 1;
}

#endif /* XDPDUMP_CAPTURE_COMMON_H */
