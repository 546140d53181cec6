// SPDX-License-Identifier: GPL-2.0
/*
 * udp_hold: own a UDP port and never read from it.
 *
 * The benchmark's frames go to a real address and port of the receiving
 * namespace. Without a socket there, the stack would answer a share of
 * them with ICMP port-unreachable messages, which a capture on the same
 * interface would count as packets too. With this socket the stack queues
 * datagrams until the (small) receive buffer is full and then drops them,
 * quietly, and spends no CPU of ours reading them.
 *
 *   udp_hold PORT    prints "ready" once bound; exits on SIGINT/SIGTERM.
 */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	int fd, off = 0, small = 4096;
	sigset_t set;
	long port;

	port = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "usage: udp_hold PORT\n");
		return 2;
	}
	sa.sin6_port = htons(port);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	/* One socket for IPv4 and IPv6. */
	if (fd < 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("udp_hold");
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("ready\n");
	fflush(stdout);
	sigwaitinfo(&set, NULL);
	return 0;
}
