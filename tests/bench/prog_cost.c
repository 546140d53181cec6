// SPDX-License-Identifier: GPL-2.0
/*
 * prog_cost: what one run of a loaded XDP program costs, in nanoseconds,
 * measured by the kernel with BPF_PROG_TEST_RUN.
 *
 *   prog_cost -p PROG-ID [-B BASE.bpf.o] [-i IF] [-s FRAME-BYTES] [-n REPEAT]
 *             [-r ROUNDS] [-P SRC-PORT]
 *
 * The program is found by id (bpftool prog show, or `ip -d link` for the
 * program attached to an interface), so it can be one that another process
 * loaded: xdpdump's capture program while xdpdump runs, or the peer tool's.
 * Each round runs it REPEAT times (default 1000000) on the same UDP/IPv4
 * frame of FRAME-BYTES (source port SRC-PORT, default 1000, destination
 * port 9, as xdp_gen sends) and the kernel reports the mean time per run;
 * prog_cost prints the median and the minimum over ROUNDS (default 5).
 * With -i, the frame looks as if it arrived on IF (run prog_cost in IF's
 * namespace).
 *
 * With -B, every round also runs the first program of BASE.bpf.o (a bare
 * XDP_PASS, say) just before the measured one, and prog_cost prints the
 * median of the per-round differences: on a machine whose speed drifts
 * (other load, a VM), differences taken side by side are steadier than two
 * figures taken minutes apart.
 *
 * A capture program really writes each packet to its perf ring under test
 * run; the tool that owns it goes on reading. If the program has the
 * "stats" map of xdpdump's capture program, prog_cost also prints how many
 * of the runs found the ring full (a failed output is cheaper than a
 * written one, so a figure with many of those is too low).
 *
 * Output: "id=N name=NAME size=N repeat=N rounds=N ns_median=N ns_min=N
 * retval=N [base_median=N over_median=N] [output_failed=N]".
 */
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xdpdump_shared.h"

#define MAX_ROUNDS 101
#define MAX_FRAME 9000

struct cost_opts {
	unsigned int id, size, rounds, sport;
	unsigned long repeat;
	const char *ifname, *base_obj;
};

static void usage(void)
{
	fprintf(stderr, "usage: prog_cost -p PROG-ID [-B BASE.bpf.o] [-i IF] [-s FRAME-BYTES] "
			"[-n REPEAT] [-r ROUNDS] [-P SRC-PORT]\n");
	exit(2);
}

static unsigned long number(const char *s, unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "prog_cost: '%s' is not a number in %lu..%lu\n", s, min, max);
		exit(2);
	}
	return v;
}

static void parse(int argc, char **argv, struct cost_opts *o)
{
	int c;

	*o = (struct cost_opts){ .size = 64, .rounds = 5, .sport = 1000, .repeat = 1000000 };
	while ((c = getopt(argc, argv, "p:B:i:s:n:r:P:")) != -1) {
		switch (c) {
		case 'p':
			o->id = number(optarg, 1, UINT32_MAX);
			break;
		case 'B':
			o->base_obj = optarg;
			break;
		case 'i':
			o->ifname = optarg;
			break;
		case 's':
			o->size = number(optarg, 46, MAX_FRAME);
			break;
		case 'n':
			o->repeat = number(optarg, 1, UINT32_MAX);
			break;
		case 'r':
			o->rounds = number(optarg, 1, MAX_ROUNDS);
			break;
		case 'P':
			o->sport = number(optarg, 1, 65535);
			break;
		default:
			usage();
		}
	}
	if (!o->id || optind != argc)
		usage();
}

/* The frame xdp_gen would send (addresses do not matter here). */
static void build_frame(uint8_t *buf, const struct cost_opts *o)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	size_t l3 = o->size - ETH_HLEN;

	memset(buf, 'x', o->size);
	memcpy(eth->h_dest, "\x02\0\0\0\0\x02", ETH_ALEN);
	memcpy(eth->h_source, "\x02\0\0\0\0\x01", ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	*ip = (struct iphdr){ .version = 4,
			      .ihl = 5,
			      .ttl = 64,
			      .protocol = IPPROTO_UDP,
			      .tot_len = htons(l3),
			      .saddr = htonl(0x0ac70001),
			      .daddr = htonl(0x0ac70002) };
	*udp = (struct udphdr){ .source = htons(o->sport),
				.dest = htons(9),
				.len = htons(l3 - sizeof(*ip)) };
}

/* fd of the per-CPU "stats" map of xdpdump's capture program, or -1. */
static int stats_map_fd(int prog_fd)
{
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info), ids[64], n;

	info.nr_map_ids = 64;
	info.map_ids = (uintptr_t)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -1;
	n = info.nr_map_ids < 64 ? info.nr_map_ids : 64;
	for (uint32_t i = 0; i < n; i++) {
		struct bpf_map_info mi = { 0 };
		uint32_t mlen = sizeof(mi);
		int fd = bpf_map_get_fd_by_id(ids[i]);

		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &mi, &mlen) && !strcmp(mi.name, "stats") &&
		    mi.type == BPF_MAP_TYPE_PERCPU_ARRAY &&
		    mi.value_size == sizeof(struct xdpdump_cpu_stats))
			return fd;
		close(fd);
	}
	return -1;
}

