// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_gen_tx: the benchmark generator's XDP program. xdp_gen runs it with
 * BPF_PROG_RUN in live-frames mode as if the frame arrived on the far end
 * of a veth pair; there XDP_TX turns into a redirect out of that veth, so
 * every run puts one frame on the wire towards the near end.
 *
 * Live-frames mode gives every run a page holding the template frame that
 * user space supplied, but a recycled page keeps what the program last
 * wrote into it. So the fields that vary are written on every run, never
 * assumed: the UDP source port (base + n % count, so a filter on one port
 * selects 1/count of the traffic) and a sequence number at the start of
 * the payload (a capture file can then be checked for loss and order).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "gen_frame.h"

/* Set by xdp_gen before load. */
const volatile __u16 sport_base = 1000;
const volatile __u16 sport_count = 10;

/* Frames handed to XDP_TX so far. One task runs the program (the test
 * run keeps it on one CPU), so a plain increment is exact. */
__u64 sent = 0;

SEC("xdp")
int xdp_gen_tx(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 seq = sent;

	if (data + GEN_PAYLOAD_OFF + sizeof(__u32) > end)
		return XDP_ABORTED;
	/* UDP checksum is 0 (none, RFC 768), so nothing to fix up. */
	*(__be16 *)(data + GEN_UDP_SPORT_OFF) = bpf_htons(sport_base + seq % sport_count);
	*(__be32 *)(data + GEN_PAYLOAD_OFF) = bpf_htonl((__u32)seq);
	sent = seq + 1;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
