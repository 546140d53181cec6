// SPDX-License-Identifier: GPL-2.0
/*
 * lib/cbpf_xlate: the eBPF it emits, verified and run by this kernel through
 * BPF_PROG_TEST_RUN, gives the same verdict and snap length as libpcap for
 * every filter expression below on every packet below, truncated at every
 * length from 14 bytes, linear and multi-buffer. Hand-made programs cover
 * what pcap_compile() rarely emits, against libpcap's interpreter, and a
 * fuzzer throws random programs at both.
 *
 * The translation runs as a BPF-to-BPF subprogram of a small XDP program:
 *     call filter; exit          (the XDP return value is the snap length)
 * the calling convention of cbpf_xlate.h: ctx in, snap length out.
 *
 * Needs root (BPF_PROG_LOAD); prints SKIP when the kernel says no.
 * TEST_CBPF_FUZZ=<programs> makes the fuzzing run longer (default 400).
 * Links with tests/unit/cbpf_oracle.c, which holds the libpcap side.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/filter.h>

#include "cbpf_oracle.h"
#include "cbpf_xlate.h"
#include "ebpf_dump.h"

static int failures;

#define FAIL(name, ...)                    \
	do {                               \
		printf("FAIL %s: ", name); \
		printf(__VA_ARGS__);       \
		printf("\n");              \
		failures++;                \
	} while (0)

/* ---------------------------------------------------------------- kernel */

#define WRAP_LEN 2

/* The XDP program around the filter; see the comment at the top. */
static const struct bpf_insn wrapper[WRAP_LEN] = {
	{ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL, .imm = 1 },
	{ .code = BPF_JMP | BPF_EXIT },
};

struct kprog {
	int fd;
	size_t n_ebpf; /* instructions of the filter alone */
	unsigned int processed; /* verifier's count */
	struct bpf_insn *insns; /* wrapper + filter, for dumps */
};

static char stats_log[4096];
static char *verifier_log;
#define VERIFIER_LOG_SIZE (16 << 20)

/* The last lines of the verifier log, on one line. */
static void log_tail(char *why, size_t size, const char *log)
{
	size_t len = strlen(log);
	const char *p = log + (len > 600 ? len - 600 : 0);

	snprintf(why, size, "%s", p);
	for (char *c = why; *c; c++)
		if (*c == '\n')
			*c = '|';
}

static int kprog_load_insns(struct kprog *kp, struct bpf_insn *all, size_t n, bool frags,
			    char *why, size_t why_size)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lo, .prog_flags = frags ? BPF_F_XDP_HAS_FRAGS : 0,
		    .log_buf = stats_log, .log_size = sizeof(stats_log), .log_level = 4);
	const char *p;
	int fd;

	stats_log[0] = '\0';
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "cbpf_test", "GPL", all, n, &lo);
	if (fd < 0) {
		int err = -errno;

		lo.log_level = 1;
		lo.log_buf = verifier_log;
		lo.log_size = VERIFIER_LOG_SIZE;
		verifier_log[0] = '\0';
		bpf_prog_load(BPF_PROG_TYPE_XDP, "cbpf_test", "GPL", all, n, &lo);
		log_tail(why, why_size, verifier_log);
		return err;
	}
	p = strstr(stats_log, "processed ");
	kp->processed = p ? (unsigned int)strtoul(p + 10, NULL, 10) : 0;
	kp->fd = fd;
	return 0;
}

static int kprog_load(struct kprog *kp, const struct cbpf_insn *cb, size_t n,
		      const struct cbpf_xlate_opts *opts, bool frags, char *why, size_t why_size)
{
	struct bpf_insn *sub, *all;
	size_t nsub;
	char err[256];
	int ret;

	memset(kp, 0, sizeof(*kp));
	kp->fd = -1;
	ret = cbpf_xlate(cb, n, opts, &sub, &nsub, err, sizeof(err));
	if (ret) {
		snprintf(why, why_size, "cbpf_xlate: %d %s", ret, err);
		return ret;
	}
	all = malloc((nsub + WRAP_LEN) * sizeof(*all));
	if (!all) {
		free(sub);
		return -ENOMEM;
	}
	memcpy(all, wrapper, sizeof(wrapper));
	memcpy(all + WRAP_LEN, sub, nsub * sizeof(*sub));
	free(sub);
	kp->insns = all;
	kp->n_ebpf = nsub;
	ret = kprog_load_insns(kp, all, nsub + WRAP_LEN, frags, why, why_size);
	return ret;
}

static void kprog_free(struct kprog *kp)
{
	if (kp->fd >= 0)
		close(kp->fd);
	free(kp->insns);
	kp->fd = -1;
	kp->insns = NULL;
}

/* The filter's return value for one frame, or -errno from the test run. */
static int64_t kprog_run(const struct kprog *kp, const uint8_t *pkt, size_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = pkt, .data_size_in = (uint32_t)len);
	int err = bpf_prog_test_run_opts(kp->fd, &t);

	return err ? -errno : (int64_t)t.retval;
}

/* ---------------------------------------------------------------- packets */

#define MAX_PKT 72000
#define MAX_PACKETS 64

struct packet {
	char name[48];
	uint8_t *data;
	size_t len;
};

static struct packet packets[MAX_PACKETS];
static size_t n_packets;

/* A frame under construction. */
struct pb {
	uint8_t *p;
	size_t len;
};

static void put8(struct pb *b, unsigned int v)
{
	b->p[b->len++] = (uint8_t)v;
}

static void put16(struct pb *b, unsigned int v)
{
	put8(b, v >> 8);
	put8(b, v);
}

static void put32(struct pb *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, v & 0xffff);
}

