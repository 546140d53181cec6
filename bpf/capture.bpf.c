// SPDX-License-Identifier: GPL-2.0
/*
 * The capture program. It runs at the XDP hook of every interface xdpdump
 * captures on, in one of three places (see xdpdump/attach.h): attached on
 * its own, inside a libxdp dispatcher ahead of the user's programs, or in
 * front of the user's program, which it then tail-calls from slot 0 of the
 * "chain" PROG_ARRAY. In every place it only reads the packet, copies its
 * head to this CPU's perf ring and lets the packet go on unchanged.
 *
 * The second program, xdpdump_at_exit, is exit capture through the
 * cooperative hook (bpf/xdpdump_hook.h): the user's program tail-calls it
 * with its verdict; it records the packet as the program left it, with the
 * verdict, and returns that verdict.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdpdump_shared.h"
#define XDPDUMP_HOOK_LAYOUT_ONLY
#include "xdpdump_hook.h"

/* Set by user space before load (a read-only global, so the verifier sees a
 * constant). */
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

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XDPDUMP_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} chain SEC(".maps");

/* The id of the packet this CPU is handling, so that its exit record
 * carries the same id as its entry record. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} current_packet SEC(".maps");

/* The user's hook state map (bpf/xdpdump_hook.h); user space points this
 * at the program's own map before load. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdpdump_hook_state);
} hook_state SEC(".maps");

static __always_inline __u64 *stat_slot(__u32 which)
{
	return bpf_map_lookup_elem(&stats, &which);
}

/*
 * The pcap filter. This body is a stand-in: at load time xdpdump replaces
 * the instructions of this function with the expression translated from
 * classic BPF (lib/cbpf_xlate.c), so the filter runs here, in this program,
 * before any copy. Contract: ctx and the frame's full length in, the number
 * of bytes to keep out, 0 to reject. Without an expression this stand-in
 * stays and keeps everything. It must stay a real call (noinline) whose
 * result the compiler cannot predict, so the barrier hides the constant.
 */
static __noinline __u32 xdpdump_filter(struct xdp_md *ctx, __u32 pkt_len)
{
	__u32 keep = 0xffffffff;

	asm volatile("" : "+r"(keep) : "r"(ctx), "r"(pkt_len));
	return keep;
}

/* Copy the packet head to this CPU's ring, if the filter keeps it. */
static __always_inline void output_packet(struct xdp_md *ctx, struct xdpdump_meta *meta,
					  __u32 matched_stat)
{
	__u64 *matched = stat_slot(matched_stat);
	__u64 *failed = stat_slot(XDPDUMP_STAT_OUTPUT_FAILED);
	__u32 cap_len, keep;

	if (!matched || !failed)
		return;
	/* Full length including every fragment of a multi-buffer frame;
	 * the perf output copies across fragments as well. */
	meta->pkt_len = bpf_xdp_get_buff_len(ctx);
	keep = xdpdump_filter(ctx, meta->pkt_len);
	if (!keep)
		return;
	cap_len = meta->pkt_len < snaplen ? meta->pkt_len : snaplen;
	if (cap_len > keep)
		cap_len = keep;
	if (cap_len > MAX_SAMPLE_PACKET)
		cap_len = MAX_SAMPLE_PACKET;
	meta->cap_len = cap_len;
	meta->ts_ns = bpf_ktime_get_ns();
	meta->ifindex = ctx->ingress_ifindex;
	meta->rx_queue = ctx->rx_queue_index;
	*matched += 1;

	/* For XDP programs the upper 32 bits of the flags ask the kernel to
	 * append that many bytes of the packet after our metadata. */
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU | ((__u64)cap_len << 32), meta,
				  sizeof(*meta)))
		*failed += 1;
}

SEC(XDPDUMP_PROG_SECTION)
int xdpdump_capture(struct xdp_md *ctx)
{
	__u64 *seen = stat_slot(XDPDUMP_STAT_SEEN);
	struct xdpdump_meta meta = { .point = XDPDUMP_POINT_ENTRY };
	__u32 zero = 0;
	__u64 *current;

	if (seen) {
		/* The per-CPU seen counter doubles as a sequence: with the
		 * CPU number in the top bits it names each packet uniquely
		 * without atomics. */
		meta.packet_id =
			((__u64)bpf_get_smp_processor_id() << XDPDUMP_PACKET_ID_CPU_SHIFT) | *seen;
		*seen += 1;
		current = bpf_map_lookup_elem(&current_packet, &zero);
		if (current)
			*current = meta.packet_id;
		if (capture_entry)
			output_packet(ctx, &meta, XDPDUMP_STAT_MATCHED);
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
	struct xdpdump_meta meta = { .point = XDPDUMP_POINT_EXIT };
	__u64 *seen = stat_slot(XDPDUMP_STAT_EXIT_SEEN), *current;
	struct xdpdump_hook_state *state;
	__u32 zero = 0;

	state = bpf_map_lookup_elem(&hook_state, &zero);
	if (!state)
		return XDP_ABORTED; /* cannot happen: a one-slot array */
	meta.action = state->action;
	current = bpf_map_lookup_elem(&current_packet, &zero);
	if (current)
		meta.packet_id = *current;
	if (seen)
		*seen += 1;
	if (meta.action < 32 && (exit_actions & (1u << meta.action)))
		output_packet(ctx, &meta, XDPDUMP_STAT_EXIT_MATCHED);
	return meta.action;
}

char LICENSE[] SEC("license") = "GPL";
