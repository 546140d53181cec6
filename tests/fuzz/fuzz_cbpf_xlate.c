// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: lib/cbpf_xlate.c on arbitrary classic BPF.
 *
 * Every input either translates to code that passes cbpf_check() (the
 * structural invariants, see cbpf_check.h) or is refused with one of the
 * documented errors and a NUL-terminated message that fits its buffer.
 * AddressSanitizer and UBSan, linked in by `make fuzz`, catch any
 * out-of-bounds access or undefined operation on the way. Any violation
 * aborts, which libFuzzer reports as a crash with the input saved.
 *
 * Input format: tests/fuzz/cbpf_input.h. The kernel's view of the programs
 * the fuzzer keeps is checked afterwards by replay_cbpf_xlate.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

#include "cbpf_check.h"
#include "cbpf_input.h"
#include "cbpf_xlate.h"

/* A canary after the message buffer: cbpf_xlate() must stay inside it. */
#define CANARY 0x5a

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_cbpf_xlate: %s: %s\n", what, detail);
	abort();
}

static void check_refusal(int ret, const char *err, size_t err_size)
{
	char code[32];

	if (ret != -EINVAL && ret != -EOPNOTSUPP && ret != -E2BIG && ret != -ENOMEM) {
		snprintf(code, sizeof(code), "%d", ret);
		die("undocumented error code", code);
	}
	if (err[err_size] != CANARY)
		die("message written past its buffer", err);
	if (err_size && strnlen(err, err_size) == err_size)
		die("message not terminated", "");
	if (err_size > 1 && !err[0])
		die("refused without a message", "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cbpf_xlate_opts opts = { .sz = sizeof(opts) };
	struct cbpf_input in;
	struct bpf_insn *out = NULL;
	size_t out_len = 0;
	char err[256 + 1], why[256];
	int ret;

	if (!size || cbpf_input__decode(&in, data, size))
		return 0;
	opts.flags = in.flags;
	memset(err, CANARY, sizeof(err));
	ret = cbpf_xlate(in.prog, in.len, &opts, &out, &out_len, in.err_size ? err : NULL,
			 in.err_size);
	if (ret) {
		check_refusal(ret, err, in.err_size);
	} else if (cbpf_check(out, out_len, in.flags, 0, why, sizeof(why))) {
		die("invariant broken", why);
	}
	free(out);
	cbpf_input__free(&in);
	return 0;
}
