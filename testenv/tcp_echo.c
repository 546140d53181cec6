// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_echo: one short TCP exchange, both ends, with no dependency on
 * netcat or socat (neither is on a bare Debian machine).
 *
 *   tcp_echo listen PORT               accept one connection, echo it, exit
 *   tcp_echo connect ADDR PORT MESSAGE send MESSAGE, expect it back, exit 0
 *
 * The listener prints "ready" once it listens, so a caller can wait for
 * it. Both ends give up after a timeout rather than hang a test.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define TIMEOUT_SEC 10

static void die(const char *what)
{
	fprintf(stderr, "tcp_echo: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void set_timeout(int fd)
{
	struct timeval tv = { .tv_sec = TIMEOUT_SEC };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static unsigned short port_arg(const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n == 0 || n > 65535) {
		fprintf(stderr, "tcp_echo: bad port '%s'\n", s);
		exit(2);
	}
	return n;
}

static int do_listen(const char *port)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(port_arg(port)),
		.sin6_addr = IN6ADDR_ANY_INIT,
	};
	int off = 0, on = 1, fd, conn;
	char buf[4096];
	ssize_t n;

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0)
		die("listen");
	printf("ready\n");
	fflush(stdout);
	/* Nobody may come: do not outlive the test. */
	alarm(3 * TIMEOUT_SEC);
	conn = accept(fd, NULL, NULL);
	if (conn < 0)
		die("accept");
	set_timeout(conn);
	while ((n = read(conn, buf, sizeof(buf))) > 0)
		if (write(conn, buf, n) != n)
			die("write");
	close(conn);
	return n < 0 ? 1 : 0;
}

static int connect_to(const char *addr, unsigned short port)
{
	struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
	struct sockaddr *sa = (struct sockaddr *)&in4;
	socklen_t len = sizeof(in4);
	int fd;

	if (inet_pton(AF_INET, addr, &in4.sin_addr) != 1) {
		if (inet_pton(AF_INET6, addr, &in6.sin6_addr) != 1) {
			fprintf(stderr, "tcp_echo: bad address '%s'\n", addr);
			exit(2);
		}
		sa = (struct sockaddr *)&in6;
		len = sizeof(in6);
	}
	fd = socket(sa->sa_family, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	set_timeout(fd);
	if (connect(fd, sa, len) < 0)
		die("connect");
	return fd;
}

static int do_connect(const char *addr, const char *port, const char *msg)
{
	size_t len = strlen(msg), got = 0;
	char buf[4096];
	ssize_t n;
	int fd;

	if (len > sizeof(buf)) {
		fprintf(stderr, "tcp_echo: message too long\n");
		return 2;
	}
	fd = connect_to(addr, port_arg(port));
	if (write(fd, msg, len) != (ssize_t)len)
		die("write");
	/* Half-close so the listener sees EOF and ends the exchange. */
	shutdown(fd, SHUT_WR);
	while (got < sizeof(buf) && (n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += n;
	close(fd);
	if (got != len || memcmp(buf, msg, len) != 0) {
		fprintf(stderr, "tcp_echo: echo differs (%zu of %zu bytes)\n", got, len);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "listen") == 0)
		return do_listen(argv[2]);
	if (argc == 5 && strcmp(argv[1], "connect") == 0)
		return do_connect(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: tcp_echo listen PORT\n"
			"       tcp_echo connect ADDR PORT MESSAGE\n");
	return 2;
}
