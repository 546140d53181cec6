/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -r FILE: run every packet of a saved capture through the capture program
 * (with its filter) in the kernel, with BPF_PROG_TEST_RUN, and keep what it
 * keeps. The verdicts are exactly the ones a live capture would reach.
 */
#ifndef XDPDUMP_REPLAY_H
#define XDPDUMP_REPLAY_H

#include <stdint.h>
#include "capture/filter.h"
#include "output/output.h"

struct replay_options {
	const char *path;
	uint32_t snaplen;
	uint64_t count; /* stop after writing this many; 0: all */
	/* Several files into one output (-V), each call updates these: */
	uint64_t written; /* packets written by the calls before */
	int if_id; /* the output's interface; set it to -1 before the first */
	const char *if_name; /* the interface's name; NULL: path */
};

/* 0 or -errno (reason logged). */
int replay_file(struct replay_options *ro, const struct capture_filter *filter,
		struct output *out);

/* -V LIST: replay_file() for each file named in LIST, one a line, into
 * the same output, as tcpdump -V reads them; -c counts in each file, as
 * tcpdump's does. */
int replay_list(const char *list, struct replay_options *ro, const struct capture_filter *filter,
		struct output *out);

#endif /* XDPDUMP_REPLAY_H */