static void put_bytes(struct pb *b, const void *d, size_t n)
{
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void set16(struct pb *b, size_t at, unsigned int v)
{
	b->p[at] = (uint8_t)(v >> 8);
	b->p[at + 1] = (uint8_t)v;
}

/* Payload with a recognisable pattern (and no long runs of zeros). */
static void fill(struct pb *b, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		put8(b, (unsigned int)(i * 7 + seed * 13 + (i >> 8)) | 1);
}

static const uint8_t mac_a[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t mac_b[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mac_mcast4[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
static const uint8_t mac_mcast6[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };

static void eth(struct pb *b, const uint8_t *dst, const uint8_t *src)
{
	put_bytes(b, dst, 6);
	put_bytes(b, src, 6);
}

static void vlan_tag(struct pb *b, unsigned int tpid, unsigned int vid)
{
	put16(b, tpid);
	put16(b, vid);
}

/* IPv4 header; returns where it starts, for ip4_end() to set the length. */
static size_t ip4(struct pb *b, unsigned int proto, uint32_t src, uint32_t dst,
		  unsigned int optlen, unsigned int frag, unsigned int ttl)
{
	size_t at = b->len;

	put8(b, 0x40 | (5 + optlen / 4));
	put8(b, 0);
	put16(b, 0); /* total length, later */
	put16(b, 0x1234);
	put16(b, frag);
	put8(b, ttl);
	put8(b, proto);
	put16(b, 0);
	put32(b, src);
	put32(b, dst);
	for (unsigned int i = 0; i < optlen; i++)
		put8(b, i == optlen - 1 ? 0 : 1); /* NOPs, then end of options */
	return at;
}

static void ip4_end(struct pb *b, size_t at)
{
	set16(b, at + 2, (unsigned int)(b->len - at));
}

static size_t ip6(struct pb *b, unsigned int nh, const uint8_t *src, const uint8_t *dst)
{
	size_t at = b->len;

	put32(b, 0x60000000);
	put16(b, 0);
	put8(b, nh);
	put8(b, 64);
	put_bytes(b, src, 16);
	put_bytes(b, dst, 16);
	return at;
}

static void ip6_end(struct pb *b, size_t at)
{
	set16(b, at + 4, (unsigned int)(b->len - at - 40));
}

/* An IPv6 extension header (hop-by-hop, routing, destination options). */
static void ip6_ext(struct pb *b, unsigned int nh, unsigned int units)
{
	put8(b, nh);
	put8(b, units);
	for (unsigned int i = 0; i < 6 + units * 8; i++)
		put8(b, i == 0 ? 1 : 0);
}

static void ip6_frag(struct pb *b, unsigned int nh, unsigned int off, bool more)
{
	put8(b, nh);
	put8(b, 0);
	put16(b, off << 3 | more);
	put32(b, 0xabcdef01);
}

/* Authentication header, RFC 4302: length in 4-byte units minus 2. */
static void ah(struct pb *b, unsigned int nh, unsigned int len_field)
{
	put8(b, nh);
	put8(b, len_field);
	put16(b, 0);
	put32(b, 0x100);
	put32(b, 1);
	for (unsigned int i = 12; i < (len_field + 2) * 4; i++)
		put8(b, 0xaa);
}

static void tcp(struct pb *b, unsigned int sport, unsigned int dport, unsigned int flags,
		unsigned int optlen, const void *payload, size_t plen)
{
	put16(b, sport);
	put16(b, dport);
	put32(b, 1000);
	put32(b, 2000);
	put8(b, (5 + optlen / 4) << 4);
	put8(b, flags);
	put16(b, 65535);
	put16(b, 0);
	put16(b, 0);
	for (unsigned int i = 0; i < optlen; i++)
		put8(b, 1);
	if (payload)
		put_bytes(b, payload, plen);
	else
		fill(b, plen, sport);
}

static void udp(struct pb *b, unsigned int sport, unsigned int dport, size_t plen)
{
	put16(b, sport);
	put16(b, dport);
	put16(b, (unsigned int)(8 + plen));
	put16(b, 0);
	fill(b, plen, dport);
}

static void icmp(struct pb *b, unsigned int type, unsigned int code)
{
	put8(b, type);
	put8(b, code);
	put16(b, 0);
	put32(b, 0x00010001);
	fill(b, 24, type);
}

static void arp(struct pb *b, unsigned int op, uint32_t spa, uint32_t tpa)
{
	put16(b, 1);
	put16(b, 0x0800);
	put8(b, 6);
	put8(b, 4);
	put16(b, op);
	put_bytes(b, mac_a, 6);
	put32(b, spa);
	put_bytes(b, op == 1 ? (const uint8_t[6]){ 0 } : mac_b, 6);
	put32(b, tpa);
}

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static const uint8_t v6_a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t v6_b[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
static const uint8_t v6_ll[16] = { 0xfe, 0x80, [15] = 1 };
static const uint8_t v6_mc[16] = { 0xff, 0x02, [15] = 1 };

static struct pb *pkt_begin(const char *name)
{
	static struct pb b;
	struct packet *p = &packets[n_packets];

	snprintf(p->name, sizeof(p->name), "%s", name);
	p->data = calloc(1, MAX_PKT);
	b.p = p->data;
	b.len = 0;
	return &b;
}

static void pkt_end(struct pb *b)
{
	packets[n_packets++].len = b->len;
}

static void build_ip4_packets(void)
{
	static const char get[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	struct pb *b;
	size_t ip;

	b = pkt_begin("ip4 tcp syn 10.0.0.1:1234>10.0.0.2:80");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0x4000, 64);
	tcp(b, 1234, 80, 0x02, 0, NULL, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 tcp synack opts 80>1234");
	eth(b, mac_b, mac_a), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 0, 0, 2), IP(10, 0, 0, 1), 0, 0x4000, 64);
	tcp(b, 80, 1234, 0x12, 12, NULL, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 tcp http GET");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0x4000, 64);
	tcp(b, 40000, 80, 0x18, 12, get, sizeof(get) - 1), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 opts udp 192.168.1.1:53");
	eth(b, mac_b, mac_a), put16(b, 0x0800);
	ip = ip4(b, 17, IP(192, 168, 1, 1), IP(10, 1, 2, 3), 8, 0, 64);
	udp(b, 53, 5353, 40), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 udp mcast ttl1");
	eth(b, mac_mcast4, mac_a), put16(b, 0x0800);
	ip = ip4(b, 17, IP(172, 16, 0, 1), IP(224, 0, 0, 251), 0, 0, 1);
	udp(b, 1500, 5353, 20), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 icmp echo");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 1, IP(10, 0, 0, 1), IP(8, 8, 8, 8), 0, 0, 64);
	icmp(b, 8, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 icmp reply bcast");
	eth(b, mac_bcast, mac_b), put16(b, 0x0800);
	ip = ip4(b, 1, IP(8, 8, 8, 8), IP(255, 255, 255, 255), 0, 0, 3);
	icmp(b, 0, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 first fragment tcp");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0x2000, 64);
	tcp(b, 2222, 443, 0x10, 0, NULL, 30), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 later fragment udp");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 17, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 185, 64);
	udp(b, 53, 53, 30), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 ihl15 tcp 443 rst");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 9, 8, 7), IP(192, 168, 200, 1), 40, 0, 128);
	tcp(b, 443, 51000, 0x04, 0, NULL, 10), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 ihl3 malformed");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	b->p[ip] = 0x43;
	tcp(b, 1000, 2000, 0x29, 0, NULL, 8), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 tcp portrange 1500>8050 fin");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 200, 0, 1), IP(10, 0, 0, 2), 4, 0, 64);
	tcp(b, 1500, 8050, 0x01, 8, NULL, 5), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 ah tcp (ip protochain)");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 51, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	ah(b, 6, 4), tcp(b, 5000, 22, 0x02, 0, NULL, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 gre");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 47, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	fill(b, 24, 3), ip4_end(b, ip), pkt_end(b);
}

static void build_ip6_packets(void)
{
	struct pb *b;
	size_t ip;

	b = pkt_begin("ip6 tcp 443");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 6, v6_a, v6_b);
	tcp(b, 50000, 443, 0x02, 0, NULL, 0), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 udp mcast 53");
	eth(b, mac_mcast6, mac_a), put16(b, 0x86dd);
	ip = ip6(b, 17, v6_ll, v6_mc);
	udp(b, 53, 53, 20), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 icmp6 echo");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 58, v6_b, v6_a);
	icmp(b, 128, 0), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 hbh tcp");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 0, v6_a, v6_b);
	ip6_ext(b, 6, 0), tcp(b, 1234, 80, 0x10, 0, NULL, 4), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 hbh dst rt frag tcp");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 0, v6_a, v6_b);
	ip6_ext(b, 60, 1), ip6_ext(b, 43, 2), ip6_ext(b, 44, 0);
	ip6_frag(b, 6, 0, true), tcp(b, 1234, 8080, 0x02, 4, NULL, 0), ip6_end(b, ip);
	pkt_end(b);

	b = pkt_begin("ip6 frag udp");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 44, v6_b, v6_a);
	ip6_frag(b, 17, 0, false), udp(b, 4000, 53, 12), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 ah tcp");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 51, v6_a, v6_b);
	ah(b, 6, 4), tcp(b, 179, 179, 0x18, 0, NULL, 19), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 no next header");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 59, v6_a, v6_b);
	fill(b, 8, 1), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 12 dstopts tcp");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 60, v6_a, v6_b);
	for (int i = 0; i < 12; i++)
		ip6_ext(b, i == 11 ? 6 : 60, (unsigned int)i % 3);
	tcp(b, 7, 7, 0x02, 0, NULL, 0), ip6_end(b, ip), pkt_end(b);
}

static void build_l2_packets(void)
{
	struct pb *b;
	size_t ip;

	b = pkt_begin("vlan100 ip4 tcp");
	eth(b, mac_a, mac_b), vlan_tag(b, 0x8100, 100), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	tcp(b, 1234, 80, 0x02, 0, NULL, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("vlan200 ip6 udp");
	eth(b, mac_a, mac_b), vlan_tag(b, 0x8100, 200), put16(b, 0x86dd);
	ip = ip6(b, 17, v6_a, v6_b);
	udp(b, 1000, 53, 8), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("qinq 88a8/100 8100/200 ip4 udp");
	eth(b, mac_a, mac_b), vlan_tag(b, 0x88a8, 100), vlan_tag(b, 0x8100, 200);
	put16(b, 0x0800);
	ip = ip4(b, 17, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	udp(b, 53, 1000, 8), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("qinq 8100/300 8100/100 ip4 tcp");
	eth(b, mac_a, mac_b), vlan_tag(b, 0x8100, 300), vlan_tag(b, 0x8100, 100);
	put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 0, 0, 3), IP(10, 0, 0, 1), 0, 0, 64);
	tcp(b, 80, 1234, 0x11, 0, NULL, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("vlan100 arp");
	eth(b, mac_bcast, mac_a), vlan_tag(b, 0x8100, 100), put16(b, 0x0806);
	arp(b, 1, IP(10, 0, 0, 1), IP(10, 0, 0, 2)), pkt_end(b);

	b = pkt_begin("arp request");
	eth(b, mac_bcast, mac_a), put16(b, 0x0806);
	arp(b, 1, IP(10, 0, 0, 1), IP(10, 0, 0, 2)), pkt_end(b);

	b = pkt_begin("arp reply");
	eth(b, mac_a, mac_b), put16(b, 0x0806);
	arp(b, 2, IP(10, 0, 0, 2), IP(10, 0, 0, 1)), pkt_end(b);

	b = pkt_begin("mpls100 ip4 udp");
	eth(b, mac_a, mac_b), put16(b, 0x8847), put32(b, 100 << 12 | 1 << 8 | 64);
	ip = ip4(b, 17, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	udp(b, 53, 53, 8), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("mpls 2 labels ip4 tcp");
	eth(b, mac_a, mac_b), put16(b, 0x8847), put32(b, 16 << 12 | 64);
	put32(b, 100 << 12 | 1 << 8 | 64);
	ip = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	tcp(b, 1, 80, 0x02, 0, NULL, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("pppoe session ip4 tcp");
	eth(b, mac_a, mac_b), put16(b, 0x8864);
	put8(b, 0x11), put8(b, 0), put16(b, 0x1234), put16(b, 42), put16(b, 0x0021);
	ip = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	tcp(b, 1234, 80, 0x02, 0, NULL, 0), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("lldp");
	eth(b, mac_a, mac_b), put16(b, 0x88cc), fill(b, 40, 9), pkt_end(b);
}

/* RFC 8926: UDP 6081, 8-byte header plus options, then an Ethernet frame. */
static void build_tunnel_packets(void)
{
	struct pb *b;
	size_t ip, in;

	b = pkt_begin("ip4 geneve eth ip4 tcp");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 17, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0, 64);
	put16(b, 40000), put16(b, 6081), put16(b, 0), put16(b, 0);
	put8(b, 1), put8(b, 0), put16(b, 0x6558), put32(b, 0x00000100);
	put32(b, 0x01020304); /* a 4-byte option */
	eth(b, mac_b, mac_a), put16(b, 0x0800);
	in = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 9), 0, 0, 64);
	tcp(b, 1234, 80, 0x02, 0, NULL, 0), ip4_end(b, in);
	set16(b, ip + 20 + 4, (unsigned int)(b->len - ip - 20));
	ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 geneve eth ip4 udp");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 17, v6_a, v6_b);
	put16(b, 40000), put16(b, 6081), put16(b, 0), put16(b, 0);
	put8(b, 0), put8(b, 0), put16(b, 0x6558), put32(b, 0x00000100);
	eth(b, mac_b, mac_a), put16(b, 0x0800);
	in = ip4(b, 17, IP(10, 0, 0, 1), IP(10, 0, 0, 9), 0, 0, 64);
	udp(b, 53, 53, 4), ip4_end(b, in), ip6_end(b, ip), pkt_end(b);
}

/* Larger than a page: multi-buffer in a test run of a frags program. */
static void build_big_packets(void)
{
	struct pb *b;
	size_t ip;

	b = pkt_begin("ip4 tcp 6000 bytes");
	eth(b, mac_a, mac_b), put16(b, 0x0800);
	ip = ip4(b, 6, IP(10, 0, 0, 1), IP(10, 0, 0, 2), 0, 0x4000, 64);
	tcp(b, 1234, 80, 0x18, 0, NULL, 6000 - 54), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("ip6 udp 4500 bytes");
	eth(b, mac_a, mac_b), put16(b, 0x86dd);
	ip = ip6(b, 17, v6_a, v6_b);
	udp(b, 9999, 53, 4500 - 62), ip6_end(b, ip), pkt_end(b);

	b = pkt_begin("ip4 udp 40000 bytes");
	eth(b, mac_b, mac_a), put16(b, 0x0800);
	ip = ip4(b, 17, IP(10, 0, 0, 2), IP(10, 0, 0, 1), 0, 0, 64);
	udp(b, 4789, 4789, 40000 - 42), ip4_end(b, ip), pkt_end(b);

	b = pkt_begin("vlan ip4 udp 9000 bytes");
	eth(b, mac_a, mac_b), vlan_tag(b, 0x8100, 100), put16(b, 0x0800);
	ip = ip4(b, 17, IP(192, 168, 1, 1), IP(10, 0, 0, 2), 0, 0, 64);
	udp(b, 53, 1000, 9000 - 46), ip4_end(b, ip), pkt_end(b);
}

/* Deterministic noise behind a plausible EtherType. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}

static void build_noise_packets(void)
{
	static const uint16_t types[] = { 0x0800, 0x86dd, 0x8100, 0x0806, 0x0800, 0x88a8 };
	char name[48];
	struct pb *b;

	for (unsigned int i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "noise %u", i);
		b = pkt_begin(name);
		for (int j = 0; j < 12; j++)
			put8(b, rnd());
		put16(b, types[i % 6]);
		for (unsigned int j = 0; j < 40 + i * 12; j++)
			put8(b, rnd());
		/* now and then a sane IPv4 version/IHL or IPv6 version */
		if (i % 2 == 0)
			b->p[14] = (uint8_t)(0x45 + (i % 3));
		if (types[i % 6] == 0x86dd)
			b->p[14] = 0x60;
		pkt_end(b);
	}
}

static void build_packets(void)
{
	build_ip4_packets();
	build_ip6_packets();
	build_l2_packets();
	build_tunnel_packets();
	build_big_packets();
	build_noise_packets();
}

/* Every length from 14 up for small frames; a spread, and every boundary
 * that matters, for big ones. */
static bool want_length(size_t len, size_t full)
{
	if (full <= 300 || len <= 160 || len + 4 >= full)
		return true;
	if (len >= 3450 && len <= 3600) /* around the end of the linear part */
		return len % 3 == 0;
	return len % 97 == 0;
}

/* ---------------------------------------------------------------- expressions */

struct expr_case {
	const char *expr;
	/* for the oracle, when libpcap cannot run expr on a savefile */
	const char *oracle;
};

#define E(expr)            \
	{                  \
		expr, NULL \
	}
#define E_AS(expr, oracle)   \
	{                    \
		expr, oracle \
	}

static const struct expr_case exprs[] = {
	E("ip"),
	E("ip6"),
	E("arp"),
	E("tcp"),
	E("udp"),
	E("icmp"),
	E("icmp6"),
	E("host 10.0.0.1"),
	E("src host 10.0.0.1 and dst host 10.0.0.2"),
	E("host 192.168.1.1"),
	E("net 10.0.0.0/8"),
	E("src net 192.168.0.0/16"),
	E("dst net 10.1.0.0 mask 255.255.0.0"),
	E("ip6 host 2001:db8::1"),
	E("ip6 net 2001:db8::/32"),
	E("ip6 dst net ff02::/16"),
	E("ether host 00:11:22:33:44:55"),
	E("ether src 02:00:00:00:00:01"),
	E("ether broadcast"),
	E("ether multicast"),
	E("ip multicast"),
	E("ip6 multicast"),
	E("ether proto 0x88cc"),
	E("port 80"),
	E("tcp port 443"),
	E("udp port 53"),
	E("src port 1234"),
	E("dst port 80 or dst port 443"),
	E("portrange 1000-2000"),
	E("tcp dst portrange 8000-8100"),
	E("not (port 22 or port 80)"),
	E("tcp[tcpflags] & tcp-syn != 0"),
	E("tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn"),
	E("tcp[tcpflags] & tcp-rst != 0"),
	E("tcp[13] = 0x12"),
	E("tcp[((tcp[12:2] >> 12) * 4):4] = 0x47455420"),
	E("ip[8] < 5"),
	E("ip[6:2] & 0x1fff != 0"),
	E("ip[0] & 0xf > 5"),
	E("icmp[icmptype] = icmp-echo"),
	E("icmp6 and ip6[40] = 128"),
	E("ip6[6] = 58"),
	E("ip[2:2] / 4 > 10"),
	E("ip[2:2] % 7 = 3"),
	E("ip[9] * 3 = 18"),
	E("ip[2:2] / ip[1] > 10"),
	E("ip[2:2] % ip[8] = 0"),
	E("ip[0] << ip[1] = 0"),
	E("ip[0] << (ip[9] & 0x3f) = 0"),
	E("ip[2:2] >> (ip[9] & 0x3f) = 0"),
	E("(ip[2:2] - 20) & 0xff = 20"),
	E("ip[3] ^ 0xff = 0xd7"),
	E("ip[3] | 1 = 0x29"),
	E("-ip[3] = 0xffffffd8"),
	E("ip[ip[0] & 0xf] != 0"),
	E("ip[12:4] & 0x80000000 != 0"),
	E("ether[0:4] >= 0xfffffff0"),
	E("ip[12:4] > 0x80000000"),
	E("ip[12:4] - ip[16:4] > 0x7fffffff"),
	E("len > 100"),
	E("len <= 64"),
	E("greater 200"),
	E("less 100"),
	E("len - 14 = ip[2:2]"),
	E("len > 5000"),
	E("vlan"),
	E("vlan 100"),
	E("vlan and tcp"),
	E("vlan 300 and vlan 100"),
	E("vlan and vlan and udp"),
	E("vlan 100 and arp"),
	E("mpls"),
	E("mpls 100 and ip"),
	E("pppoes and ip"),
	E("pppoes 0x1234 and tcp"),
	E("geneve and tcp"),
	E("geneve and udp port 53"),
	E("ip6 protochain 6"),
	E("ip6 protochain 17"),
	E("ip protochain 6"),
	E("ip6 protochain 6 and ip6 host 2001:db8::2"),
	E("tcp and not net 10.0.0.0/8"),
	E("ip and (tcp or icmp) and not port 22"),
	E("ether[4000:4] != 0"),
	E("ether[3518:4] & 0x01010101 = 0x01010101"),
	E("ether[5996:4] != 0"),
	E("tcp[5000:2] != 0"),
	E("vlan and udp[8900:2] != 0"),
	E("ip[0x7ffe:2] != 0"),
	E("ether[65534:2] = 0"),
	E("ip[2:2] > 1000 and ether[4095:2] != 0"),
	E_AS("ifindex 1", "len > 0"),
	E_AS("ifindex 1 and tcp", "tcp"),
	E_AS("ifindex 2", "len = 0"),
	E_AS("inbound", "len > 0"),
	E_AS("inbound and udp", "udp"),
	E_AS("outbound", "len = 0"),
	E_AS("outbound or icmp", "icmp"),
};

#define N_EXPRS (sizeof(exprs) / sizeof(exprs[0]))

struct counts {
	unsigned long pairs;
	unsigned long mismatches;
	unsigned long cbpf; /* instructions in, over all expressions */
	unsigned long ebpf; /* instructions out */
	unsigned int max_processed;
	const char *max_processed_expr;
};

static void show_mismatch(const char *expr, const struct packet *p, size_t len, unsigned int want,
			  int64_t got)
{
	printf("    %s: packet '%s' cut to %zu of %zu: libpcap %u, eBPF %lld\n", expr, p->name,
	       len, p->len, want, (long long)got);
}

/* One expression over every packet and every length; false on a mismatch. */
static bool compare_expr(const struct expr_case *c, const struct kprog *kp,
			 const struct cbpf_insn *oracle, size_t n_oracle, bool linear,
			 struct counts *cnt)
{
	unsigned long bad = 0, matched = 0, runs = 0;

	for (size_t i = 0; i < n_packets; i++) {
		const struct packet *p = &packets[i];

		for (size_t len = 14; len <= p->len; len++) {
			unsigned int want;
			int64_t got;

			if (!want_length(len, p->len) || (linear && len > 3000))
				continue;
			want = oracle_offline_filter(oracle, n_oracle, p->data, len);
			got = kprog_run(kp, p->data, len);
			cnt->pairs++;
			runs++;
			matched += want != 0;
			if (got == (int64_t)want)
				continue;
			if (bad++ < 4)
				show_mismatch(c->expr, p, len, want, got);
		}
	}
	cnt->mismatches += bad;
	/* an expression that never (or always) matches tests little */
	if (!linear && (matched == 0 || matched == runs))
		printf("INFO %s: matches %s\n", c->expr, matched ? "every frame" : "no frame");
	return bad == 0;
}

static int compile(const char *expr, struct cbpf_insn **prog, size_t *n)
{
	char err[512];

	if (oracle_compile(expr, prog, n, err, sizeof(err))) {
		FAIL("compile", "%s: %s", expr, err);
		return -1;
	}
	return 0;
}

static void note_stats(struct counts *cnt, const struct expr_case *c, const struct kprog *kp,
		       size_t n_cbpf)
{
	cnt->cbpf += n_cbpf;
	cnt->ebpf += kp->n_ebpf;
	if (kp->processed > cnt->max_processed) {
		cnt->max_processed = kp->processed;
		cnt->max_processed_expr = c->expr;
	}
}

static void run_expr(const struct expr_case *c, bool linear, struct counts *cnt)
{
	struct cbpf_xlate_opts opts = { .sz = sizeof(opts),
					.flags = linear ? CBPF_XLATE_F_LINEAR : 0 };
	struct cbpf_insn *prog = NULL, *oracle = NULL;
	size_t n, n_oracle;
	struct kprog kp;
	char why[1024];
	int err;

	if (compile(c->expr, &prog, &n))
		return;
	if (c->oracle && compile(c->oracle, &oracle, &n_oracle)) {
		free(prog);
		return;
	}
	err = kprog_load(&kp, prog, n, &opts, !linear, why, sizeof(why));
	if (err) {
		FAIL("expr", "%s%s: load %d: %s", c->expr, linear ? " (linear)" : "", err, why);
	} else {
		note_stats(cnt, c, &kp, n);
		if (!compare_expr(c, &kp, oracle ? oracle : prog, oracle ? n_oracle : n, linear,
				  cnt)) {
			FAIL("expr", "%s%s: differs from libpcap", c->expr,
			     linear ? " (linear)" : "");
			oracle_print(prog, n);
		}
	}
	kprog_free(&kp);
	free(prog);
	free(oracle);
}

static void test_expressions(bool linear)
{
	const char *name = linear ? "expressions_linear" : "expressions_multibuffer";
	struct counts cnt = { 0 };
	int before = failures;

	for (size_t i = 0; i < N_EXPRS; i++)
		run_expr(&exprs[i], linear, &cnt);
	printf("INFO %s: %zu expressions x %zu packets: %lu pairs, %lu mismatches; "
	       "%lu cBPF -> %lu eBPF instructions (%.1f per cBPF); verifier at most %u "
	       "(%s)\n",
	       name, N_EXPRS, n_packets, cnt.pairs, cnt.mismatches, cnt.cbpf, cnt.ebpf,
	       cnt.cbpf ? (double)cnt.ebpf / (double)cnt.cbpf : 0.0, cnt.max_processed,
	       cnt.max_processed_expr ? cnt.max_processed_expr : "-");
	if (failures == before)
		printf("PASS %s\n", name);
}

/* ---------------------------------------------------------------- hand-made programs */

#define S(code, k) BPF_STMT(code, k)
#define J(code, k, jt, jf) BPF_JUMP(code, k, jt, jf)
#define RET_A S(BPF_RET | BPF_A, 0)

#define BY_INTERPRETER (-1)

struct raw_case {
	const char *name;
	struct cbpf_insn prog[16];
	size_t n;
	int64_t expect; /* on every packet; BY_INTERPRETER: what bpf_filter() says */
	uint32_t loop_limit;
};

#define RAW(name, expect, limit, ...)                                                           \
	{                                                                                       \
		name, { __VA_ARGS__ },                                                          \
			sizeof((struct cbpf_insn[]){ __VA_ARGS__ }) / sizeof(struct cbpf_insn), \
			expect, limit                                                           \
	}

static const struct raw_case raw_cases[] = {
	/* libpcap: division or modulo by X == 0 is "no match" */
	RAW("div_x_zero", 0, 0, S(BPF_LDX | BPF_IMM, 0), S(BPF_LD | BPF_IMM, 10),
	    S(BPF_ALU | BPF_DIV | BPF_X, 0), S(BPF_RET | BPF_K, 7)),
	RAW("mod_x_zero", 0, 0, S(BPF_LDX | BPF_IMM, 0), S(BPF_LD | BPF_IMM, 10),
	    S(BPF_ALU | BPF_MOD | BPF_X, 0), S(BPF_RET | BPF_K, 7)),
	RAW("div_x", 14, 0, S(BPF_LDX | BPF_IMM, 7), S(BPF_LD | BPF_IMM, 100),
	    S(BPF_ALU | BPF_DIV | BPF_X, 0), RET_A),
	RAW("mod_x", 2, 0, S(BPF_LDX | BPF_IMM, 7), S(BPF_LD | BPF_IMM, 100),
	    S(BPF_ALU | BPF_MOD | BPF_X, 0), RET_A),
	RAW("div_k_bit31", 1, 0, S(BPF_LD | BPF_IMM, 0xc0000000),
	    S(BPF_ALU | BPF_DIV | BPF_K, 0x80000000), RET_A),
	RAW("div_packet_by_packet", BY_INTERPRETER, 0, S(BPF_LD | BPF_B | BPF_ABS, 23),
	    S(BPF_MISC | BPF_TAX, 0), S(BPF_LD | BPF_H | BPF_ABS, 16),
	    S(BPF_ALU | BPF_DIV | BPF_X, 0), RET_A),
	/* libpcap: a shift by X >= 32 gives 0 (eBPF would use X & 31) */
	RAW("lsh_x_32", 0, 0, S(BPF_LD | BPF_IMM, 1), S(BPF_LDX | BPF_IMM, 32),
	    S(BPF_ALU | BPF_LSH | BPF_X, 0), S(BPF_ALU | BPF_ADD | BPF_K, 0), RET_A),
	RAW("lsh_x_33", BY_INTERPRETER, 0, S(BPF_LD | BPF_IMM, 1), S(BPF_LDX | BPF_IMM, 33),
	    S(BPF_ALU | BPF_LSH | BPF_X, 0), S(BPF_ALU | BPF_ADD | BPF_K, 5), RET_A),
	RAW("lsh_x_31", 0x80000000, 0, S(BPF_LD | BPF_IMM, 1), S(BPF_LDX | BPF_IMM, 31),
	    S(BPF_ALU | BPF_LSH | BPF_X, 0), RET_A),
	RAW("rsh_x_32", 5, 0, S(BPF_LD | BPF_IMM, 0x80000000), S(BPF_LDX | BPF_IMM, 32),
	    S(BPF_ALU | BPF_RSH | BPF_X, 0), S(BPF_ALU | BPF_ADD | BPF_K, 5), RET_A),
	RAW("rsh_x_big", BY_INTERPRETER, 0, S(BPF_LD | BPF_IMM, 0x80000000),
	    S(BPF_LDX | BPF_IMM, 0xffffffe1), S(BPF_ALU | BPF_RSH | BPF_X, 0),
	    S(BPF_ALU | BPF_ADD | BPF_K, 5), RET_A),
	RAW("rsh_x_31", 1, 0, S(BPF_LD | BPF_IMM, 0x80000000), S(BPF_LDX | BPF_IMM, 31),
	    S(BPF_ALU | BPF_RSH | BPF_X, 0), RET_A),
	/* a constant shift >= 32: what libpcap's optimizer folds it to, 0 */
	RAW("lsh_k_32", 9, 0, S(BPF_LD | BPF_IMM, 1), S(BPF_ALU | BPF_LSH | BPF_K, 32),
	    S(BPF_ALU | BPF_ADD | BPF_K, 9), RET_A),
	RAW("rsh_k_40", 9, 0, S(BPF_LD | BPF_IMM, 0xffffffff), S(BPF_ALU | BPF_RSH | BPF_K, 40),
	    S(BPF_ALU | BPF_ADD | BPF_K, 9), RET_A),
	RAW("neg", 0xfffffffb, 0, S(BPF_LD | BPF_IMM, 5), S(BPF_ALU | BPF_NEG, 0), RET_A),
	RAW("ret_a_all_ones", 0xffffffff, 0, S(BPF_LD | BPF_IMM, 0xffffffff), RET_A),
	RAW("ret_k_0", 0, 0, S(BPF_RET | BPF_K, 0)),
	RAW("ret_k_bit31", 0x80000001, 0, S(BPF_RET | BPF_K, 0x80000001)),
	/* immediates with bit 31 set must compare as u32 */
	RAW("jeq_bit31", 1, 0, S(BPF_LD | BPF_IMM, 0xc0a80101),
	    J(BPF_JMP | BPF_JEQ | BPF_K, 0xc0a80101, 0, 1), S(BPF_RET | BPF_K, 1),
	    S(BPF_RET | BPF_K, 2)),
	RAW("jgt_bit31_true", 1, 0, S(BPF_LD | BPF_IMM, 0xc0a80101),
	    J(BPF_JMP | BPF_JGT | BPF_K, 0x80000000, 0, 1), S(BPF_RET | BPF_K, 1),
	    S(BPF_RET | BPF_K, 2)),
	RAW("jgt_bit31_false", 2, 0, S(BPF_LD | BPF_IMM, 5),
	    J(BPF_JMP | BPF_JGT | BPF_K, 0x80000000, 0, 1), S(BPF_RET | BPF_K, 1),
	    S(BPF_RET | BPF_K, 2)),
	RAW("jge_all_ones", 1, 0, S(BPF_LD | BPF_IMM, 0xffffffff),
	    J(BPF_JMP | BPF_JGE | BPF_K, 0xffffffff, 0, 1), S(BPF_RET | BPF_K, 1),
	    S(BPF_RET | BPF_K, 2)),
	RAW("jset_bit31", 1, 0, S(BPF_LD | BPF_IMM, 0x80000000),
	    J(BPF_JMP | BPF_JSET | BPF_K, 0x80000000, 0, 1), S(BPF_RET | BPF_K, 1),
	    S(BPF_RET | BPF_K, 2)),
	RAW("jset_jt0", 2, 0, S(BPF_LD | BPF_IMM, 3), J(BPF_JMP | BPF_JSET | BPF_K, 4, 0, 1),
	    S(BPF_RET | BPF_K, 1), S(BPF_RET | BPF_K, 2)),
	RAW("jgt_x_bit31", 1, 0, S(BPF_LDX | BPF_IMM, 0x80000000),
	    S(BPF_LD | BPF_IMM, 0x90000000), J(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 1),
	    S(BPF_RET | BPF_K, 1), S(BPF_RET | BPF_K, 2)),
	RAW("jge_x_jt0", 2, 0, S(BPF_LDX | BPF_IMM, 0x80000000), S(BPF_LD | BPF_IMM, 7),
	    J(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 1), S(BPF_RET | BPF_K, 1), S(BPF_RET | BPF_K, 2)),
	RAW("jt_eq_jf", 3, 0, S(BPF_LD | BPF_IMM, 3), J(BPF_JMP | BPF_JEQ | BPF_K, 4, 1, 1),
	    S(BPF_RET | BPF_K, 1), RET_A),
	/* M[] starts at 0 (libpcap leaves it undefined; the kernel zeroes it) */
	RAW("ld_mem_uninit", 99, 0, S(BPF_LD | BPF_MEM, 5), J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
	    S(BPF_RET | BPF_K, 99), S(BPF_RET | BPF_K, 1)),
	RAW("ldx_mem_uninit", 3, 0, S(BPF_LDX | BPF_MEM, 15), S(BPF_MISC | BPF_TXA, 0),
	    S(BPF_ALU | BPF_ADD | BPF_K, 3), RET_A),
	RAW("st_ld_mem", 0x12345678, 0, S(BPF_LD | BPF_IMM, 0x12345678), S(BPF_ST, 7),
	    S(BPF_LD | BPF_IMM, 0), S(BPF_LDX | BPF_MEM, 7), S(BPF_MISC | BPF_TXA, 0), RET_A),
	RAW("stx_ld_mem", 0xfedcba98, 0, S(BPF_LDX | BPF_IMM, 0xfedcba98), S(BPF_STX, 0),
	    S(BPF_LD | BPF_MEM, 0), RET_A),
	RAW("tax_txa", 0x2a, 0, S(BPF_LD | BPF_IMM, 0x2a), S(BPF_MISC | BPF_TAX, 0),
	    S(BPF_LD | BPF_IMM, 0), S(BPF_MISC | BPF_TXA, 0), RET_A),
	RAW("ld_len_ldx_len", BY_INTERPRETER, 0, S(BPF_LD | BPF_W | BPF_LEN, 0),
	    S(BPF_LDX | BPF_W | BPF_LEN, 0), S(BPF_ALU | BPF_ADD | BPF_X, 0), RET_A),
	RAW("msh", BY_INTERPRETER, 0, S(BPF_LDX | BPF_MSH | BPF_B, 14), S(BPF_MISC | BPF_TXA, 0),
	    RET_A),
	RAW("ld_w_h_b", BY_INTERPRETER, 0, S(BPF_LD | BPF_W | BPF_ABS, 26), S(BPF_ST, 0),
	    S(BPF_LD | BPF_H | BPF_ABS, 12), S(BPF_ST, 1), S(BPF_LD | BPF_B | BPF_ABS, 23),
	    S(BPF_LDX | BPF_MEM, 0), S(BPF_ALU | BPF_XOR | BPF_X, 0), S(BPF_LDX | BPF_MEM, 1),
	    S(BPF_ALU | BPF_ADD | BPF_X, 0), RET_A),
	RAW("ld_ind_w_h_b", BY_INTERPRETER, 0, S(BPF_LDX | BPF_MSH | BPF_B, 14),
	    S(BPF_LD | BPF_W | BPF_IND, 14), S(BPF_ST, 0), S(BPF_LD | BPF_H | BPF_IND, 16),
	    S(BPF_LDX | BPF_MEM, 0), S(BPF_ALU | BPF_SUB | BPF_X, 0), S(BPF_ST, 0),
	    S(BPF_LDX | BPF_MSH | BPF_B, 14), S(BPF_LD | BPF_B | BPF_IND, 20),
	    S(BPF_LDX | BPF_MEM, 0), S(BPF_ALU | BPF_MUL | BPF_X, 0), RET_A),
	/* X + k past 4 GiB must not wrap round to the start of the packet */
	RAW("ind_wraps", 0, 0, S(BPF_LDX | BPF_IMM, 0xffffffff), S(BPF_LD | BPF_B | BPF_IND, 2),
	    S(BPF_RET | BPF_K, 1)),
	RAW("ind_x_big", 0, 0, S(BPF_LDX | BPF_IMM, 0x10000), S(BPF_LD | BPF_B | BPF_IND, 0),
	    S(BPF_RET | BPF_K, 1)),
	RAW("abs_past_64k", 0, 0, S(BPF_LD | BPF_B | BPF_ABS, 0x10000), S(BPF_RET | BPF_K, 1)),
	RAW("abs_huge", 0, 0, S(BPF_LD | BPF_W | BPF_ABS, 0x7fffffff), S(BPF_RET | BPF_K, 1)),
	RAW("abs_past_packet", BY_INTERPRETER, 0, S(BPF_LD | BPF_H | BPF_ABS, 0x9000),
	    S(BPF_RET | BPF_K, 1)),
	/* the last direct offset (k + size = 0xffff), and the first helper-only one */
	RAW("abs_direct_limit", BY_INTERPRETER, 0, S(BPF_LD | BPF_H | BPF_ABS, 0xfffd),
	    S(BPF_RET | BPF_K, 1)),
	RAW("abs_helper_only", BY_INTERPRETER, 0, S(BPF_LD | BPF_W | BPF_ABS, 0xfffe),
	    S(BPF_RET | BPF_K, 1)),
	RAW("ind_limits", BY_INTERPRETER, 0, S(BPF_LDX | BPF_IMM, 2),
	    S(BPF_LD | BPF_H | BPF_IND, 0xfffb), S(BPF_LD | BPF_B | BPF_IND, 0xfffd),
	    S(BPF_LD | BPF_W | BPF_IND, 0xfffc), S(BPF_RET | BPF_K, 1)),
	RAW("msh_limits", BY_INTERPRETER, 0, S(BPF_LDX | BPF_MSH | BPF_B, 0xfffe),
	    S(BPF_LDX | BPF_MSH | BPF_B, 0xffff), S(BPF_LDX | BPF_MSH | BPF_B, 0x10000),
	    S(BPF_RET | BPF_K, 1)),
	RAW("unreachable_code", 5, 0, S(BPF_RET | BPF_K, 5), S(BPF_LD | BPF_W | BPF_ABS, 0),
	    RET_A),
	RAW("unreachable_unsupported", 5, 0, S(BPF_RET | BPF_K, 5),
	    S(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG), RET_A),
	RAW("load_never_then_dead", 0, 0, S(BPF_LD | BPF_B | BPF_ABS, 0x20000),
	    S(BPF_ALU | BPF_ADD | BPF_K, 1), RET_A),
	/* backward ja: count A up to 6, five jumps back */
	RAW("loop_within_limit", 6, 5, S(BPF_LDX | BPF_IMM, 0), S(BPF_MISC | BPF_TXA, 0),
	    S(BPF_ALU | BPF_ADD | BPF_K, 1), S(BPF_MISC | BPF_TAX, 0),
	    J(BPF_JMP | BPF_JGT | BPF_K, 5, 1, 0), S(BPF_JMP | BPF_JA, (uint32_t)-5), RET_A),
	RAW("loop_over_limit", 0, 4, S(BPF_LDX | BPF_IMM, 0), S(BPF_MISC | BPF_TXA, 0),
	    S(BPF_ALU | BPF_ADD | BPF_K, 1), S(BPF_MISC | BPF_TAX, 0),
	    J(BPF_JMP | BPF_JGT | BPF_K, 5, 1, 0), S(BPF_JMP | BPF_JA, (uint32_t)-5), RET_A),
	RAW("loop_on_packet", BY_INTERPRETER, 64, S(BPF_LDX | BPF_IMM, 0),
	    S(BPF_LD | BPF_B | BPF_IND, 14), S(BPF_ALU | BPF_AND | BPF_K, 3),
	    S(BPF_ALU | BPF_ADD | BPF_K, 1), S(BPF_ALU | BPF_ADD | BPF_X, 0),
	    S(BPF_MISC | BPF_TAX, 0), J(BPF_JMP | BPF_JGT | BPF_K, 60, 1, 0),
	    S(BPF_JMP | BPF_JA, (uint32_t)-7), RET_A),
	RAW("ja_forward", 8, 0, S(BPF_LD | BPF_IMM, 8), S(BPF_JMP | BPF_JA, 1),
	    S(BPF_RET | BPF_K, 1), RET_A),
	RAW("ja_zero", 8, 0, S(BPF_LD | BPF_IMM, 8), S(BPF_JMP | BPF_JA, 0), RET_A),
};

#define N_RAW (sizeof(raw_cases) / sizeof(raw_cases[0]))

/* "loop_on_packet" and friends legitimately read off the end: any packet. */
static bool check_raw_on(const struct raw_case *rc, const struct kprog *kp,
			 const struct packet *p, size_t len, unsigned long *pairs)
{
	int64_t got = kprog_run(kp, p->data, len);
	int64_t want = rc->expect;

	if (want == BY_INTERPRETER)
		want = oracle_interpret(rc->prog, p->data, (unsigned int)len, (unsigned int)len);
	(*pairs)++;
	if (got == want)
		return true;
	FAIL(rc->name, "packet '%s' cut to %zu: want %lld, eBPF %lld", p->name, len,
	     (long long)want, (long long)got);
	return false;
}

/* Multi-buffer mode on every packet; linear mode on those that are linear. */
static bool test_raw_case(const struct raw_case *rc, bool linear, unsigned long *pairs)
{
	struct cbpf_xlate_opts opts = { .sz = sizeof(opts),
					.flags = linear ? CBPF_XLATE_F_LINEAR : 0,
					.loop_limit = rc->loop_limit };
	struct kprog kp;
	char why[1024];
	bool ok = true;
	int err;

	err = kprog_load(&kp, rc->prog, rc->n, &opts, !linear, why, sizeof(why));
	if (err) {
		FAIL(rc->name, "%sload %d: %s", linear ? "linear " : "", err, why);
		kprog_free(&kp);
		return false;
	}
	for (size_t i = 0; i < n_packets && ok; i++) {
		const struct packet *p = &packets[i];

		if (linear && p->len > 3000)
			continue;
		ok = check_raw_on(rc, &kp, p, p->len, pairs);
		for (size_t len = 14; ok && len < p->len && len < 64; len += 5)
			ok = check_raw_on(rc, &kp, p, len, pairs);
	}
	if (!ok)
		ebpf_dump(stdout, kp.insns, kp.n_ebpf + WRAP_LEN);
	kprog_free(&kp);
	return ok;
}

static void test_raw_programs(void)
{
	unsigned long pairs = 0;

	for (size_t i = 0; i < N_RAW; i++) {
		if (!oracle_validate(raw_cases[i].prog, raw_cases[i].n))
			FAIL(raw_cases[i].name, "libpcap's bpf_validate() refuses the program");
		if (test_raw_case(&raw_cases[i], false, &pairs) &&
		    test_raw_case(&raw_cases[i], true, &pairs))
			printf("PASS raw_%s\n", raw_cases[i].name);
	}
	printf("INFO raw_programs: %zu programs, %lu runs\n", N_RAW, pairs);
}

/* ---------------------------------------------------------------- fuzzing */

/* k for a packet load: mostly inside the small packets, sometimes past them. */
static uint32_t fuzz_offset(void)
{
	switch (rnd() % 8) {
	case 0:
		return rnd() % 200;
	case 1:
		return rnd() % 0x11000;
	default:
		return rnd() % 70;
	}
}

static uint32_t fuzz_imm(void)
{
	static const uint32_t special[] = { 0,		1,	    2,		31,
					    32,		33,	    0x7fffffff, 0x80000000,
					    0x80000001, 0xffffffff, 0xfffffffe, 0x800,
					    0x86dd };

	switch (rnd() % 3) {
	case 0:
		return special[rnd() % (sizeof(special) / sizeof(special[0]))];
	case 1:
		return rnd() % 64;
	default:
		return rnd() ^ rnd() << 16;
	}
}

static struct cbpf_insn fuzz_alu(void)
{
	static const uint16_t ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND,
					BPF_OR,	 BPF_XOR, BPF_LSH, BPF_RSH, BPF_NEG };
	uint16_t op = ops[rnd() % (sizeof(ops) / sizeof(ops[0]))];
	uint32_t k = fuzz_imm();

	if (op == BPF_NEG)
		return (struct cbpf_insn)S(BPF_ALU | BPF_NEG, 0);
	if (rnd() % 2)
		return (struct cbpf_insn)S(BPF_ALU | op | BPF_X, 0);
	/* libpcap's interpreter leaves constant shifts >= 32 to the CPU */
	if (op == BPF_LSH || op == BPF_RSH)
		k %= 32;
	if ((op == BPF_DIV || op == BPF_MOD) && k == 0)
		k = 3;
	return (struct cbpf_insn)S(BPF_ALU | op | BPF_K, k);
}

static struct cbpf_insn fuzz_load(void)
{
	static const uint16_t sizes[] = { BPF_W, BPF_H, BPF_B };
	uint16_t size = sizes[rnd() % 3];

	switch (rnd() % 9) {
	case 0:
	case 1:
		return (struct cbpf_insn)S(BPF_LD | size | BPF_ABS, fuzz_offset());
	case 2:
		return (struct cbpf_insn)S(BPF_LD | size | BPF_IND, fuzz_offset() % 80);
	case 3:
		return (struct cbpf_insn)S(BPF_LDX | BPF_MSH | BPF_B, fuzz_offset());
	case 4:
		return (struct cbpf_insn)S(rnd() % 2 ? BPF_LD | BPF_IMM : BPF_LDX | BPF_IMM,
					   fuzz_imm());
	case 5:
		return (struct cbpf_insn)S(rnd() % 2 ? BPF_LD | BPF_W | BPF_LEN :
						       BPF_LDX | BPF_W | BPF_LEN,
					   0);
	case 6:
		return (struct cbpf_insn)S(rnd() % 2 ? BPF_LD | BPF_MEM : BPF_LDX | BPF_MEM,
					   rnd() % BPF_MEMWORDS);
	case 7:
		return (struct cbpf_insn)S(rnd() % 2 ? BPF_ST : BPF_STX, rnd() % BPF_MEMWORDS);
	default:
		return (struct cbpf_insn)S(BPF_MISC | (rnd() % 2 ? BPF_TAX : BPF_TXA), 0);
	}
}

static struct cbpf_insn fuzz_jump(size_t i, size_t n)
{
	static const uint16_t ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };
	uint16_t code = BPF_JMP | ops[rnd() % 4] | (rnd() % 2 ? BPF_X : BPF_K);
	size_t room = n - 1 - (i + 1); /* jumps may land on the final ret */
	uint8_t jt = (uint8_t)(rnd() % (room + 1 < 20 ? room + 1 : 20));
	uint8_t jf = (uint8_t)(rnd() % (room + 1 < 20 ? room + 1 : 20));

	return (struct cbpf_insn)J(code, fuzz_imm(), jt, jf);
}

