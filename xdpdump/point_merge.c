// SPDX-License-Identifier: GPL-2.0
/*
 * The local side of a run with remote capture points: start one process
 * per host (and one for the local points), read their pcapng streams, and
 * merge every packet by timestamp, on our clock, into one output.
 *
 * Ordering: each stream is in time order (its xdpdump merged its own
 * rings). A packet can be written once every stream still running has sent
 * one at least as new, or once it is older than now minus MERGE_WINDOW_NS,
 * the longest a packet is expected to take to reach us from an idle
 * stream. Later ones are written with the last time written and a comment,
 * as in a local capture.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include "eof_watch.h"
#include "log.h"
#include "output.h"
#include "point_source.h"
#include "points.h"
#include "reorder.h"

#define MERGE_WINDOW_NS (1000ull * 1000 * 1000)
#define POLL_MS 50
/* From the first start to every point listening; ssh's own timeouts are
 * usually shorter. */
#define START_TIMEOUT_NS (30ull * 1000 * 1000 * 1000)
/* After a stop: how long each point gets to restore its interfaces and
 * send its statistics before its ssh is ended (the remote xdpdump then
 * still stops by itself, on end of file). */
#define STOP_GRACE_NS (10ull * 1000 * 1000 * 1000)
#define FLUSH_INTERVAL_NS (100ull * 1000 * 1000)
#define EV_SIGNAL UINT32_MAX
#define EV_ERR_BIT (1u << 31)

struct merge_rec {
	uint32_t out_id;
	uint32_t comment_len; /* bytes of comment after this header */
	struct xdpdump_meta meta;
};

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

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int open_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void stop_all(struct merge *m)
{
	if (m->stopping)
		return;
	m->stopping = true;
	m->stop_ns = now_ns();
	for (unsigned int i = 0; i < m->nr_src; i++)
		point_source__stop(&m->src[i]);
}

static void fail_and_stop(struct merge *m)
{
	m->failed = true;
	stop_all(m);
}

/* The stream's packet time on our clock. */
static uint64_t local_ts(const struct point_source *src, uint64_t ts)
{
	return (int64_t)ts - src->offset_ns;
}

static void describe(const struct point_source *src, const struct pcapng_stream_iface *ifc,
		     char *name, size_t nsize, char *desc, size_t dsize, char *comment,
		     size_t csize)
{
	const char *ifname = ifc->name ? ifc->name : "?";

	comment[0] = '\0';
	if (!src->remote) {
		snprintf(name, nsize, "%s", ifname);
		snprintf(desc, dsize, "%s", ifc->description ? ifc->description : "");
		return;
	}
	snprintf(name, nsize, "%s:%s", src->label, ifname);
	snprintf(desc, dsize, "%s on %s", ifc->description ? ifc->description : "XDP capture",
		 src->label);
	snprintf(comment, csize,
		 "xdpdump: capture point on %s (xdpdump %s over ssh). Its clock was %+lld ns from this host's at the start, estimated from the shortest of %d round trips (%llu ns, so within +-%llu ns); timestamps here are on this host's clock, corrected by that offset.",
		 src->label, src->version, (long long)src->offset_ns, POINT_CLOCK_PROBES,
		 (unsigned long long)src->best_rtt_ns,
		 (unsigned long long)src->best_rtt_ns / 2);
}

static int add_out_iface(struct merge *m, struct point_source *src, uint32_t if_id)
{
	const struct pcapng_stream_iface *ifc = pcapng_stream__iface(src->stream, if_id);
	char name[512], desc[512], comment[1024];
	struct capture_interface idb;
	int *ids, id;
	char **names;
	struct stored_stats *stats;

	describe(src, ifc, name, sizeof(name), desc, sizeof(desc), comment, sizeof(comment));
	idb = (struct capture_interface){
		.name = name,
		.description = desc[0] ? desc : NULL,
		.filter = ifc->filter,
		.comment = comment[0] ? comment : NULL,
		.snaplen = ifc->snaplen,
		.linktype = ifc->linktype,
	};
	id = output__add_interface(m->out, &idb);
	if (id < 0) {
		pr_err("%s: %s\n", output__name(m->out), strerror(-id));
		return id;
	}
	ids = realloc(src->out_ids, (if_id + 1) * sizeof(*ids));
	names = realloc(m->names, (m->nr_out + 1) * sizeof(*names));
	if (names)
		m->names = names;
	stats = realloc(m->stats, (m->nr_out + 1) * sizeof(*stats));
	if (stats)
		m->stats = stats;
	if (!ids || !names || !stats)
		return -ENOMEM;
	src->out_ids = ids;
	src->out_ids[if_id] = id;
	src->nr_out_ids = if_id + 1;
	m->names[m->nr_out] = strdup(name);
	memset(&m->stats[m->nr_out], 0, sizeof(*m->stats));
	m->nr_out++;
	return 0;
}

