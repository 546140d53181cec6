// SPDX-License-Identifier: GPL-2.0
/*
 * --clock-probe, the remote side of a capture point's start: before any
 * pcapng, say who we are on stdout, answer each "t" on stdin with our
 * CLOCK_REALTIME, and start the capture on "g". The local side times each
 * round trip and takes the offset of the shortest (point_source.c). Bytes
 * are read one at a time so that nothing after "g" is taken from stdin,
 * which --exit-on-eof then watches.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "eof_watch.h"
#include "points.h"

/* One line from stdin, without its newline: its length, 0 at the end of
 * the input, -errno. */
static ssize_t read_line(char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		ssize_t got = read(STDIN_FILENO, buf + n, 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (!got)
			return 0;
		if (buf[n] == '\n') {
			buf[n] = '\0';
			return n + 1;
		}
		if (n < size - 1)
			n++;
	}
}

static int say(const char *text, size_t len)
{
	return write(STDOUT_FILENO, text, len) == (ssize_t)len ? 0 : -EPIPE;
}

int clock_probe__serve(void)
{
	char line[64], reply[64];
	struct timespec ts;
	int len;

	len = snprintf(reply, sizeof(reply), "xdpdump-point 1 %s\n", XDPDUMP_VERSION);
	if (say(reply, len))
		return -EPIPE;
	for (;;) {
		ssize_t n = read_line(line, sizeof(line));

		if (n <= 0)
			return n;
		if (!strcmp(line, "g")) {
			/* From now on the local side sends heartbeats. */
			eof_watch__expect_heartbeat();
			return 1;
		}
		if (strcmp(line, "t"))
			continue;
		clock_gettime(CLOCK_REALTIME, &ts);
		len = snprintf(reply, sizeof(reply), "t %llu\n",
			       (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec);
		if (say(reply, len))
			return -EPIPE;
	}
}
