// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_gen: the benchmark's traffic generator. Sends COUNT UDP/IPv4 frames
 * of SIZE bytes out of a veth as fast as the kernel lets it, and reports
 * how many it sent and at what rate.
 *
 * It runs xdp_gen_tx (an XDP program returning XDP_TX) with BPF_PROG_RUN
 * in live-frames mode (BPF_F_TEST_XDP_LIVE_FRAMES), with the context's
 * ingress_ifindex set to the veth: the kernel runs the program on pages
 * it fills from our template frame, in batches, and turns each XDP_TX into
 * a redirect out of that veth. The frames then arrive at the peer veth,
 * which must have an XDP program attached in native mode to accept them.
 * No socket, no skb: one syscall sends up to a million frames.
 *
 * The receiver's XDP program runs in the softirq that the end of each
 * batch raises on our CPU, so the rate printed here falls as the receiver
 * does more per packet: that is what the benchmark measures.
 *
 * A kernel that refuses live frames (EPERM: this test run mode is closed
 * on some machines) gets the same frames through an AF_PACKET TX ring
 * instead (afp_send.c), with a line on stderr and method=afpacket in the
 * output: slower, and the sender's own socket path then counts in the rate.
 *
 * Run it inside the sender's network namespace; send only to addresses of
 * namespaces you created.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "afp_send.h"
#include "gen_frame.h"
#include "xdp_gen_tx.skel.h"

/* Frames per BPF_PROG_RUN call: small enough that a signal is noticed
 * quickly, large enough that the syscall and page-pool setup vanish. */
#define CHUNK (1U << 20)

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xdp_gen -i IF -d DST-IP -m DST-MAC [-S SRC-IP] [-n COUNT] [-s FRAME-BYTES]\n"
		"               [-b BATCH] [-p DST-PORT] [-P SRC-PORT-BASE] [-k SRC-PORTS]\n"
		"Sends COUNT (default 1000000) UDP/IPv4 frames of FRAME-BYTES (default 64,\n"
		"%d..%d, without FCS) out of IF; the source port cycles through\n"
		"SRC-PORT-BASE (default 1000) + 0..SRC-PORTS-1 (default 10).\n",
		GEN_MIN_FRAME, GEN_MAX_FRAME);
	exit(2);
}

static unsigned long long number(const char *s, unsigned long long min, unsigned long long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "xdp_gen: '%s' is not a number in %llu..%llu\n", s, min, max);
		exit(2);
	}
	return v;
}

static void parse_mac(const char *s, uint8_t *mac)
{
	if (sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3],
		   &mac[4], &mac[5]) != ETH_ALEN) {
		fprintf(stderr, "xdp_gen: not a MAC address: %s\n", s);
		exit(2);
	}
}

static void parse_ip(const char *s, struct in_addr *a)
{
	if (inet_pton(AF_INET, s, a) != 1) {
		fprintf(stderr, "xdp_gen: not an IPv4 address: %s\n", s);
		exit(2);
	}
}

static void parse(int argc, char **argv, struct gen_opts *o)
{
	int c;

	*o = (struct gen_opts){ .count = 1000000,
				.size = 64,
				.batch = 64,
				.dport = 9,
				.sport_base = 1000,
				.sport_count = 10 };
	while ((c = getopt(argc, argv, "i:d:m:S:n:s:b:p:P:k:")) != -1) {
		switch (c) {
		case 'i':
			o->ifname = optarg;
			break;
		case 'd':
			parse_ip(optarg, &o->dst);
			o->have_dst = 1;
			break;
		case 'm':
			parse_mac(optarg, o->dst_mac);
			o->have_dmac = 1;
			break;
		case 'S':
			parse_ip(optarg, &o->src);
			o->have_src = 1;
			break;
		case 'n':
			o->count = number(optarg, 1, 1ULL << 40);
			break;
		case 's':
			o->size = number(optarg, GEN_MIN_FRAME, GEN_MAX_FRAME);
			break;
		/* The kernel's limit for batch_size. */
		case 'b':
			o->batch = number(optarg, 1, 256);
			break;
		case 'p':
			o->dport = number(optarg, 1, 65535);
			break;
		case 'P':
			o->sport_base = number(optarg, 1, 65535);
			break;
		case 'k':
			o->sport_count = number(optarg, 1, 65535);
			break;
		default:
			usage();
		}
	}
	if (!o->ifname || !o->have_dst || !o->have_dmac || optind != argc)
		usage();
	if (o->sport_base + o->sport_count - 1 > 65535) {
		fprintf(stderr, "xdp_gen: source ports run past 65535\n");
		exit(2);
	}
}