/*
 * A random valid program of @n instructions that ends in "ret a". M[] is
 * zeroed first, as libpcap's interpreter does not.
 */
static size_t fuzz_program(struct cbpf_insn *prog, size_t n)
{
	size_t i = 0;

	prog[i++] = (struct cbpf_insn)S(BPF_LD | BPF_IMM, 0);
	for (unsigned int m = 0; m < BPF_MEMWORDS; m++)
		prog[i++] = (struct cbpf_insn)S(BPF_ST, m);
	n += i;
	for (; i < n - 1; i++) {
		switch (rnd() % 8) {
		case 0:
		case 1:
		case 2:
			prog[i] = fuzz_alu();
			break;
		case 3:
		case 4:
			prog[i] = fuzz_jump(i, n);
			break;
		case 5:
			if (rnd() % 4 == 0) {
				prog[i] = (struct cbpf_insn)S(BPF_RET | BPF_K, fuzz_imm());
				break;
			}
			/* fall through */
		default:
			prog[i] = fuzz_load();
		}
	}
	prog[i++] = (struct cbpf_insn)RET_A;
	return i;
}

static bool fuzz_one(const struct cbpf_insn *prog, size_t n, bool linear, unsigned long *pairs)
{
	struct cbpf_xlate_opts opts = { .sz = sizeof(opts),
					.flags = linear ? CBPF_XLATE_F_LINEAR : 0 };
	struct kprog kp;
	char why[1024];
	bool ok = true;

	if (kprog_load(&kp, prog, n, &opts, !linear, why, sizeof(why))) {
		FAIL("fuzz", "%sload: %s", linear ? "linear " : "", why);
		oracle_print(prog, n);
		kprog_free(&kp);
		return false;
	}
	for (size_t i = 0; i < n_packets && ok; i++) {
		const struct packet *p = &packets[i];
		size_t len = p->len > 200 && (i % 2 || linear) ? 60 + i : p->len;
		unsigned int want =
			oracle_interpret(prog, p->data, (unsigned int)len, (unsigned int)len);
		int64_t got = kprog_run(&kp, p->data, len);

		(*pairs)++;
		if (got != (int64_t)want) {
			FAIL("fuzz", "%spacket '%s' (%zu bytes): libpcap %u, eBPF %lld",
			     linear ? "linear, " : "", p->name, len, want, (long long)got);
			oracle_print(prog, n);
			ok = false;
		}
	}
	kprog_free(&kp);
	return ok;
}