/* Every point listens: the file begins, with every interface in the order
 * given. */
static int begin_output(struct merge *m)
{
	int err = output__begin(m->out);

	if (err) {
		pr_err("%s: %s\n", output__name(m->out), strerror(-err));
		return err;
	}
	m->begun = true;
	for (unsigned int i = 0; i < m->nr_src; i++) {
		struct point_source *src = &m->src[i];

		for (unsigned int j = 0; j < pcapng_stream__nr_ifaces(src->stream); j++) {
			err = add_out_iface(m, src, j);
			if (err)
				return err;
		}
	}
	return 0;
}

static bool all_listening(const struct merge *m)
{
	for (unsigned int i = 0; i < m->nr_src; i++) {
		const struct point_source *src = &m->src[i];

		if (src->state == POINT_HANDSHAKE || !src->stream ||
		    pcapng_stream__nr_ifaces(src->stream) < src->nr_ifaces)
			return false;
	}
	return true;
}

static int push_packet(struct merge *m, unsigned int idx, const struct pcapng_record *rec)
{
	struct point_source *src = &m->src[idx];
	const struct capture_packet *p = &rec->pkt;
	size_t clen = p->comment ? strlen(p->comment) : 0;
	size_t len = sizeof(struct merge_rec) + clen + p->caplen;
	struct merge_rec *r;
	uint64_t ts = local_ts(src, p->ts_ns);
	int err;

	if (len > sizeof(m->buf))
		return -E2BIG;
	r = (struct merge_rec *)m->buf;
	memset(r, 0, sizeof(*r));
	r->out_id = rec->if_id; /* the stream's id until written */
	r->comment_len = clen;
	r->meta.ts_ns = ts;
	r->meta.packet_id = p->packet_id;
	r->meta.rx_queue = p->queue;
	r->meta.pkt_len = p->origlen;
	r->meta.cap_len = p->caplen;
	r->meta.point = p->has_verdict ? XDPDUMP_POINT_EXIT : XDPDUMP_POINT_ENTRY;
	r->meta.action = p->verdict;
	memcpy(r + 1, p->comment, clen);
	memcpy((char *)(r + 1) + clen, p->data, p->caplen);
	err = reorder__push(m->reorder, idx, ts, m->buf, len);
	if (!err && ts > src->last_ts)
		src->last_ts = ts;
	return err;
}

static void keep_stats(struct merge *m, struct point_source *src, const struct pcapng_record *rec)
{
	struct capture_if_stats st = rec->stats;

	if (!m->begun || rec->if_id >= src->nr_out_ids)
		return;
	if (st.start_ns)
		st.start_ns = local_ts(src, st.start_ns);
	st.end_ns = local_ts(src, st.end_ns ? st.end_ns : rec->ts_ns);
	m->stats[src->out_ids[rec->if_id]] = (struct stored_stats){ .set = true, .st = st };
}

static int take_record(struct merge *m, unsigned int idx, const struct pcapng_record *rec)
{
	struct point_source *src = &m->src[idx];

	switch (rec->type) {
	case PCAPNG_REC_INTERFACE:
		/* Interfaces that appear after the start (tracing one more
		 * program) are added as they come. */
		return m->begun ? add_out_iface(m, src, rec->if_id) : 0;
	case PCAPNG_REC_PACKET:
		return push_packet(m, idx, rec);
	case PCAPNG_REC_STATS:
		keep_stats(m, src, rec);
		return 0;
	default:
		return 0;
	}
}

static int parse_stream(struct merge *m, unsigned int idx)
{
	struct point_source *src = &m->src[idx];
	struct pcapng_record rec;
	int ret;

	while ((ret = pcapng_stream__next(src->stream, &rec)) > 0) {
		ret = take_record(m, idx, &rec);
		if (ret)
			return ret;
	}
	if (ret < 0) {
		pr_err("%s: not a pcapng stream (%s)\n", src->remote ? src->label : "local points",
		       strerror(-ret));
		src->reported = true;
	}
	return ret;
}

