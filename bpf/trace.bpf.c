// SPDX-License-Identifier: GPL-2.0
/*
 * Entry and exit capture through BPF trampolines: an fentry and an fexit
 * program attached to one XDP program that is already running (on its own,
 * or as a component of a libxdp dispatcher). Nothing on the XDP hook
 * changes and the traced program needs no cooperation; the fexit program
 * sees the packet as the program left it and the verdict it returned.
 *
 * Records have the same layout as the capture program's
 * (bpf/xdpdump_shared.h), so user space reads both kinds of rings alike.
 * The kernel needs BPF trampolines and lets tracing programs attach to
 * other BPF programs; where it does not (these machines' 6.18 build refuses
 * fentry), xdpdump falls back to the cooperative hook (xdpdump_hook.h).
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "capture_common.h"
#include "trace_xdp.h"
/* Tracing programs may not read the coarse clock (bpf/budget.h). */
#define BUDGET_CLOCK_NS() bpf_ktime_get_ns()
#include "budget.h"

const volatile __u8 capture_exit = 1;
/* Which traced program of the interface this copy is attached to; it
 * names the record's interface block when several are traced. The events
 * and stats maps are shared by all of them (user space reuses the first
 * copy's maps). */
const volatile __u32 source = 0;

/*
 * The pcap filter, replaced at load time like the capture program's, but
 * translated for kernel memory (CBPF_XLATE_F_KERNEL_MEM in
 * lib/cbpf_xlate.h): the address of the first byte, the readable length
 * and the ifindex in; bytes to keep out, 0 to reject.
 */
static __noinline __u32 xdpdump_filter(__u64 data, __u32 len, __u32 ifindex)
{
	__u32 keep = 0xffffffff;

	asm volatile("" : "+r"(keep) : "r"(data), "r"(len), "r"(ifindex));
	return keep;
}

static __always_inline long xdpdump_perf_output(void *pkt, const struct xdpdump_meta *meta)
{
	return bpf_xdp_output(pkt, &events, BPF_F_CURRENT_CPU | ((__u64)meta->cap_len << 32),
			      (void *)meta, sizeof(*meta));
}

/* The linear part is kernel memory a tracing program may read. */
static __always_inline long xdpdump_copy_packet(void *pkt, void *dst, __u32 len)
{
	struct xdp_buff *xdp = pkt;

	return bpf_probe_read_kernel(dst, len, xdp->data);
}

static __always_inline void record(struct xdp_buff *xdp, struct xdpdump_cpu_stats *st,
				   __u32 point, __u32 action)
{
	__u64 data = (__u64)xdp->data;
	struct xdpdump_meta meta = { .point = point, .action = action, .source = source };
	__u32 keep;

	/* The whole frame; bpf_xdp_output() copies from the fragments too.
	 * The filter reads the first buffer only. */
	meta.pkt_len = trace_frame_len(xdp);
	meta.ifindex = xdp->rxq->dev->ifindex;
	meta.rx_queue = xdp->rxq->queue_index;
	keep = xdpdump_filter(data, trace_linear_len(xdp), meta.ifindex);
	if (!keep || !budget_admit(st, point))
		return;
	meta.cap_len = capture_length(meta.pkt_len, keep);
	/* A ring buffer record is copied from the linear part (a tracing
	 * program cannot reach the fragments' pages), so a multi-buffer frame
	 * is cut there, and says so with its whole length; bpf_xdp_output()
	 * (--ring perf) copies the fragments too. */
	if (ring_kind == XDPDUMP_RING_RINGBUF && meta.cap_len > trace_linear_len(xdp))
		meta.cap_len = trace_linear_len(xdp);
	meta.packet_id = current_packet_id(st);
	/* A ring buffer record is stamped after its reservation
	 * (epb_put_head); a perf sample now. */
	meta.ts_ns = ring_kind == XDPDUMP_RING_PERF ? bpf_ktime_get_ns() : 0;
	record_packet(xdp, st, &meta);
}

SEC(XDPDUMP_FENTRY_SECTION)
int BPF_PROG(xdpdump_fentry, struct xdp_buff *xdp)
{
	struct xdpdump_cpu_stats *st = cpu_stats();

	if (!st)
		return 0;
	if (numbers_packets)
		st->seen += 1;
	if (capture_entry)
		record(xdp, st, XDPDUMP_POINT_ENTRY, 0);
	return 0;
}

SEC(XDPDUMP_FEXIT_SECTION)
int BPF_PROG(xdpdump_fexit, struct xdp_buff *xdp, int ret)
{
	struct xdpdump_cpu_stats *st = cpu_stats();
	__u32 action = ret;

	if (!st)
		return 0;
	st->exit_seen += 1;
	if (capture_exit && exit_action_wanted(action))
		record(xdp, st, XDPDUMP_POINT_EXIT, action);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