static void test_fuzz(unsigned int programs)
{
	struct cbpf_insn prog[64];
	unsigned long pairs = 0;
	unsigned int bad = 0;

	for (unsigned int i = 0; i < programs && bad < 3; i++) {
		size_t n = fuzz_program(prog, 8 + rnd() % 30);

		if (!oracle_validate(prog, n)) {
			FAIL("fuzz", "generated a program bpf_validate() refuses");
			oracle_print(prog, n);
			return;
		}
		if (!fuzz_one(prog, n, i % 2, &pairs))
			bad++;
	}
	printf("INFO fuzz: %u random programs (half linear), %lu runs against bpf_filter()\n",
	       programs, pairs);
	if (!bad)
		printf("PASS fuzz\n");
}

/* ---------------------------------------------------------------- refusals */

struct refusal {
	const char *name;
	struct cbpf_insn prog[4];
	size_t n;
	int err;
	const char *msg; /* must appear in the error text */
};

#define REFUSE(name, err, msg, ...)                                                             \
	{                                                                                       \
		name, { __VA_ARGS__ },                                                          \
			sizeof((struct cbpf_insn[]){ __VA_ARGS__ }) / sizeof(struct cbpf_insn), \
			err, msg                                                                \
	}

static const struct refusal refusals[] = {
	REFUSE("vlan_tci", -EOPNOTSUPP,
	       "instruction 0: ancillary load 'vlan_tci' (SKF_AD_OFF+44)",
	       S(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG), RET_A),
	REFUSE("vlanp", -EOPNOTSUPP, "'vlanp'",
	       S(BPF_LD | BPF_B | BPF_ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT), RET_A),
	REFUSE("rxhash", -EOPNOTSUPP, "instruction 1: ancillary load 'rxhash'",
	       S(BPF_LD | BPF_IMM, 0), S(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_RXHASH),
	       RET_A),
	REFUSE("unnamed", -EOPNOTSUPP, "SKF_AD_OFF+100",
	       S(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + 100), RET_A),
	REFUSE("net_off", -EOPNOTSUPP, "SKF_NET_OFF+9",
	       S(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 9), RET_A),
	REFUSE("ll_off", -EOPNOTSUPP, "SKF_LL_OFF+12",
	       S(BPF_LD | BPF_H | BPF_ABS, SKF_LL_OFF + 12), RET_A),
	REFUSE("ind_ancillary", -EOPNOTSUPP, "SKF_AD_OFF+8 (negative offset)",
	       S(BPF_LD | BPF_B | BPF_IND, SKF_AD_OFF + SKF_AD_IFINDEX), RET_A),
	REFUSE("opcode", -EINVAL, "unknown opcode", S(0xff, 0), RET_A),
	REFUSE("ret_x", -EINVAL, "unknown opcode", S(BPF_RET | BPF_X, 0)),
	REFUSE("mem16", -EINVAL, "M[16]", S(BPF_ST, 16), RET_A),
	REFUSE("div0", -EINVAL, "division by constant 0", S(BPF_ALU | BPF_DIV | BPF_K, 0), RET_A),
	REFUSE("mod0", -EINVAL, "division by constant 0", S(BPF_ALU | BPF_MOD | BPF_K, 0), RET_A),
	REFUSE("jump_out", -EINVAL, "outside", J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 5), RET_A),
	REFUSE("ja_back_out", -EINVAL, "outside", S(BPF_JMP | BPF_JA, (uint32_t)-3), RET_A),
	REFUSE("no_ret", -EINVAL, "does not end in a return", S(BPF_LD | BPF_IMM, 1)),
};

