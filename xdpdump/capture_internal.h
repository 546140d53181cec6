/* SPDX-License-Identifier: GPL-2.0 */
/* The session state shared by capture.c (lifecycle) and capture_loop.c
 * (rings -> merge -> output). */
#ifndef XDPDUMP_CAPTURE_INTERNAL_H
#define XDPDUMP_CAPTURE_INTERNAL_H

#include "capture.h"
#include "clock.h"
#include "reorder.h"

struct capture_session {
	struct capture_options opts;
	struct output *out;
	struct status_line *status; /* NULL: none */
	struct capture_iface *ifaces;
	unsigned int nr_ifaces;
	unsigned int nr_cpus;	 /* possible CPUs: ring index range */
	struct reorder *reorder; /* one source per (interface, CPU) ring */
	struct wall_clock clock;
	int epoll_fd, signal_fd;
	uint64_t written;	/* records handed to the output */
	uint64_t late;		/* records older than one already written */
	uint64_t last_ts;	/* kernel time of the last record written */
	uint64_t last_flush_ns;
	uint64_t last_hook_check_ns;
	bool count_reached;
	int stop_signal;
	int error; /* first error inside a ring callback */
	int fds_before; /* open when the session began, for -v */
};

/* The PERF_EVENT_ARRAY the interface's programs write to. */
int capture_iface__events_fd(const struct capture_iface *ci);
/* Open iface's perf rings and add them to the session's epoll set. */
int capture_ring__open(struct capture_iface *ci);
/* Read every ring once, then write out what can no longer be preceded by
 * anything unread. final: write everything held. */
int capture_loop__drain(struct capture_session *s, bool idle, bool final);

#endif /* XDPDUMP_CAPTURE_INTERNAL_H */