/* Handshake lines come first; whatever follows the last is pcapng. */
static int handshake_bytes(struct merge *m, unsigned int idx, const char *buf, size_t len,
			   size_t *used)
{
	struct point_source *src = &m->src[idx];

	for (*used = 0; *used < len && src->state == POINT_HANDSHAKE;) {
		char c = buf[(*used)++];

		if (c != '\n') {
			if (src->line_len < sizeof(src->line) - 1)
				src->line[src->line_len++] = c;
			continue;
		}
		src->line[src->line_len] = '\0';
		src->line_len = 0;
		if (point_source__handshake_line(src, src->line))
			return -EPROTO;
	}
	return 0;
}

static int read_out(struct merge *m, unsigned int idx)
{
	struct point_source *src = &m->src[idx];
	ssize_t n = src->out_fd < 0 ? 0 : read(src->out_fd, m->buf, sizeof(m->buf));
	size_t used = 0;
	int err;

	if (src->out_fd < 0)
		return 0;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n == 0) {
		epoll_ctl(m->epoll_fd, EPOLL_CTL_DEL, src->out_fd, NULL);
		close(src->out_fd);
		src->out_fd = -1;
		return 0;
	}
	err = handshake_bytes(m, idx, m->buf, n, &used);
	if (err)
		return err;
	if ((size_t)n > used) {
		err = pcapng_stream__feed(src->stream, m->buf + used, n - used);
		if (!err)
			err = parse_stream(m, idx);
	}
	return err;
}

static void read_err(struct merge *m, unsigned int idx)
{
	struct point_source *src = &m->src[idx];
	char buf[4096];
	ssize_t n = read(src->err_fd, buf, sizeof(buf));

	if (n > 0) {
		point_source__stderr(src, buf, n);
	} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		epoll_ctl(m->epoll_fd, EPOLL_CTL_DEL, src->err_fd, NULL);
		close(src->err_fd);
		src->err_fd = -1;
	}
}

static int emit(void *ctx, unsigned int source, uint64_t ts, const void *data, size_t len)
{
	struct merge *m = ctx;
	struct point_source *src = &m->src[source];
	const struct merge_rec *r = data;
	const char *payload = (const char *)(r + 1) + r->comment_len;
	char comment[1200], *note = NULL;
	unsigned int out_id;
	int err;

	(void)len;
	if (m->args->capture.count && m->written >= m->args->capture.count)
		return -ECANCELED;
	if (r->out_id >= src->nr_out_ids)
		return 0; /* an interface the file does not have: cannot be */
	out_id = src->out_ids[r->out_id];
	if (r->comment_len)
		note = comment;
	snprintf(comment, sizeof(comment), "%.*s", (int)r->comment_len, (const char *)(r + 1));
	if (ts < m->last_ts) {
		snprintf(comment, sizeof(comment),
			 "xdpdump: arrived after the merge window; stamped %llu ns earlier",
			 (unsigned long long)(m->last_ts - ts));
		note = comment;
		m->late++;
		ts = m->last_ts;
	}
	m->last_ts = ts;
	err = output__packet(m->out, out_id, m->names[out_id], ts, &r->meta, payload, note);
	if (err)
		return err;
	m->written++;
	return 0;
}

/* What can be written now: everything no running stream can still
 * precede. */
static uint64_t pop_limit(const struct merge *m)
{
	uint64_t now = now_ns(), limit = UINT64_MAX;

	for (unsigned int i = 0; i < m->nr_src; i++) {
		const struct point_source *src = &m->src[i];

		if (src->out_fd >= 0 && src->last_ts < limit)
			limit = src->last_ts;
	}
	if (now > MERGE_WINDOW_NS && limit < now - MERGE_WINDOW_NS)
		limit = now - MERGE_WINDOW_NS;
	return limit;
}

static int write_out(struct merge *m, bool final)
{
	uint64_t now = now_ns();
	long n;

	if (!m->begun)
		return 0;
	n = reorder__pop_until(m->reorder, final ? UINT64_MAX : pop_limit(m), emit, m);
	if (n == -ECANCELED) {
		if (!m->count_reached)
			stop_all(m);
		m->count_reached = true;
	} else if (n < 0) {
		return n;
	}
	if (final || now - m->last_flush_ns >= FLUSH_INTERVAL_NS) {
		m->last_flush_ns = now;
		return output__flush(m->out);
	}
	return 0;
}

static int write_stats(void *ctx)
{
	struct merge *m = ctx;

	for (unsigned int i = 0; i < m->nr_out; i++) {
		int err = m->stats[i].set ? output__stats(m->out, i, &m->stats[i].st) : 0;

		if (err)
			return err;
	}
	return 0;
}

