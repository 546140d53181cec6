/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generator's frame, shared by its two senders: the live-frames XDP
 * program (xdp_gen_tx.bpf.c, which includes only the offsets) and the
 * AF_PACKET fallback. Each frame is the template with two fields stamped
 * from its sequence number n: the UDP source port (base + n % count) and
 * the first payload word (n, big endian). pcount and run.sh rely on both.
 */
#ifndef GEN_FRAME_H
#define GEN_FRAME_H

/* Offsets in the template: Ethernet (14 bytes, no VLAN), IPv4 without
 * options (20), UDP (8), then the payload. */
#define GEN_UDP_SPORT_OFF 34
#define GEN_PAYLOAD_OFF 42
#define GEN_MIN_FRAME (GEN_PAYLOAD_OFF + 4)
#define GEN_MAX_FRAME 1514

#ifndef __bpf__
#include <stdint.h>
#include <netinet/in.h>
#include <linux/if_ether.h>

struct gen_opts {
	const char *ifname;
	struct in_addr src, dst;
	uint8_t src_mac[ETH_ALEN], dst_mac[ETH_ALEN];
	unsigned long long count;
	unsigned int size, batch, dport, sport_base, sport_count;
	int have_src, have_dst, have_dmac;
};

/* The template: o->size bytes into buf. */
void gen_frame_build(const struct gen_opts *o, uint8_t *buf);
/* Stamp sequence number seq into a copy of the template. */
void gen_frame_stamp(const struct gen_opts *o, uint8_t *buf, unsigned long long seq);
#endif

#endif
