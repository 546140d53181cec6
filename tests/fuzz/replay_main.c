// SPDX-License-Identifier: GPL-2.0
/*
 * Runs a libFuzzer target's LLVMFuzzerTestOneInput() over stored inputs,
 * without libFuzzer: `make tests` links each tests/fuzz/fuzz_*.c with this
 * file into $(BUILD)/fuzz/replay_fuzz_*, and `make check` replays the
 * committed corpus with it. A target that finds a problem aborts, which is
 * a test failure; after the last input it prints how many ran.
 *
 *   replay_fuzz_TARGET DIR|FILE...
 */
#include <stdio.h>

#include "corpus_files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_one(const char *path, const uint8_t *data, size_t size, void *ctx)
{
	unsigned long *count = ctx;

	(void)path;
	LLVMFuzzerTestOneInput(data, size);
	(*count)++;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (corpus__walk(argv[i], run_one, &count))
			return 1;
	printf("%lu inputs replayed\n", count);
	return count ? 0 : 1;
}
