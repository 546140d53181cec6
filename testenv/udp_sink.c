// SPDX-License-Identifier: GPL-2.0
/*
 * udp_sink: count the UDP datagrams that reach the receiver's stack.
 *
 * A test uses it to show what the existing XDP program let through (port 7
 * arrives, port 9 never does). It prints "ready" once every port is bound,
 * so the caller can wait for that instead of sleeping, and prints one line
 * "PORT DATAGRAMS BYTES" per port when SIGTERM or SIGINT arrives.
 *
 * Sockets are IPv6 with IPV6_V6ONLY off, so one socket per port takes both
 * IPv4 and IPv6 datagrams.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define MAX_PORTS 16

struct port {
	int fd;
	unsigned int number;
	unsigned long datagrams;
	unsigned long long bytes;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int bind_port(unsigned int number)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(number),
		.sin6_addr = IN6ADDR_ANY_INIT,
	};
	int off = 0, rcvbuf = 4 << 20;
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	/* A burst must not overflow the socket and look like XDP drops. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void drain(struct port *p)
{
	char buf[65536];
	ssize_t n;

	while ((n = recv(p->fd, buf, sizeof(buf), 0)) >= 0) {
		p->datagrams++;
		p->bytes += n;
	}
}

static void open_ports(int argc, char **argv, struct port *ports, struct pollfd *pfd)
{
	for (int i = 0; i < argc; i++) {
		char *end;
		unsigned long n = strtoul(argv[i], &end, 10);

		if (*argv[i] == '\0' || *end != '\0' || n == 0 || n > 65535) {
			fprintf(stderr, "udp_sink: bad port '%s'\n", argv[i]);
			exit(2);
		}
		ports[i].number = n;
		ports[i].fd = bind_port(n);
		if (ports[i].fd < 0) {
			fprintf(stderr, "udp_sink: port %lu: %s\n", n, strerror(errno));
			exit(1);
		}
		pfd[i].fd = ports[i].fd;
		pfd[i].events = POLLIN;
	}
}

int main(int argc, char **argv)
{
	struct port ports[MAX_PORTS] = { 0 };
	struct pollfd pfd[MAX_PORTS];
	struct sigaction sa = { .sa_handler = on_signal };
	int n = argc - 1;

	if (n < 1 || n > MAX_PORTS) {
		fprintf(stderr, "usage: udp_sink PORT...\n");
		return 2;
	}
	/* No SA_RESTART: the signal must interrupt poll(). */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	open_ports(n, argv + 1, ports, pfd);
	printf("ready\n");
	fflush(stdout);

	while (!stop) {
		if (poll(pfd, n, -1) < 0 && errno != EINTR) {
			perror("udp_sink: poll");
			return 1;
		}
		for (int i = 0; i < n; i++)
			drain(&ports[i]);
	}
	for (int i = 0; i < n; i++) {
		drain(&ports[i]);
		printf("%u %lu %llu\n", ports[i].number, ports[i].datagrams, ports[i].bytes);
	}
	return 0;
}
