/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -r FILE: run every packet of a saved capture through the capture program
 * (with its filter) in the kernel, with BPF_PROG_TEST_RUN, and keep what it
 * keeps. The verdicts are exactly the ones a live capture would reach.
 */
#ifndef XDPDUMP_REPLAY_H
#define XDPDUMP_REPLAY_H

#include <stdint.h>
#include "filter.h"
#include "output.h"

struct replay_options {
	const char *path;
	uint32_t snaplen;
	uint64_t count; /* stop after writing this many; 0: all */
};

/* 0 or -errno (reason logged). */
int replay_file(const struct replay_options *ro, const struct capture_filter *filter,
		struct output *out);

#endif /* XDPDUMP_REPLAY_H */