static void test_refusals(void)
{
	struct bpf_insn *out = NULL;
	size_t n_out = 0;
	char err[256];
	int ret;

	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];

		ret = cbpf_xlate(r->prog, r->n, NULL, &out, &n_out, err, sizeof(err));
		if (ret != r->err)
			FAIL("refusal", "%s: returned %d, want %d (%s)", r->name, ret, r->err,
			     err);
		else if (!strstr(err, r->msg))
			FAIL("refusal", "%s: message '%s' lacks '%s'", r->name, err, r->msg);
		else
			printf("PASS refusal_%s: %s\n", r->name, err);
		if (!ret)
			free(out);
	}
	ret = cbpf_xlate(refusals[0].prog, 0, NULL, &out, &n_out, err, sizeof(err));
	if (ret != -EINVAL)
		FAIL("refusal", "empty program: returned %d", ret);
	/* a short error buffer is cut, not overrun */
	memset(err, 'x', sizeof(err));
	ret = cbpf_xlate(refusals[0].prog, refusals[0].n, NULL, &out, &n_out, err, 8);
	if (ret != -EOPNOTSUPP || strlen(err) != 7 || err[8] != 'x')
		FAIL("refusal", "short error buffer: %d '%.8s'", ret, err);
}

/* ---------------------------------------------------------------- libpcap refuses */

