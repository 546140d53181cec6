/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture session: one capture program per interface, its per-CPU perf
 * rings, the time-ordered merge of all rings, and the accounting that makes
 * every packet the kernel handed us either written or counted as lost.
 */
#ifndef XDPDUMP_CAPTURE_H
#define XDPDUMP_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>
#include "attach/attach.h"
#include "output/output.h"

struct capture_options {
	uint32_t snaplen;
	uint64_t count; /* stop after this many written; 0: no limit */
	int ring; /* enum xdpdump_ring_kind, or XDPDUMP_RING_AUTO */
	int record_copy; /* enum record_copy (capture/ring_kind.h) */
	unsigned int
		ring_kib; /* perf: per CPU, per interface; ringbuf: per interface; 0: default */
	unsigned int wakeup; /* perf: samples per ring before user space is woken */
	uint64_t reorder_window_ns; /* how long a record waits for older ones */
	const char *filter; /* the expression, for the file; NULL: none */
	bool status_line; /* redraw a status line on stderr if a tty */
	bool capture_entry; /* --rx-capture entry */
	bool capture_exit; /* --rx-capture exit */
	uint32_t exit_actions; /* --action: bit N keeps exit verdict N */
	const char *programs; /* -p: programs to trace; NULL: all */
	uint32_t sample; /* --sample N: 1 in N; 0: all */
	uint32_t max_rate; /* --max-rate: records a second; 0: no limit */
	bool exit_on_eof; /* --exit-on-eof: stop when stdin or stdout closes */
	struct attach_request attach;
};

struct capture_session;

/* Attach to every interface and open its rings; on failure everything
 * already attached is restored. NULL + errno. */
struct capture_session *capture_session__start(char **ifnames, unsigned int nr_ifnames,
					       const struct capture_options *opts,
					       struct output *out);
/* Capture until a signal, -c, or an error. 0 or -errno; -ECANCELED: an
 * interface's hook was changed by someone else or the interface went
 * (already reported). */
int capture_session__run(struct capture_session *s);
/* Restore every interface, drain the rings, write what is left and the
 * per-interface statistics; print the summary. 0, or -errno if an interface
 * could not be restored or data could not be written. */
int capture_session__stop(struct capture_session *s);
void capture_session__free(struct capture_session *s);

#endif /* XDPDUMP_CAPTURE_H */
