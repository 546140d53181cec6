/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -r FILE, as tcpdump -r reads it: libpcap reads the file (any link type
 * it reads), compiles the filter for the file's link type and snapshot
 * length with the netmask tcpdump uses offline (0), and its own
 * interpreter decides each record in user space on its captured bytes and
 * its wire length. Kept records go to the output as they were read, with
 * the file's link type. --verify-filter runs the kernel's translation of
 * the same filter beside it (verify_filter.h).
 */
#ifndef XDPDUMP_OFFLINE_H
#define XDPDUMP_OFFLINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "output/output.h"

struct offline_options {
	const char *path;
	const char *expression; /* NULL: keep everything */
	uint64_t count; /* stop after writing this many; 0: all */
	bool verify; /* --verify-filter */
};

/*
 * 0: the whole file was read. OFFLINE_INCOMPLETE: the output holds what
 * came before a damaged record, or --verify-filter found a disagreement
 * (reported): close the output and exit non-zero. -errno: nothing useful
 * was written (reason logged): abort the output.
 */
#define OFFLINE_INCOMPLETE 1
int offline_read(const struct offline_options *oo, struct output *out);

/* -V LIST: offline_read() for each file LIST names, one a line, into one
 * output; stops at the first that does not return 0. */
int offline_read_list(const char *list, const struct offline_options *oo, struct output *out);

/* -r FILE -d: the program libpcap compiles for FILE, as tcpdump -r FILE -d
 * prints it. 0 or -errno (reason logged). */
int offline_dump_filter(const char *path, const char *expr, FILE *out);

#endif /* XDPDUMP_OFFLINE_H */
