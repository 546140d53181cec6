/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Structural invariants of what lib/cbpf_xlate.c emits, checked without the
 * kernel, so that the fuzzer can test millions of translations a minute:
 *
 *  - only the opcodes the translator uses, registers r0-r10, r10 never written;
 *  - every jump lands inside the program; the last instruction is an exit;
 *  - every stack access, and every stack pointer handed to a helper, stays
 *    within CBPF_XLATE_STACK bytes below r10;
 *  - a backward jump only as the bounded loop: a "ja" right after the
 *    budget at the loop slot was tested for zero and decremented, and the
 *    budget set by the prologue to the loop limit;
 *  - helper calls only to the helpers cbpf_xlate.h names for the mode.
 *
 * Whether the kernel agrees is the corpus replay's job (replay_cbpf_xlate.c).
 */
#ifndef XDPDUMP_FUZZ_CBPF_CHECK_H
#define XDPDUMP_FUZZ_CBPF_CHECK_H

#include <stddef.h>
#include <stdint.h>

struct bpf_insn;

/* 0, or -EINVAL with the first broken invariant in @why. */
int cbpf_check(const struct bpf_insn *insns, size_t n, uint32_t flags, uint32_t loop_limit,
	       char *why, size_t why_size);

#endif /* XDPDUMP_FUZZ_CBPF_CHECK_H */
