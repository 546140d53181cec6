// SPDX-License-Identifier: GPL-2.0
/* The generator's frame: template and per-frame stamp (gen_frame.h). */
#include <arpa/inet.h>
#include <string.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include "gen_frame.h"

/* RFC 1071 Internet checksum over the IPv4 header. */
static uint16_t ip_checksum(const void *hdr, size_t len)
{
	const uint16_t *p = hdr;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Ethernet, IPv4 (RFC 791), UDP (RFC 768) with checksum 0, so stamping
 * the port and payload needs no fix-up; payload of 'x'. The headers are
 * built in aligned copies: after the 14-byte Ethernet header, the
 * IPv4 header in buf is only 2-byte aligned. */
void gen_frame_build(const struct gen_opts *o, uint8_t *buf)
{
	size_t l3 = o->size - ETH_HLEN;
	struct ethhdr eth = { .h_proto = htons(ETH_P_IP) };
	struct iphdr ip = { .version = 4,
			    .ihl = 5,
			    .ttl = 64,
			    .protocol = IPPROTO_UDP,
			    .tot_len = htons(l3),
			    .saddr = o->src.s_addr,
			    .daddr = o->dst.s_addr,
			    .frag_off = htons(0x4000) /* DF */ };
	struct udphdr udp = { .source = htons(o->sport_base),
			      .dest = htons(o->dport),
			      .len = htons(l3 - sizeof(ip)) };

	memcpy(eth.h_dest, o->dst_mac, ETH_ALEN);
	memcpy(eth.h_source, o->src_mac, ETH_ALEN);
	ip.check = ip_checksum(&ip, sizeof(ip));
	memset(buf, 'x', o->size);
	memcpy(buf, &eth, sizeof(eth));
	memcpy(buf + sizeof(eth), &ip, sizeof(ip));
	memcpy(buf + sizeof(eth) + sizeof(ip), &udp, sizeof(udp));
}

/* What xdp_gen_tx does to each frame in live-frames mode. */
void gen_frame_stamp(const struct gen_opts *o, uint8_t *buf, unsigned long long seq)
{
	uint16_t sport = htons(o->sport_base + seq % o->sport_count);
	uint32_t word = htonl((uint32_t)seq);

	memcpy(buf + GEN_UDP_SPORT_OFF, &sport, sizeof(sport));
	memcpy(buf + GEN_PAYLOAD_OFF, &word, sizeof(word));
}
