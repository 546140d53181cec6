// SPDX-License-Identifier: GPL-2.0
/*
 * The capture program. It runs at the XDP hook of every interface xdpdump
 * captures on, in one of three places (see xdpdump/attach/attach.h): attached on
 * its own, inside a libxdp dispatcher ahead of the user's programs, or in
 * front of the user's program, which it then tail-calls from slot 0 of the
 * "chain" PROG_ARRAY. In every place it only reads the packet, copies its
 * head to a ring (record_packet in capture_common.h) and lets the packet go on unchanged.
 *
 * The second program, xdpdump_at_exit, is exit capture through the
 * cooperative hook (bpf/xdpdump_hook.h): the user's program tail-calls it
 * with its verdict; it records the packet as the program left it, with the
 * verdict, and returns that verdict.
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdpdump_shared.h"

#ifdef XDPDUMP_DYNPTR
static __always_inline long ringbuf_record_dynptr(void *pkt, const struct xdpdump_meta *meta);
#define XDPDUMP_RINGBUF_RECORD ringbuf_record_dynptr
#endif
#include "capture_common.h"
#include "budget.h"

/* capture_dynptr.bpf.c: packets of at least this many bytes are copied by
 * the dynptr kfuncs, smaller ones into size classes. Defined in both
 * objects, so that their globals have one layout. */
const volatile __u32 dynptr_min_cap = 256;
#define XDPDUMP_HOOK_LAYOUT_ONLY
#include "xdpdump_hook.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} chain SEC(".maps");

/* The user's hook state map (bpf/xdpdump_hook.h); user space points this
 * at the program's own map before load. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdpdump_hook_state);
} hook_state SEC(".maps");

/*
 * The pcap filter of the exit program. This body is a stand-in: at load
 * time xdpdump replaces the instructions of this function with the
 * expression translated from classic BPF (lib/cbpf_xlate.c), so the filter
 * runs here, in this program, before any copy. Contract (lib/cbpf_xlate.h): ctx in, the number of
 * bytes to keep out, 0 to reject; a filter that needs the frame's length
 * asks the kernel itself, so a rejected packet costs no helper call here.
 * Without an expression this stand-in stays and keeps everything. It must
 * stay a real call (noinline) whose result the compiler cannot predict, so
 * the barrier hides the constant.
 */
static __noinline __u32 xdpdump_filter(struct xdp_md *ctx)
{
	__u32 keep = 0xffffffff;

	asm volatile("" : "+r"(keep) : "r"(ctx));
	return keep;
}

/*
 * The entry program's filter runs inline, without a call: on this kind of
 * CPU a BPF-to-BPF call and its return cost about 8 ns, most of a rejected
 * packet's budget. xdpdump puts the translated filter (or, without an
 * expression, "keep everything") in front of the entry program's first
 * instruction; it leaves its verdict in r0 and ctx in r1, and reading r0
 * is the first thing the program does (xdpdump/capture/filter.c checks).
 */
static __always_inline __u32 inline_filter_verdict(void)
{
	__u64 keep;

	asm volatile("%0 = r0" : "=r"(keep));
	return keep;
}

static __always_inline long xdpdump_perf_output(void *pkt, const struct xdpdump_meta *meta)
{
	/* For XDP programs the upper 32 bits of the flags ask the kernel to
	 * append that many bytes of the packet after our metadata. */
	return bpf_perf_event_output(pkt, &events,
				     BPF_F_CURRENT_CPU | ((__u64)meta->cap_len << 32),
				     (void *)meta, sizeof(*meta));
}

/* Across the fragments of a multi-buffer frame, like the perf output. */
static __always_inline long xdpdump_copy_packet(void *pkt, void *dst, __u32 len)
{
	return bpf_xdp_load_bytes(pkt, 0, dst, len);
}

#ifdef XDPDUMP_DYNPTR
#include "record_dynptr.h"
#endif

/* Record the packet head, if the filter kept it (keep: the filter's snap
 * length, 0 = rejected). */
static __always_inline void capture_packet(struct xdp_md *ctx, struct xdpdump_cpu_stats *st,
					   __u32 keep, __u32 point, __u32 action)
{
	struct xdpdump_meta meta;
	__u32 pkt_len;

	if (!keep || !budget_admit(st, point))
		return;
	/* Full length including every fragment of a multi-buffer frame. */
	pkt_len = bpf_xdp_get_buff_len(ctx);
	/* A ring buffer record is stamped after its reservation
	 * (epb_put_head); a perf sample now. */
	meta.ts_ns = ring_kind == XDPDUMP_RING_PERF ? bpf_ktime_get_ns() : 0;
	meta.packet_id = current_packet_id(st);
	meta.ifindex = ctx->ingress_ifindex;
	meta.rx_queue = ctx->rx_queue_index;
	meta.pkt_len = pkt_len;
	meta.cap_len = capture_length(pkt_len, keep);
	meta.action = action;
	meta.point = point;
	meta.source = 0;
	meta.reserved = 0;
	record_packet(ctx, st, &meta);
}

SEC(XDPDUMP_PROG_SECTION)
int xdpdump_capture(struct xdp_md *ctx)
{
	__u32 keep = inline_filter_verdict();
	struct xdpdump_cpu_stats *st = cpu_stats();

	if (st) {
		st->seen += 1;
		if (capture_entry)
			capture_packet(ctx, st, keep, XDPDUMP_POINT_ENTRY, 0);
	}

	/* Hand the packet, untouched, to the user's program. With nothing in
	 * the slot (own attach, or inside a dispatcher) the call falls through
	 * and the packet continues to the stack or the next program. */
	bpf_tail_call(ctx, &chain, XDPDUMP_CHAIN_SLOT);
	return XDP_PASS;
}

SEC(XDPDUMP_EXIT_SECTION)
int xdpdump_at_exit(struct xdp_md *ctx)
{
	struct xdpdump_cpu_stats *st = cpu_stats();
	struct xdpdump_hook_state *state;
	__u32 zero = 0, action;

	state = bpf_map_lookup_elem(&hook_state, &zero);
	if (!state)
		return XDP_ABORTED; /* cannot happen: a one-slot array */
	action = state->action;
	if (!st)
		return action;
	st->exit_seen += 1;
	if (exit_action_wanted(action))
		capture_packet(ctx, st, xdpdump_filter(ctx), XDPDUMP_POINT_EXIT, action);
	return action;
}

char LICENSE[] SEC("license") = "GPL";
