/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The XDP capture program's record path where the kernel has the dynptr
 * kfuncs (6.15 and later: bpf_dynptr_from_xdp and bpf_dynptr_copy): one
 * reservation of exactly the block's length, the packet copied from the
 * frame's dynptr, fragments too. Included by capture.bpf.c when it is
 * built as capture_dynptr.bpf.c; xdpdump loads that object only where a
 * start-up probe found both kfuncs, since libbpf 1.1 cannot load an
 * object that names a kfunc the kernel lacks (6.1), even in code that
 * never runs.
 *
 * A small record is cheaper in a size class (one helper fewer, no
 * dynptrs), so below dynptr_min_cap the classes still make it: the
 * threshold is a setting so that the bench can measure both
 * (docs/record-path.md).
 */
#ifndef XDPDUMP_RECORD_DYNPTR_H
#define XDPDUMP_RECORD_DYNPTR_H

extern int bpf_dynptr_from_xdp(struct xdp_md *x, __u64 flags,
			       struct bpf_dynptr *ptr__uninit) __ksym;
extern int bpf_dynptr_copy(struct bpf_dynptr *dst_ptr, __u32 dst_off, struct bpf_dynptr *src_ptr,
			   __u32 src_off, __u32 size) __ksym;

static __always_inline long ringbuf_record_dynptr(void *pkt, const struct xdpdump_meta *meta)
{
	__u32 block_len = epb_block_len(meta->cap_len, meta->point);
	__u32 pad_off = epb_pad_offset(meta->cap_len);
	struct bpf_dynptr rec, frame;
	void *head, *pad;

	if (meta->cap_len < dynptr_min_cap)
		return ringbuf_record_class(pkt, meta);
	if (bpf_ringbuf_reserve_dynptr(&rb, 8 + block_len, 0, &rec)) {
		/* a dynptr that failed must still be released */
		bpf_ringbuf_discard_dynptr(&rec, BPF_RB_NO_WAKEUP);
		return -1;
	}
	head = bpf_dynptr_data(&rec, 0, XDPDUMP_EPB_HEAD_LEN);
	if (!head)
		goto discard;
	epb_put_head(head, meta, block_len);
	/* The tail before the packet: the copy then overwrites the data
	 * bytes of the zeroed padding word (epb_put_pad_tail_*). */
	if (meta->point == XDPDUMP_POINT_EXIT) {
		pad = bpf_dynptr_data(&rec, pad_off, 4 + XDPDUMP_EPB_TAIL_EXIT);
		if (!pad)
			goto discard;
		epb_put_pad_tail_exit(pad, meta, block_len);
	} else {
		pad = bpf_dynptr_data(&rec, pad_off, 4 + XDPDUMP_EPB_TAIL_ENTRY);
		if (!pad)
			goto discard;
		epb_put_pad_tail_entry(pad, meta, block_len);
	}
	if (bpf_dynptr_from_xdp(pkt, 0, &frame) ||
	    bpf_dynptr_copy(&rec, XDPDUMP_EPB_HEAD_LEN, &frame, 0, meta->cap_len))
		goto discard;
	bpf_ringbuf_submit_dynptr(&rec, ringbuf_wakeup_flag(16 + block_len));
	return 0;
discard:
	bpf_ringbuf_discard_dynptr(&rec, BPF_RB_NO_WAKEUP);
	return -1;
}

#endif /* XDPDUMP_RECORD_DYNPTR_H */