/* What libpcap itself rejects never reaches the translator. */
static void test_pcap_errors(void)
{
	struct cbpf_insn *prog;
	char err[512];
	size_t n;

	if (oracle_compile("tcp port 99999", &prog, &n, err, sizeof(err)) == 0) {
		FAIL("pcap_errors", "libpcap compiled 'tcp port 99999'");
		free(prog);
		return;
	}
	printf("PASS pcap_errors: %s\n", err);
}

/* ---------------------------------------------------------------- ebpf_dump */

static void test_dump(void)
{
	struct cbpf_insn *prog;
	struct bpf_insn *out;
	size_t n, n_out, len = 0;
	char err[256], *text = NULL;
	FILE *f;

	if (compile("ip6 protochain 6 or tcp port 80 or ifindex 3", &prog, &n))
		return;
	if (cbpf_xlate(prog, n, NULL, &out, &n_out, err, sizeof(err))) {
		FAIL("dump", "translate: %s", err);
		free(prog);
		return;
	}
	f = open_memstream(&text, &len);
	ebpf_dump(f, out, n_out);
	fclose(f);
	if (!strstr(text, "call bpf_xdp_load_bytes#189") ||
	    !strstr(text, "r6 = *(u32 *)(r1 + 0)") || !strstr(text, "goto +") ||
	    !strstr(text, "exit") || !strstr(text, "if w7 != 0x86dd") ||
	    !strstr(text, "r7 = be16 r7") || !strstr(text, "(r10 - 20)") ||
	    strstr(text, "(bad") || strncmp(text, "   0: ", 6) != 0)
		FAIL("dump", "unexpected listing:\n%s", text);
	else
		printf("PASS dump: %zu lines, e.g. '%.*s'\n", n_out, (int)strcspn(text + 6, "\n"),
		       text + 6);
	free(text);
	free(out);
	free(prog);
}

