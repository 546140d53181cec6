/* SPDX-License-Identifier: GPL-2.0 */
/* The session state shared by capture.c (lifecycle), capture_loop.c
 * (rings -> merge -> output), capture_ringbuf.c and capture_budget.c. */
#ifndef XDPDUMP_CAPTURE_SESSION_H
#define XDPDUMP_CAPTURE_SESSION_H

#include "capture.h"
#include "attach/trace_attach.h"
#include "points/point_netns.h"
#include "clock.h"
#include "reorder.h"

/* "IF" or "NETNS/IF" (point_netns.h) */
#define CAPTURE_POINT_NAME_MAX 128

struct capture_iface {
	char name[CAPTURE_POINT_NAME_MAX];
	struct netns_point netns; /* where the interface lives */
	int ifindex;
	struct attachment att;
	struct capture_bpf *skel;
	struct perf_buffer *pb; /* --ring perf */
	struct ringbuf_reader *rb; /* --ring ringbuf */
	bool ring_open; /* the rings are read (pb or rb) */
	struct epb_queue *epb; /* ring buffer records seen, not yet written */
	unsigned int if_id; /* interface id in the output file */
	/* when tracing several programs: the id of each one's IDB */
	unsigned int traced_if_ids[TRACE_MAX_PROGS];
	struct capture_session *session;
	uint64_t captured; /* samples read from the rings */
	uint64_t ring_lost; /* samples the rings reported lost */
	/* the capture programs' own counters */
	uint64_t seen, matched, exit_seen, exit_matched, output_failed;
	/* ... and the budget's: left out, not lost (capture_budget.h) */
	uint64_t unsampled, over_budget, exit_unsampled, exit_over_budget;
	uint64_t *cpu_lost; /* output_failed of each possible CPU */
	uint64_t start_ns, end_ns;
};

struct capture_session {
	struct capture_options opts;
	struct output *out;
	struct status_line *status; /* NULL: none */
	struct capture_iface *ifaces;
	unsigned int nr_ifaces;
	unsigned int nr_cpus; /* possible CPUs: ring index range */
	struct reorder *reorder; /* --ring perf: one source per (interface, CPU) ring */
	struct wall_clock clock;
	int epoll_fd, signal_fd;
	uint64_t written; /* records handed to the output */
	uint64_t late; /* records older than one already written */
	uint64_t blocks_moved; /* ring buffer blocks written as they were made */
	uint64_t last_ts; /* kernel time of the last record written */
	uint64_t last_wall_ns; /* its wall-clock time (ring buffer records) */
	uint64_t last_clock_ns; /* when the programs' wall-clock offset was set */
	uint64_t clock_steps; /* steps of the wall clock not followed */
	uint64_t clock_held; /* records whose time was held back to the last one's */
	uint64_t last_flush_ns;
	uint64_t last_hook_check_ns;
	uint64_t last_status_counters_ns;
	bool count_reached;
	int stop_signal;
	int error; /* first error inside a ring callback */
	int fds_before; /* open when the session began, for -v */
};

/* The PERF_EVENT_ARRAY the interface's programs write to. */
int capture_iface__events_fd(const struct capture_iface *ci);
/* The BPF ring buffer the interface's programs write to. */
int capture_iface__rb_fd(const struct capture_iface *ci);
/* Open iface's rings (perf or ring buffer, as the session's opts.ring
 * says) and add them to the session's epoll set. */
int capture_ring__open(struct capture_iface *ci);
int capture_ringbuf__open(struct capture_iface *ci);
/* The interface id (IDB) of the records of traced program source (the
 * record's source field); the interface's own when it traces one program
 * or none. */
unsigned int capture_iface__if_id(const struct capture_iface *ci, unsigned int source);
/* The interface ids the programs write into ring buffer records, once
 * the IDBs are written (bpf/capture_common.h). */
void capture_iface__set_if_ids(struct capture_iface *ci);
/* Measure the wall clock's offset again and give it to every program
 * (ring buffer records carry wall-clock time); at most once a second. */
void capture_session__refresh_clock(struct capture_session *s, uint64_t now);
/* Size of the ring buffer of one interface, in bytes (a power of two). */
size_t capture_ringbuf__size(unsigned int requested_kib);
/*
 * Where a record stamped mono (the merge key), of wall-clock time *wall,
 * goes in the file, which is in non-decreasing time order: NULL, or, for
 * a record that must take the last written time instead of its own (late
 * for the reorder window, or behind it after a correction of the clock's
 * offset), a comment that says why, written into note; *wall is then
 * that time. Counts both.
 */
const char *capture_session__place(struct capture_session *s, uint64_t mono, uint64_t *wall,
				   char *note, size_t size);
/* One record (meta, packet) read from ring cpu into the merge; 0 or
 * -errno (also left in s->error). */
int capture_loop__push(struct capture_iface *ci, unsigned int cpu, const void *data, size_t size);
/* Read every ring once, then write out what can no longer be preceded by
 * anything unread. final: write everything held. */
int capture_loop__drain(struct capture_session *s, bool idle, bool final);

#endif /* XDPDUMP_CAPTURE_SESSION_H */
