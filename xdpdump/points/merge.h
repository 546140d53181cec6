/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local side of a run with remote capture points, shared by
 * point_merge.c (the processes, the event loop, stopping) and point_file.c
 * (their streams into one output).
 */
#ifndef XDPDUMP_POINTS_MERGE_H
#define XDPDUMP_POINTS_MERGE_H

#include <stdbool.h>
#include <stdint.h>
#include "cli/options.h"
#include "output/output.h"
#include "point_source.h"
#include "reorder.h"

/* How long a packet from an idle point may take to reach us: its own
 * reorder window, its 100 ms flush, the connection. */
#define MERGE_WINDOW_NS (1000ull * 1000 * 1000)
#define FLUSH_INTERVAL_NS (100ull * 1000 * 1000)

struct stored_stats {
	bool set;
	struct capture_if_stats st;
};

struct merge {
	const struct xdpdump_args *args;
	struct point_source *src;
	unsigned int nr_src;
	struct output *out;
	struct reorder *reorder;
	int epoll_fd, signal_fd;
	bool begun, stopping, failed, count_reached;
	uint64_t started_ns, stop_ns, last_flush_ns, last_beat_ns;
	int kill_stage;
	int error; /* our own first error (not a point's) */
	bool error_said;
	uint64_t written, late, last_ts;
	char **names; /* output interface id -> name */
	struct stored_stats *stats;
	unsigned int nr_out;
	char buf[1 << 16];
};

uint64_t merge_now_ns(void); /* CLOCK_REALTIME */
/* Close every point's stdin: each stops by itself. */
void merge__stop_all(struct merge *m);

/* Every point has described its interfaces. */
bool merge__all_listening(const struct merge *m);
/* Begin the file with every interface, in the order given. 0 or -errno
 * (reported). */
int merge__begin_output(struct merge *m);
/* Take every whole block the point sent: 0, or -errno (reported). */
int merge__parse_stream(struct merge *m, unsigned int idx);
/* Write what no running point can still precede (final: everything). */
int merge__write_out(struct merge *m, bool final);
/* Each interface's last statistics; an output_closing_fn. */
int merge__write_stats(void *ctx);

#endif /* XDPDUMP_POINTS_MERGE_H */