/* ---------------------------------------------------------------- edges */

/*
 * A frame over 64 KiB: the helper reaches up to offset 0xffff, and past that
 * nothing matches (where libpcap would still read).
 */
static void test_beyond_64k(void)
{
	static const struct {
		const char *expr;
		int64_t want;
	} cases[] = {
		{ "ether[65534:2] = 0x1234", 262144 },
		{ "ether[65530:4] = 0x01020304", 0 },
		{ "ether[65536] = 0x56", 0 }, /* libpcap: match */
		{ "len = 70000", 262144 },
	};
	static uint8_t frame[70000];
	struct cbpf_xlate_opts opts = { .sz = sizeof(opts) };
	struct cbpf_insn *prog;
	struct kprog kp;
	char why[1024];
	size_t n;

	memset(frame, 0, sizeof(frame));
	frame[12] = 0x08;
	frame[65534] = 0x12, frame[65535] = 0x34, frame[65536] = 0x56;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t got;

		if (compile(cases[i].expr, &prog, &n))
			continue;
		if (kprog_load(&kp, prog, n, &opts, true, why, sizeof(why))) {
			FAIL("beyond_64k", "%s: %s", cases[i].expr, why);
		} else {
			got = kprog_run(&kp, frame, sizeof(frame));
			if (got < 0) {
				printf("SKIP beyond_64k: test run of a 70000-byte frame: %s\n",
				       strerror((int)-got));
				kprog_free(&kp);
				free(prog);
				return;
			}
			if (got != cases[i].want)
				FAIL("beyond_64k", "%s: %lld, want %lld", cases[i].expr,
				     (long long)got, (long long)cases[i].want);
		}
		kprog_free(&kp);
		free(prog);
	}
	printf("PASS beyond_64k\n");
}

