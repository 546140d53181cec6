/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fentry/fexit programs (trace.bpf.c) read of the traced
 * program's argument, and what they derive from it: the frame's full
 * length, fragments included, and whether this copy numbers the packets.
 * Kept apart from the record emission so that either can change alone.
 *
 * Only the kernel fields read are declared, relocated against the running
 * kernel's BTF (CO-RE), so the object needs no vmlinux.h. The verifier
 * sees the traced program's xdp_md argument as the kernel's xdp_buff.
 */
#ifndef XDPDUMP_TRACE_XDP_H
#define XDPDUMP_TRACE_XDP_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct net_device {
	int ifindex;
} __attribute__((preserve_access_index));

struct xdp_rxq_info {
	struct net_device *dev;
	__u32 queue_index;
} __attribute__((preserve_access_index));

struct xdp_buff {
	void *data;
	void *data_end;
	void *data_hard_start;
	struct xdp_rxq_info *rxq;
	__u32 frame_sz;
	__u32 flags; /* 5.18+: XDP_FLAGS_HAS_FRAGS */
} __attribute__((preserve_access_index));

/* The tail of a multi-buffer frame's first buffer (include/linux/skbuff.h):
 * the total length of its fragments. */
struct skb_shared_info {
	unsigned int xdp_frags_size;
} __attribute__((preserve_access_index));

/* enum xdp_buff_flags in include/net/xdp.h. */
#define TRACE_XDP_HAS_FRAGS (1U << 0)
/* SMP_CACHE_BYTES on x86-64 and arm64: SKB_DATA_ALIGN rounds the shared
 * info's size up to it. */
#define TRACE_CACHE_BYTES 64

/*
 * Whether this copy's fentry gives each packet its id (bumps the per-CPU
 * sequence that current_packet_id() reads). Exactly one copy per
 * interface does: the one on the dispatcher when there is one, so a
 * packet keeps its id through every program of the chain (they all run on
 * this CPU, one after another, before the next packet enters); otherwise
 * the one on the single traced program.
 */
const volatile __u8 numbers_packets = 1;

/* Bytes of the frame in its first buffer: the part the filter may read. */
static __always_inline __u32 trace_linear_len(const struct xdp_buff *xdp)
{
	__u64 data = (__u64)xdp->data, data_end = (__u64)xdp->data_end;

	return data_end > data ? data_end - data : 0;
}

/*
 * The whole frame's length, as bpf_xdp_get_buff_len() gives it to an XDP
 * program: the linear part plus, for a multi-buffer frame, the fragments'
 * total, which the kernel keeps in the skb_shared_info at the end of the
 * first buffer (xdp_get_shared_info_from_buff()). Kernels before 5.18 have
 * no fragments in XDP, and no flags field.
 */
static __always_inline __u32 trace_frame_len(const struct xdp_buff *xdp)
{
	__u32 len = trace_linear_len(xdp), shinfo_size, frags = 0;
	struct skb_shared_info *shinfo;
	__u64 end;

	if (!bpf_core_field_exists(xdp->flags) || !(xdp->flags & TRACE_XDP_HAS_FRAGS))
		return len;
	shinfo_size = bpf_core_type_size(struct skb_shared_info);
	shinfo_size = (shinfo_size + TRACE_CACHE_BYTES - 1) & ~(TRACE_CACHE_BYTES - 1);
	end = (__u64)xdp->data_hard_start + xdp->frame_sz;
	shinfo = (struct skb_shared_info *)(end - shinfo_size);
	if (bpf_core_read(&frags, sizeof(frags), &shinfo->xdp_frags_size))
		return len;
	return len + frags;
}

#endif /* XDPDUMP_TRACE_XDP_H */