static void reap(struct merge *m)
{
	for (unsigned int i = 0; i < m->nr_src; i++) {
		struct point_source *src = &m->src[i];

		if (src->exited || src->pid <= 0 || src->out_fd >= 0 || src->err_fd >= 0)
			continue;
		if (waitpid(src->pid, &src->status, WNOHANG) != src->pid)
			continue;
		src->exited = true;
		src->state = src->state == POINT_HANDSHAKE ? POINT_HANDSHAKE : POINT_ENDED;
		/* A point that fails to start says why itself (one line);
		 * one that ends while capturing is reported here. */
		point_source__report_exit(src, m->stopping || (!m->begun && src->said_something));
		if (src->failed && !m->stopping)
			fail_and_stop(m);
		else if (src->failed)
			m->failed = true;
	}
}

static bool all_exited(const struct merge *m)
{
	for (unsigned int i = 0; i < m->nr_src; i++)
		if (!m->src[i].exited && m->src[i].pid > 0)
			return false;
	return true;
}

/* A point that does not stop in time is ended: its ssh first, then for
 * good. The remote capture still stops by itself on end of file. */
static void enforce_deadlines(struct merge *m)
{
	uint64_t now = now_ns();
	int sig = 0;

	if (!m->begun && !m->stopping && now - m->started_ns > START_TIMEOUT_NS) {
		for (unsigned int i = 0; i < m->nr_src; i++)
			if (m->src[i].state == POINT_HANDSHAKE || !m->src[i].stream ||
			    pcapng_stream__nr_ifaces(m->src[i].stream) < m->src[i].nr_ifaces) {
				pr_err("%s: not listening after %llu s\n",
				       m->src[i].remote ? m->src[i].label : "local points",
				       START_TIMEOUT_NS / 1000000000ull);
				m->src[i].reported = true;
			}
		fail_and_stop(m);
	}
	if (!m->stopping)
		return;
	if (m->kill_stage == 0 && now - m->stop_ns > STOP_GRACE_NS)
		sig = SIGTERM;
	else if (m->kill_stage == 1 && now - m->stop_ns > STOP_GRACE_NS + 2000000000ull)
		sig = SIGKILL;
	if (!sig)
		return;
	m->kill_stage++;
	for (unsigned int i = 0; i < m->nr_src; i++)
		if (!m->src[i].exited && m->src[i].pid > 0)
			kill(m->src[i].pid, sig);
}

static void on_signal(struct merge *m)
{
	struct signalfd_siginfo info;

	if (read(m->signal_fd, &info, sizeof(info)) != sizeof(info))
		return;
	pr_debug("stopping every capture point on %s\n", strsignal(info.ssi_signo));
	stop_all(m);
}

static int handle_event(struct merge *m, uint32_t ev)
{
	unsigned int idx = ev & ~EV_ERR_BIT;

	if (ev == EV_SIGNAL) {
		on_signal(m);
		return 0;
	}
	if (ev & EV_ERR_BIT) {
		read_err(m, idx);
		return 0;
	}
	return read_out(m, idx);
}