/* Failed outputs (ring full) over all CPUs so far. */
static uint64_t output_failed(int map_fd)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xdpdump_cpu_stats vals[ncpu > 0 ? ncpu : 1];
	uint64_t sum = 0;
	uint32_t zero = 0;

	if (map_fd < 0 || ncpu <= 0 || bpf_map_lookup_elem(map_fd, &zero, vals))
		return 0;
	for (int i = 0; i < ncpu; i++)
		sum += vals[i].output_failed;
	return sum;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t median(int64_t *v, unsigned int n)
{
	qsort(v, n, sizeof(v[0]), cmp_i64);
	return v[n / 2];
}

/* One round: the kernel's mean per run, in ns (it rounds to whole ns). */
static int run_round(int fd, const struct cost_opts *o, uint8_t *frame, uint32_t *ns,
		     uint32_t *retval)
{
	struct xdp_md ctx = { .data_end = o->size };
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = frame, .data_size_in = o->size,
		    .repeat = o->repeat);

	if (o->ifname) {
		ctx.ingress_ifindex = if_nametoindex(o->ifname);
		if (!ctx.ingress_ifindex)
			return -errno;
		topts.ctx_in = &ctx;
		topts.ctx_size_in = sizeof(ctx);
	}
	if (bpf_prog_test_run_opts(fd, &topts))
		return -errno;
	*ns = topts.duration;
	*retval = topts.retval;
	return 0;
}

struct samples {
	int64_t ns[MAX_ROUNDS], base[MAX_ROUNDS], over[MAX_ROUNDS];
	uint32_t retval;
};

/* ROUNDS rounds of the program (fd), each after one of the baseline
 * (base_fd, when there is one). */
static int sample(int fd, int base_fd, const struct cost_opts *o, struct samples *sm)
{
	uint8_t frame[MAX_FRAME];
	uint32_t ns, base = 0, rv;
	int err = 0;

	build_frame(frame, o);
	for (unsigned int r = 0; r < o->rounds && !err; r++) {
		if (base_fd >= 0)
			err = run_round(base_fd, o, frame, &base, &rv);
		if (!err)
			err = run_round(fd, o, frame, &ns, &sm->retval);
		sm->ns[r] = ns;
		sm->base[r] = base;
		sm->over[r] = (int64_t)ns - base;
	}
	return err;
}

static int measure(int fd, int base_fd, const struct cost_opts *o, const char *name)
{
	int stats = stats_map_fd(fd);
	uint64_t failed_before = output_failed(stats);
	struct samples sm = { 0 };
	int64_t med;
	int err;

	err = sample(fd, base_fd, o, &sm);
	if (err) {
		fprintf(stderr, "prog_cost: BPF_PROG_TEST_RUN: %s\n", strerror(-err));
		return 1;
	}
	med = median(sm.ns, o->rounds);
	printf("id=%u name=%s size=%u repeat=%lu rounds=%u ns_median=%lld ns_min=%lld retval=%u",
	       o->id, name, o->size, o->repeat, o->rounds, (long long)med, (long long)sm.ns[0],
	       sm.retval);
	if (base_fd >= 0)
		printf(" base_median=%lld over_median=%lld",
		       (long long)median(sm.base, o->rounds),
		       (long long)median(sm.over, o->rounds));
	if (stats >= 0)
		printf(" output_failed=%llu",
		       (unsigned long long)(output_failed(stats) - failed_before));
	printf("\n");
	return 0;
}

/* The baseline program, loaded from its object file; -1 without one. */
static int load_base(const char *path, struct bpf_object **obj)
{
	struct bpf_program *prog;

	*obj = NULL;
	if (!path)
		return -1;
	*obj = bpf_object__open_file(path, NULL);
	if (!*obj || bpf_object__load(*obj)) {
		fprintf(stderr, "prog_cost: cannot load %s\n", path);
		return -2;
	}
	prog = bpf_object__next_program(*obj, NULL);
	return prog ? bpf_program__fd(prog) : -2;
}

int main(int argc, char **argv)
{
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info);
	struct bpf_object *base_obj;
	struct cost_opts o;
	int fd, base_fd, rc;

	parse(argc, argv, &o);
	base_fd = load_base(o.base_obj, &base_obj);
	if (base_fd == -2)
		return 1;
	fd = bpf_prog_get_fd_by_id(o.id);
	if (fd < 0) {
		fprintf(stderr, "prog_cost: program %u: %s\n", o.id, strerror(errno));
		return 1;
	}
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_PROG_TYPE_XDP) {
		fprintf(stderr, "prog_cost: program %u is not an XDP program\n", o.id);
		close(fd);
		return 1;
	}
	rc = measure(fd, base_fd, &o, info.name[0] ? info.name : "-");
	close(fd);
	bpf_object__close(base_obj);
	return rc;
}
