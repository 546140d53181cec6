/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel decides at load time whether an XDP program accepts
 * multi-buffer frames (BPF_F_XDP_HAS_FRAGS), refuses to tail-call between
 * programs that disagree, and does not report the flag in bpf_prog_info.
 * These probes find the answer with a throwaway two-instruction program.
 */
#ifndef XDPDUMP_FRAGS_PROBE_H
#define XDPDUMP_FRAGS_PROBE_H

#include <stdbool.h>

/* Whether this kernel loads XDP programs with BPF_F_XDP_HAS_FRAGS. */
bool frags_probe__kernel_supports(void);
/* Whether a tail-caller of prog_fd must be loaded with frags support:
 * 0 and *frags set, or -errno when it can be tail-called either way not at
 * all (e.g. it is not an XDP program). */
int frags_probe__tail_call_needs(int prog_fd, bool *frags);

#endif /* XDPDUMP_FRAGS_PROBE_H */
