/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * xdpdump_hook.h — let xdpdump capture what your XDP program decided.
 *
 * Kernels that refuse fexit (tracing) programs leave a capture tool no way
 * to see a program's verdict from outside. This header lets the program
 * offer it: end every return path with
 *
 *	return xdpdump_exit(ctx, XDP_DROP);
 *
 * instead of `return XDP_DROP;`. While nobody captures, that costs one
 * per-CPU map lookup, a store and an empty tail call; the action returned
 * is yours. While `xdpdump --rx-capture exit` runs, the tail call enters
 * xdpdump's exit capture program, which records the packet as you left it
 * together with the action, and returns that same action.
 *
 * xdpdump finds the two maps below through the attached program's own map
 * list, by name, so no pinning or loader support is needed; the maps may
 * be pinned if you like. When xdpdump exits or is killed, the slot it
 * filled is emptied again (the kernel also clears a PROG_ARRAY when the
 * last file descriptor to it closes and it is not pinned).
 *
 * Include it after <linux/bpf.h> and <bpf/bpf_helpers.h>. Installed with
 * xdpdump (make install) as <xdpdump/xdpdump_hook.h>.
 */
#ifndef XDPDUMP_HOOK_H
#define XDPDUMP_HOOK_H

/* Map names are part of the contract with xdpdump (15 characters max). */
#define XDPDUMP_HOOK_PROG_MAP "xdpd_hook_prog"
#define XDPDUMP_HOOK_STATE_MAP "xdpd_hook_state"

/* What the exit capture program needs to know besides the packet. */
struct xdpdump_hook_state {
	__u32 action;
	__u32 reserved;
};

/* The rest is for the XDP program. xdpdump itself needs only the above:
 * user space, and its own capture program, which defines
 * XDPDUMP_HOOK_LAYOUT_ONLY so as not to create the maps a second time. */
#if defined(__bpf__) && !defined(XDPDUMP_HOOK_LAYOUT_ONLY)

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} xdpd_hook_prog SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdpdump_hook_state);
} xdpd_hook_state SEC(".maps");

static __always_inline int xdpdump_exit(struct xdp_md *ctx, int action)
{
	__u32 key = 0;
	struct xdpdump_hook_state *state = bpf_map_lookup_elem(&xdpd_hook_state, &key);

	if (state) {
		state->action = action;
		/* Falls through when no capture is running. */
		bpf_tail_call(ctx, &xdpd_hook_prog, 0);
	}
	return action;
}

#endif /* __bpf__ && !XDPDUMP_HOOK_LAYOUT_ONLY */
#endif /* XDPDUMP_HOOK_H */
