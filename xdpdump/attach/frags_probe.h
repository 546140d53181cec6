/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel decides at load time whether an XDP program accepts
 * multi-buffer frames (BPF_F_XDP_HAS_FRAGS), refuses to tail-call between
 * programs that disagree on it (or on the expected attach type), and does
 * not report either in bpf_prog_info. These probes find the answer with a
 * throwaway program of a few instructions.
 */
#ifndef XDPDUMP_FRAGS_PROBE_H
#define XDPDUMP_FRAGS_PROBE_H

#include <stdbool.h>
#include <linux/bpf.h>

/* Whether this kernel loads XDP programs with BPF_F_XDP_HAS_FRAGS. */
bool frags_probe__kernel_supports(void);
/* How a program that tail-calls another must be loaded: the kernel insists
 * that caller and callee agree on both. */
struct tail_call_compat {
	bool frags; /* BPF_F_XDP_HAS_FRAGS */
	enum bpf_attach_type attach_type; /* expected_attach_type */
};

/* 0 and *out filled, or -errno when prog_fd cannot be tail-called from an
 * XDP program at all. */
int frags_probe__tail_call_needs(int prog_fd, struct tail_call_compat *out);

#endif /* XDPDUMP_FRAGS_PROBE_H */
