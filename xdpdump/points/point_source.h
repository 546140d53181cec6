/* SPDX-License-Identifier: GPL-2.0 */
/* One process that streams pcapng to us: a host's remote xdpdump under ssh,
 * or the local xdpdump child for local points (points.h). */
#ifndef XDPDUMP_POINT_SOURCE_H
#define XDPDUMP_POINT_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "cli/options.h"
#include "pcapng_stream.h"

/* Round trips of the clock handshake; the one with the shortest round trip
 * gives the offset. */
#define POINT_CLOCK_PROBES 8
#define POINT_HELD_LINES 8

enum point_state {
	POINT_HANDSHAKE, /* remote: the clock handshake on stdin/stdout */
	POINT_STREAM, /* pcapng arrives on stdout */
	POINT_ENDED, /* stdout reached its end */
};

struct point_source {
	char label[256]; /* HOST as the file names it; "" for local points */
	char target[256]; /* [USER@]HOST as ssh takes it */
	bool remote;
	const char *program; /* --xdpdump-path, for messages */
	const char *ifaces[XDPDUMP_MAX_IFACES]; /* IF or NETNS/IF on that side */
	unsigned int nr_ifaces;
	pid_t pid;
	int in_fd, out_fd, err_fd; /* -1 once closed */
	enum point_state state;
	bool exited, failed, reported;
	bool said_something; /* printed a line of its own after the handshake */
	int status; /* waitpid's */
	/* handshake */
	char line[256];
	size_t line_len;
	int probes;
	uint64_t probe_sent_ns, best_rtt_ns;
	int64_t offset_ns; /* its clock minus ours */
	char version[64];
	/* stderr: lines held until the handshake is through */
	char errbuf[1024];
	size_t err_len;
	char *held[POINT_HELD_LINES];
	unsigned int nr_held;
	/* the stream */
	struct pcapng_stream *stream;
	int *out_ids; /* stream interface id -> output interface id */
	unsigned int nr_out_ids;
	uint64_t last_ts; /* of the last packet it sent, on our clock */
};

/* Group the -i points by host into sources; 0 or -EINVAL (reported). */
int point_sources__build(const struct xdpdump_args *args, struct point_source **out,
			 unsigned int *nr);
void point_sources__free(struct point_source *src, unsigned int nr);
/* Start the source's process (argv from args); 0 or -errno (reported). */
int point_source__spawn(struct point_source *src, const struct xdpdump_args *args,
			const char *expression);
/* A handshake line from stdout; 0, or -EPROTO (reported). */
int point_source__handshake_line(struct point_source *src, const char *line);
/* Bytes from stderr: whole lines are printed with the host's name, or held
 * during the handshake. */
void point_source__stderr(struct point_source *src, const char *buf, size_t len);
/* Once the process has exited: report a failure in one line naming the
 * host. quiet: only where the process has not said why itself. */
void point_source__report_exit(struct point_source *src, bool quiet);
/* Stop it: close its stdin (its capture then stops by itself). */
void point_source__stop(struct point_source *src);

#endif /* XDPDUMP_POINT_SOURCE_H */