static int watch(struct merge *m, int fd, uint32_t data)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = data };

	return epoll_ctl(m->epoll_fd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

static int start_all(struct merge *m, const char *expression)
{
	int err;

	m->started_ns = now_ns();
	for (unsigned int i = 0; i < m->nr_src; i++) {
		err = point_source__spawn(&m->src[i], m->args, expression);
		if (!err)
			err = watch(m, m->src[i].out_fd, i);
		if (!err)
			err = watch(m, m->src[i].err_fd, i | EV_ERR_BIT);
		if (err)
			return err;
	}
	return 0;
}

static int source_failed(struct merge *m, unsigned int idx, int err)
{
	struct point_source *src = &m->src[idx];

	if (err == -EPROTO || err == -EINVAL || err == -E2BIG) {
		/* Its stream is unusable: stop reading it. */
		if (src->out_fd >= 0) {
			epoll_ctl(m->epoll_fd, EPOLL_CTL_DEL, src->out_fd, NULL);
			close(src->out_fd);
			src->out_fd = -1;
		}
		fail_and_stop(m);
		return 0;
	}
	return err;
}

/* The first error of our own (the output, memory) stops every point; the
 * loop goes on until each has stopped, so none is left behind. */
static void note_error(struct merge *m, int err)
{
	if (!err)
		return;
	if (!m->error)
		m->error = err;
	fail_and_stop(m);
}

/* Remote points stop by themselves when these stop (eof_watch.h): a
 * silently dead connection ends them within seconds. */
static void send_heartbeats(struct merge *m)
{
	uint64_t now = now_ns();

	if (now - m->last_beat_ns < EOF_WATCH_HEARTBEAT_NS)
		return;
	m->last_beat_ns = now;
	for (unsigned int i = 0; i < m->nr_src; i++) {
		struct point_source *src = &m->src[i];

		if (src->remote && src->state == POINT_STREAM && src->in_fd >= 0 &&
		    write(src->in_fd, "h\n", 2) < 0 && errno != EAGAIN)
			pr_debug("%s: heartbeat: %s\n", src->label, strerror(errno));
	}
}

static void loop(struct merge *m)
{
	struct epoll_event events[32];
	int err;

	while (!all_exited(m)) {
		int n = epoll_wait(m->epoll_fd, events, 32, POLL_MS);

		if (n < 0 && errno != EINTR) {
			note_error(m, -errno);
			break;
		}
		for (int i = 0; i < n; i++) {
			err = handle_event(m, events[i].data.u32);
			if (err && events[i].data.u32 != EV_SIGNAL)
				err = source_failed(m, events[i].data.u32 & ~EV_ERR_BIT, err);
			note_error(m, err);
		}
		if (!m->begun && !m->stopping && all_listening(m)) {
			err = begin_output(m);
			m->error_said = err != 0; /* begin_output() said it */
			note_error(m, err);
			if (!err) {
				output__on_file_closing(m->out, write_stats, m);
				pr_info("listening on %u capture points\n", m->nr_out);
			}
		}
		if (!m->error)
			note_error(m, write_out(m, false));
		send_heartbeats(m);
		reap(m);
		enforce_deadlines(m);
	}
}

static int merge_init(struct merge *m, const struct xdpdump_args *args)
{
	int err = point_sources__build(args, &m->src, &m->nr_src);

	m->args = args;
	m->epoll_fd = m->signal_fd = -1;
	if (err)
		return err;
	m->reorder = reorder__new(m->nr_src);
	if (!m->reorder)
		return -ENOMEM;
	m->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	m->signal_fd = open_signals();
	if (m->epoll_fd < 0 || m->signal_fd < 0)
		return -errno;
	return watch(m, m->signal_fd, EV_SIGNAL);
}

static void merge_free(struct merge *m)
{
	point_sources__free(m->src, m->nr_src);
	reorder__free(m->reorder);
	for (unsigned int i = 0; i < m->nr_out; i++)
		free(m->names[i]);
	free(m->names);
	free(m->stats);
	if (m->epoll_fd >= 0)
		close(m->epoll_fd);
	if (m->signal_fd >= 0)
		close(m->signal_fd);
}

static struct output *open_output(const struct xdpdump_args *args)
{
	struct output_opts oopts = {
		.path = args->write_path,
		.pcap = args->pcap,
		.rotate = {
			.max_bytes = args->rotate_bytes,
			.seconds = args->rotate_seconds,
			.files = args->rotate_files,
		},
		.file_mode = args->file_mode,
		.print = args->print,
		.line_buffered = args->line_buffered,
	};

	return output__open(&oopts);
}

static int finish(struct merge *m)
{
	int err = write_out(m, true);

	if (!err && m->begun)
		err = write_stats(m);
	if (!err)
		err = output__flush(m->out);
	if (err)
		pr_err("%s: %s\n", output__name(m->out), strerror(-err));
	return err;
}

int points__run(const struct xdpdump_args *args, const char *expression)
{
	struct merge *m = calloc(1, sizeof(*m));
	int err;

	if (!m)
		return 1;
	if (args->owner || args->pcap) {
		pr_err("%s is not available with capture points on other hosts\n",
		       args->owner ? "-Z" : "--pcap");
		free(m);
		return 1;
	}
	err = merge_init(m, args);
	if (!err) {
		m->out = open_output(args);
		err = m->out ? 0 : -errno;
	}
	if (!err)
		err = start_all(m, expression);
	if (err)
		fail_and_stop(m);
	/* Even after a failed start: wait for whatever was started to stop. */
	loop(m);
	if (m->begun) {
		if (m->error || finish(m))
			m->failed = true;
		if (m->error && !m->error_said)
			pr_err("%s: %s\n", output__name(m->out), strerror(-m->error));
		pr_info("%llu packets written to %s\n", (unsigned long long)m->written,
			output__summary_name(m->out));
		if (m->late)
			pr_info("%llu packets arrived after the merge window; written with the previous timestamp and a comment\n",
				(unsigned long long)m->late);
		if (output__close(m->out))
			m->failed = true;
	} else {
		m->failed = true;
		output__abort(m->out);
	}
	err = m->failed;
	merge_free(m);
	free(m);
	return err ? 1 : 0;
}
