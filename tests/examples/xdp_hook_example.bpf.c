// SPDX-License-Identifier: GPL-2.0
/*
 * A complete XDP program that lets xdpdump capture its verdicts on kernels
 * without fexit, through bpf/xdpdump_hook.h. It drops UDP to the discard
 * port (9, RFC 863) and counts what it sees, like the test environment's
 * xdp_drop_udp9, and returns every verdict through xdpdump_exit().
 *
 * Build:  clang -O2 -g -target bpf -I/usr/local/include/xdpdump -c xdp_hook_example.bpf.c
 * Attach: ip link set dev IF xdpdrv obj xdp_hook_example.bpf.o sec xdp
 * Watch:  xdpdump -i IF --rx-capture entry,exit --action drop -w drops.pcapng
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "xdpdump_hook.h"

#define DISCARD_PORT 9

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seen_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drop_count SEC(".maps");

static __always_inline void count(void *map)
{
	__u32 key = 0;
	__u64 *val = bpf_map_lookup_elem(map, &key);

	if (val)
		*val += 1;
}

/* The destination port of an IPv4/IPv6 UDP packet (not a later IPv4
 * fragment), in network order, or 0. */
static __always_inline __be16 udp_dest(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct udphdr *udp;

	if ((void *)(eth + 1) > data_end)
		return 0;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end || ip->ihl < 5 || ip->protocol != IPPROTO_UDP ||
		    (ip->frag_off & bpf_htons(0x1fff)))
			return 0;
		udp = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end || ip6->nexthdr != IPPROTO_UDP)
			return 0;
		udp = (void *)(ip6 + 1);
	} else {
		return 0;
	}
	if ((void *)(udp + 1) > data_end)
		return 0;
	return udp->dest;
}

SEC("xdp")
int xdp_hook_example(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	count(&seen_count);
	if (udp_dest(data, data_end) == bpf_htons(DISCARD_PORT)) {
		count(&drop_count);
		return xdpdump_exit(ctx, XDP_DROP);
	}
	return xdpdump_exit(ctx, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