/* More IPv6 extension headers than the loop budget: no match, by design. */
static void test_loop_budget(void)
{
	struct cbpf_insn *prog;
	struct kprog kp;
	struct pb b = { .p = calloc(1, 2048) };
	char why[1024];
	size_t n, ip;
	int64_t got[3];

	eth(&b, mac_a, mac_b), put16(&b, 0x86dd);
	ip = ip6(&b, 60, v6_a, v6_b);
	for (int i = 0; i < 40; i++)
		ip6_ext(&b, i == 39 ? 6 : 60, 0);
	tcp(&b, 1, 2, 0x02, 0, NULL, 0), ip6_end(&b, ip);
	if (compile("ip6 protochain 6", &prog, &n))
		goto out;
	/* 256 shows the verifier's work stays linear in the budget */
	for (int i = 0; i < 3; i++) {
		struct cbpf_xlate_opts opts = { .sz = sizeof(opts),
						.loop_limit = i == 0 ? 0 :
							      i == 1 ? 48 :
								       256 };

		if (kprog_load(&kp, prog, n, &opts, true, why, sizeof(why))) {
			FAIL("loop_budget", "limit %u: %s", opts.loop_limit, why);
			kprog_free(&kp);
			goto out_prog;
		}
		got[i] = kprog_run(&kp, b.p, b.len);
		if (i)
			printf("INFO loop_budget: ip6 protochain 6 with loop_limit %u: verifier "
			       "processed %u instructions\n",
			       opts.loop_limit, kp.processed);
		kprog_free(&kp);
	}
	if (oracle_offline_filter(prog, n, b.p, b.len) != ORACLE_SNAPLEN || got[0] != 0 ||
	    got[1] != ORACLE_SNAPLEN || got[2] != ORACLE_SNAPLEN)
		FAIL("loop_budget",
		     "40 headers: default limit %lld (want 0), limit 48 %lld, "
		     "256 %lld (want %d)",
		     (long long)got[0], (long long)got[1], (long long)got[2], ORACLE_SNAPLEN);
	else
		printf("PASS loop_budget\n");
out_prog:
	free(prog);
out:
	free(b.p);
}

/* The emitted code never reaches beyond its stack budget. */
static void test_stack_budget(void)
{
	for (size_t i = 0; i < N_EXPRS; i++) {
		struct cbpf_insn *prog;
		struct bpf_insn *out;
		size_t n, n_out;
		char err[256];

		if (oracle_compile(exprs[i].expr, &prog, &n, err, sizeof(err)))
			continue;
		if (cbpf_xlate(prog, n, NULL, &out, &n_out, err, sizeof(err)) == 0) {
			for (size_t j = 0; j < n_out; j++) {
				uint8_t cls = BPF_CLASS(out[j].code);
				bool fp = (cls == BPF_LDX && out[j].src_reg == BPF_REG_10) ||
					  ((cls == BPF_STX || cls == BPF_ST) &&
					   out[j].dst_reg == BPF_REG_10);

				if (fp && (out[j].off >= 0 || out[j].off < -CBPF_XLATE_STACK))
					FAIL("stack_budget", "%s: instruction %zu at r10%+d",
					     exprs[i].expr, j, out[j].off);
			}
			free(out);
		}
		free(prog);
	}
	printf("PASS stack_budget\n");
}

/* Whether this process may load BPF programs at all (root, no lockdown). */
static bool can_load_bpf(char *why, size_t size)
{
	static const struct bpf_insn ret_pass[] = {
		{ .code = BPF_ALU | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "cbpf_probe", "GPL", ret_pass, 2, NULL);

	if (fd < 0) {
		snprintf(why, size, "BPF_PROG_LOAD: %s", strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

int main(void)
{
	char why[256];

	verifier_log = malloc(VERIFIER_LOG_SIZE);
	if (!verifier_log)
		return 1;
	build_packets();
	test_refusals();
	test_pcap_errors();
	test_dump();
	test_stack_budget();
	if (!can_load_bpf(why, sizeof(why))) {
		printf("SKIP kernel tests: %s (needs root)\n", why);
		return failures ? 1 : 77;
	}
	test_raw_programs();
	/* TEST_CBPF_FUZZ=n for a longer run */
	test_fuzz(getenv("TEST_CBPF_FUZZ") ? (unsigned int)atoi(getenv("TEST_CBPF_FUZZ")) : 400);
	test_loop_budget();
	test_beyond_64k();
	test_expressions(false);
	test_expressions(true);
	for (size_t i = 0; i < n_packets; i++)
		free(packets[i].data);
	free(verifier_log);
	return failures ? 1 : 0;
}
