// SPDX-License-Identifier: GPL-2.0
/*
 * The "existing" XDP program of the test environment: it stands in for a
 * program a user already runs on an interface before xdpdump comes along.
 * It has a visible effect (drops UDP to the discard port, RFC 863) and its
 * own counters, so a test can prove that it still runs, unchanged, while
 * xdpdump captures beside it.
 *
 * Built twice: as is (SEC "xdp") and, through xdp_drop_udp9_frags.bpf.c,
 * with XDP_DROP_FRAGS defined (SEC "xdp.frags", multi-buffer aware).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

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

	/* Per-CPU slot: no other CPU writes it, a plain add is enough. */
	if (val)
		*val += 1;
}

/*
 * Returns the UDP header if the packet is IPv4 or IPv6 UDP that is not a
 * later IPv4 fragment (those carry no UDP header), else NULL. IPv6
 * extension headers are not walked: a test sends plain UDP only.
 */
static __always_inline struct udphdr *udp_header(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	void *l4;

	if ((void *)(eth + 1) > data_end)
		return NULL;

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end || ip->ihl < 5 || ip->protocol != IPPROTO_UDP)
			return NULL;
		/* Offset field non-zero: a non-first fragment. */
		if (ip->frag_off & bpf_htons(0x1fff))
			return NULL;
		l4 = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end || ip6->nexthdr != IPPROTO_UDP)
			return NULL;
		l4 = ip6 + 1;
	} else {
		return NULL;
	}

	if (l4 + sizeof(struct udphdr) > data_end)
		return NULL;
	return l4;
}

static __always_inline int drop_udp9(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct udphdr *udp;

	count(&seen_count);
	udp = udp_header(data, data_end);
	if (udp && udp->dest == bpf_htons(DISCARD_PORT)) {
		count(&drop_count);
		return XDP_DROP;
	}
	return XDP_PASS;
}

#ifdef XDP_DROP_FRAGS
/*
 * Only the linear part is parsed, which holds the headers of any frame
 * the test sends; the program never touches the fragments, so it is safe
 * to declare it multi-buffer aware.
 */
SEC("xdp.frags")
int xdp_drop_udp9_frags(struct xdp_md *ctx)
{
	return drop_udp9(ctx);
}
#else
SEC("xdp")
int xdp_drop_udp9(struct xdp_md *ctx)
{
	return drop_udp9(ctx);
}
#endif

char _license[] SEC("license") = "GPL";
