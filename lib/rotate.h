/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When to start a new capture file and what to call it, with tcpdump's
 * -C/-G/-W meaning:
 *
 *  -C BYTES   before a packet is written, a file already larger than BYTES
 *             is closed and the next one opened: NAME, NAME1, NAME2, ...
 *  -G SECONDS a file older than SECONDS is closed before the next packet;
 *             each name is NAME passed through strftime(3) at its opening
 *             (local time). With -C too, the size count restarts at 0 in
 *             every new interval.
 *  -W COUNT   with -C alone: a ring of COUNT files, NAME0 ... NAME<COUNT-1>
 *             (numbers zero-padded to the width of COUNT-1), then NAME0
 *             again. With -G alone: stop when the interval of the COUNT-th
 *             file ends. With both: only the padding.
 *
 * A name ending in ".gz" gets its number before that suffix (NAME1.gz, not
 * NAME.gz1), so every file of a compressed capture still ends in ".gz".
 * Nothing here touches the file system.
 */
#ifndef XDPDUMP_ROTATE_H
#define XDPDUMP_ROTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rotate_opts {
	const char *name; /* -w's argument */
	uint64_t max_bytes; /* -C; 0: no size limit */
	unsigned int seconds; /* -G; 0: no time limit */
	unsigned int files; /* -W; 0: no count */
};

enum rotate_step {
	ROTATE_KEEP, /* write into the current file */
	ROTATE_NEXT, /* close it and open rotate__name() */
	ROTATE_STOP, /* -G -W: the last file is done; the capture ends */
};

struct rotate {
	struct rotate_opts opts;
	int64_t opened_ns; /* -G: when the current file was opened */
	unsigned int intervals; /* -G files opened so far, minus one */
	unsigned int count; /* -C number of the current file */
	unsigned int width; /* digits the -C number is padded to */
};

/*
 * The policy for a capture that starts at @now_ns (wall clock, ns since the
 * epoch: -G names are local times). 0 or -EINVAL.
 */
int rotate__init(struct rotate *r, const struct rotate_opts *opts, int64_t now_ns);

/* Whether a packet about to be written goes to a new file. @file_bytes is
 * the current file's size, @now_ns the current time. Advances to the next
 * file's name on ROTATE_NEXT. */
enum rotate_step rotate__step(struct rotate *r, uint64_t file_bytes, int64_t now_ns);

/* The current file's name; 0, or -ENAMETOOLONG when it does not fit. */
int rotate__name(const struct rotate *r, char *buf, size_t size);

/* Whether the files are gzip-compressed: the name ends in ".gz". */
bool rotate__is_gzip(const char *name);

#endif /* XDPDUMP_ROTATE_H */
