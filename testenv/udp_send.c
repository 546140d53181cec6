// SPDX-License-Identifier: GPL-2.0
/*
 * udp_send: send exactly COUNT UDP datagrams to ADDR:PORT, optionally paced.
 *
 * Tests compare packet counts in a capture file with what was sent, so
 * every datagram must leave: a send that fails with a transient error
 * (ENOBUFS, EAGAIN) is retried rather than lost. The socket is left
 * unconnected on purpose: a connected UDP socket would turn the receiver's
 * ICMP port-unreachable replies into ECONNREFUSED on the next send.
 *
 * Each payload starts with a 32-bit big-endian sequence number so a reader
 * can check for loss and order.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define MAX_PAYLOAD 65507

struct options {
	const char *addr;
	unsigned long port;
	unsigned long count;
	unsigned long size;
	unsigned long rate;
	unsigned long sport;
};

static void usage(void)
{
	fprintf(stderr, "usage: udp_send -d ADDR -p PORT -n COUNT "
			"[-s PAYLOAD-BYTES] [-r PACKETS-PER-SEC] [-S SRC-PORT]\n");
	exit(2);
}

static unsigned long number(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v > max) {
		fprintf(stderr, "udp_send: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static void parse(int argc, char **argv, struct options *o)
{
	int c;

	o->size = 64;
	while ((c = getopt(argc, argv, "d:p:n:s:r:S:")) != -1) {
		switch (c) {
		case 'd':
			o->addr = optarg;
			break;
		case 'p':
			o->port = number(optarg, 65535);
			break;
		case 'n':
			o->count = number(optarg, 1UL << 40);
			break;
		case 's':
			o->size = number(optarg, MAX_PAYLOAD);
			break;
		case 'r':
			o->rate = number(optarg, 100000000);
			break;
		case 'S':
			o->sport = number(optarg, 65535);
			break;
		default:
			usage();
		}
	}
	if (!o->addr || !o->port || optind != argc)
		usage();
	if (o->size < 4)
		o->size = 4;
}

/* Fills *ss from a literal IPv4 or IPv6 address; returns its length. */
static socklen_t resolve(const struct options *o, struct sockaddr_storage *ss)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, o->addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(o->port);
		return sizeof(*in4);
	}
	if (inet_pton(AF_INET6, o->addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(o->port);
		return sizeof(*in6);
	}
	fprintf(stderr, "udp_send: not an IP address: %s\n", o->addr);
	exit(2);
}

static int open_socket(int family, unsigned long sport)
{
	struct sockaddr_storage ss = { .ss_family = family };
	int fd = socket(family, SOCK_DGRAM, 0);

	if (fd < 0) {
		perror("udp_send: socket");
		exit(1);
	}
	if (sport) {
		/* Same offset for both families: sin_port and sin6_port. */
		((struct sockaddr_in *)&ss)->sin_port = htons(sport);
		if (bind(fd, (struct sockaddr *)&ss, sizeof(ss)) < 0) {
			perror("udp_send: bind");
			exit(1);
		}
	}
	return fd;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleeps until packet number i is due, for a steady rate from start. */
static void pace(double start, unsigned long i, unsigned long rate)
{
	double due = start + (double)i / rate, wait;
	struct timespec ts;

	wait = due - now();
	if (wait <= 0)
		return;
	ts.tv_sec = (time_t)wait;
	ts.tv_nsec = (long)((wait - ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static int send_one(int fd, const char *buf, size_t len, const struct sockaddr_storage *ss,
		    socklen_t sslen)
{
	for (;;) {
		if (sendto(fd, buf, len, 0, (const struct sockaddr *)ss, sslen) == (ssize_t)len)
			return 0;
		if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR)
			return -errno;
		usleep(100);
	}
}

int main(int argc, char **argv)
{
	static char buf[MAX_PAYLOAD];
	struct options o = { 0 };
	struct sockaddr_storage ss;
	socklen_t sslen;
	unsigned long i;
	double start;
	int fd, err;

	parse(argc, argv, &o);
	sslen = resolve(&o, &ss);
	fd = open_socket(ss.ss_family, o.sport);
	memset(buf, 'x', o.size);
	start = now();
	for (i = 0; i < o.count; i++) {
		uint32_t seq = htonl((uint32_t)i);

		memcpy(buf, &seq, sizeof(seq));
		if (o.rate)
			pace(start, i, o.rate);
		err = send_one(fd, buf, o.size, &ss, sslen);
		if (err) {
			fprintf(stderr, "udp_send: sendto: %s (after %lu)\n", strerror(-err), i);
			return 1;
		}
	}
	printf("sent %lu\n", o.count);
	return 0;
}
