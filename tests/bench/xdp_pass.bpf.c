// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_pass: the benchmark's baseline, nothing but XDP_PASS. Attached in
 * native mode on the near veth it lets frames redirected from the far end
 * in (veth only receives XDP frames when its peer has an XDP program) and
 * hands them to the stack; under BPF_PROG_RUN it is the floor against
 * which a capture program's cost per packet is measured.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
