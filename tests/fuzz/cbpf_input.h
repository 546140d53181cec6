/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a fuzz input (tests/fuzz/corpus/cbpf_xlate/) becomes a call of
 * cbpf_xlate(), shared by the libFuzzer target and the corpus replay:
 *
 *   byte 0        bits 0-1: cbpf_xlate_flags (LINEAR, KERNEL_MEM)
 *                 bits 2-3: size of the error buffer (0, 1, 24 or 256 bytes),
 *                 so that the message truncation is fuzzed too
 *   bytes 1...    struct cbpf_insn, 8 bytes each in host byte order (what
 *                 libpcap's bpf_program holds); a partial tail is ignored
 *
 * The mode byte only steers the fuzzer: the replay translates every corpus
 * program in all three modes.
 */
#ifndef XDPDUMP_FUZZ_CBPF_INPUT_H
#define XDPDUMP_FUZZ_CBPF_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cbpf_xlate.h"

#define CBPF_INPUT_FLAGS_MASK (CBPF_XLATE_F_LINEAR | CBPF_XLATE_F_KERNEL_MEM)

struct cbpf_input {
	uint32_t flags;
	size_t err_size;
	struct cbpf_insn *prog; /* malloc'd, exactly len entries (ASan sees overruns) */
	size_t len;
};

/* 0, or -ENOMEM; an input shorter than the mode byte decodes to no program. */
static inline int cbpf_input__decode(struct cbpf_input *in, const uint8_t *data, size_t size)
{
	static const size_t err_sizes[] = { 0, 1, 24, 256 };

	memset(in, 0, sizeof(*in));
	if (!size)
		return 0;
	in->flags = data[0] & CBPF_INPUT_FLAGS_MASK;
	in->err_size = err_sizes[(data[0] >> 2) & 3];
	in->len = (size - 1) / sizeof(struct cbpf_insn);
	/* One byte more than nothing, so malloc(0) never returns NULL. */
	in->prog = malloc(in->len * sizeof(struct cbpf_insn) + 1);
	if (!in->prog)
		return -ENOMEM;
	memcpy(in->prog, data + 1, in->len * sizeof(struct cbpf_insn));
	return 0;
}

static inline void cbpf_input__free(struct cbpf_input *in)
{
	free(in->prog);
	in->prog = NULL;
}

#endif /* XDPDUMP_FUZZ_CBPF_INPUT_H */
