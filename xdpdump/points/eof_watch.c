// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include "eof_watch.h"
#include "log.h"

static uint64_t last_heard_ns; /* 0: no heartbeat expected */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void eof_watch__expect_heartbeat(void)
{
	last_heard_ns = now_ns();
}

int eof_watch__heartbeat_lost(void)
{
	if (!last_heard_ns || now_ns() - last_heard_ns < EOF_WATCH_HEARTBEAT_TIMEOUT_NS)
		return 0;
	pr_info("no heartbeat from the capture's reader for %llu s: stopping (--exit-on-eof)\n",
		EOF_WATCH_HEARTBEAT_TIMEOUT_NS / 1000000000ull);
	last_heard_ns = 0;
	return SIGHUP;
}

int eof_watch__add(int epfd)
{
	struct epoll_event in = { .events = EPOLLIN | EPOLLRDHUP, .data.u32 = EOF_WATCH_EVENT };
	/* No EPOLLIN/OUT: only EPOLLERR and EPOLLHUP, which epoll always
	 * reports, arrive for stdout. */
	struct epoll_event out = { .events = 0, .data.u32 = EOF_WATCH_EVENT };
	struct stat st;

	if (epoll_ctl(epfd, EPOLL_CTL_ADD, STDIN_FILENO, &in)) {
		int err = -errno;

		pr_err("--exit-on-eof: cannot watch stdin: %s (it must be a pipe, socket or terminal)\n",
		       strerror(-err));
		return err;
	}
	if (!fstat(STDOUT_FILENO, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) &&
	    epoll_ctl(epfd, EPOLL_CTL_ADD, STDOUT_FILENO, &out))
		return -errno;
	return 0;
}

int eof_watch__check(void)
{
	struct pollfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN | POLLRDHUP },
		{ .fd = STDOUT_FILENO, .events = 0 },
	};
	char junk[256];

	if (poll(fds, 2, 0) <= 0)
		return 0;
	if (fds[1].revents & (POLLERR | POLLHUP)) {
		pr_debug("stdout was closed: stopping (--exit-on-eof)\n");
		return SIGHUP;
	}
	if (fds[0].revents & POLLIN) {
		ssize_t n = read(STDIN_FILENO, junk, sizeof(junk));

		if (n > 0 && last_heard_ns)
			last_heard_ns = now_ns();
		if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR)))
			return 0;
	} else if (!(fds[0].revents & (POLLHUP | POLLRDHUP | POLLERR))) {
		return 0;
	}
	pr_debug("stdin reached its end: stopping (--exit-on-eof)\n");
	return SIGHUP;
}