static int if_mac(const char *ifname, uint8_t *mac)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		err = -errno;
	else
		memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	close(fd);
	return err;
}

/* The first IPv4 address of IF, when -S was not given. */
static int if_ipv4(const char *ifname, struct in_addr *a)
{
	struct ifaddrs *list, *ifa;
	int err = -EADDRNOTAVAIL;

	if (getifaddrs(&list))
		return -errno;
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_INET &&
		    !strcmp(ifa->ifa_name, ifname)) {
			*a = ((struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
			err = 0;
			break;
		}
	}
	freeifaddrs(list);
	return err;
}

static int fill_addresses(struct gen_opts *o)
{
	int err = if_mac(o->ifname, o->src_mac);

	if (err) {
		fprintf(stderr, "xdp_gen: %s: %s\n", o->ifname, strerror(-err));
		return err;
	}
	if (!o->have_src && (err = if_ipv4(o->ifname, &o->src))) {
		fprintf(stderr, "xdp_gen: %s has no IPv4 address; give -S\n", o->ifname);
		return err;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One BPF_PROG_RUN of up to CHUNK frames. */
static int run_chunk(int prog_fd, const struct gen_opts *o, uint8_t *frame, unsigned int n)
{
	struct xdp_md ctx = { .data_end = o->size, .ingress_ifindex = if_nametoindex(o->ifname) };
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = frame, .data_size_in = o->size,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = n,
		    .batch_size = o->batch, .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

	if (!ctx.ingress_ifindex)
		return -errno;
	return bpf_prog_test_run_opts(prog_fd, &topts) ? -errno : 0;
}

static struct xdp_gen_tx_bpf *load(const struct gen_opts *o)
{
	struct xdp_gen_tx_bpf *skel = xdp_gen_tx_bpf__open();
	int err;

	if (!skel) {
		fprintf(stderr, "xdp_gen: open: %s\n", strerror(errno));
		return NULL;
	}
	skel->rodata->sport_base = o->sport_base;
	skel->rodata->sport_count = o->sport_count;
	err = xdp_gen_tx_bpf__load(skel);
	if (err) {
		fprintf(stderr, "xdp_gen: load: %s\n", strerror(-err));
		xdp_gen_tx_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

/* The line run.sh reads (key=value; it ignores keys it does not know). */
static void report(const struct gen_opts *o, unsigned long long sent, double secs,
		   const char *method)
{
	printf("sent=%llu size=%u seconds=%.6f mpps=%.4f gbps=%.3f method=%s\n", sent, o->size,
	       secs, sent / secs / 1e6, sent * o->size * 8 / secs / 1e9, method);
}

/* Live frames, the fast way. Returns 0, -EPERM when the kernel refuses
 * live frames before sending any (the caller falls back), or 1. */
static int send_live(struct xdp_gen_tx_bpf *skel, const struct gen_opts *o)
{
	int fd = bpf_program__fd(skel->progs.xdp_gen_tx), err = 0;
	unsigned long long left = o->count, sent;
	uint8_t frame[GEN_MAX_FRAME];
	double start, secs;

	gen_frame_build(o, frame);
	start = now();
	while (left && !stopping && !err) {
		unsigned int n = left < CHUNK ? left : CHUNK;

		err = run_chunk(fd, o, frame, n);
		left -= n;
	}
	secs = now() - start;
	/* The program's own count: exact even when a run was cut short. */
	sent = skel->bss->sent;
	if (err == -EPERM && !sent)
		return -EPERM;
	if (err && err != -EINTR)
		fprintf(stderr, "xdp_gen: BPF_PROG_RUN: %s\n", strerror(-err));
	report(o, sent, secs, "live");
	return err && err != -EINTR ? 1 : 0;
}

/* The fallback (afp_send.c): same frames, same line, slower. */
static int send_afpacket(const struct gen_opts *o)
{
	unsigned long long sent;
	double start = now(), secs;
	int err;

	fprintf(stderr, "xdp_gen: live frames refused (EPERM); sending through AF_PACKET\n");
	err = afp_send(o, &stopping, &sent);
	secs = now() - start;
	if (err)
		fprintf(stderr, "xdp_gen: AF_PACKET: %s\n", strerror(-err));
	report(o, sent, secs, "afpacket");
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct xdp_gen_tx_bpf *skel;
	struct gen_opts o;
	int rc;

	parse(argc, argv, &o);
	if (fill_addresses(&o))
		return 1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	skel = load(&o);
	if (!skel)
		return 1;
	rc = send_live(skel, &o);
	xdp_gen_tx_bpf__destroy(skel);
	if (rc == -EPERM)
		rc = send_afpacket(&o);
	return rc;
}
