// SPDX-License-Identifier: GPL-2.0
/*
 * The local side of a run with remote capture points: start one process
 * per host (and one for the local points), read their pcapng streams, and
 * hand them to point_file.c, which merges every packet by timestamp, on
 * our clock, into one output; stop them all, and wait until each has
 * restored its interfaces.
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
#include "output/output.h"
#include "merge.h"
#include "points.h"
#include "reorder.h"

#define POLL_MS 50
/* From the first start to every point listening; ssh's own timeouts are
 * usually shorter. */
#define START_TIMEOUT_NS (30ull * 1000 * 1000 * 1000)
/* After a stop: how long each point gets to restore its interfaces and
 * send its statistics before its ssh is ended (the remote xdpdump then
 * still stops by itself, on end of file). */
#define STOP_GRACE_NS (10ull * 1000 * 1000 * 1000)
#define EV_SIGNAL UINT32_MAX
#define EV_ERR_BIT (1u << 31)

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

static void fail_and_stop(struct merge *m)
{
	m->failed = true;
	merge__stop_all(m);
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
	if ((size_t)n <= used)
		return 0;
	err = pcapng_stream__feed(src->stream, m->buf + used, n - used);
	if (err)
		return err;
	return merge__parse_stream(m, idx);
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
	uint64_t now = merge_now_ns();
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
	merge__stop_all(m);
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

	m->started_ns = merge_now_ns();
	for (unsigned int i = 0; i < m->nr_src; i++) {
		err = point_source__spawn(&m->src[i], m->args, expression);
		if (err)
			return err;
		err = watch(m, m->src[i].out_fd, i);
		if (err)
			return err;
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
	uint64_t now = merge_now_ns();

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
		if (!m->begun && !m->stopping && merge__all_listening(m)) {
			err = merge__begin_output(m);
			m->error_said = err != 0; /* begin_output() said it */
			note_error(m, err);
			if (!err) {
				output__on_file_closing(m->out, merge__write_stats, m);
				pr_info("listening on %u capture points\n", m->nr_out);
			}
		}
		if (!m->error)
			note_error(m, merge__write_out(m, false));
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
	int err = merge__write_out(m, true);

	if (err)
		goto err_out;
	if (m->begun) {
		err = merge__write_stats(m);
		if (err)
			goto err_out;
	}
	err = output__flush(m->out);
	if (err)
		goto err_out;
	return 0;

err_out:
	pr_err("%s: %s\n", output__name(m->out), strerror(-err));
	return err;
}

static int start(struct merge *m, const struct xdpdump_args *args, const char *expression)
{
	int err = merge_init(m, args);

	if (err)
		return err;
	m->out = open_output(args);
	if (!m->out)
		return -errno;
	return start_all(m, expression);
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
	if (start(m, args, expression))
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
