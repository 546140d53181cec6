/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the protocol printers in lib/print/. Each printer gets a span:
 * the bytes captured from its header on, and the length its header may
 * claim on the wire. Every read goes through span_has() first; a printer
 * that runs out of captured bytes calls print_truncated(), which ends the
 * line's protocol part with tcpdump's " [|proto]".
 */
#ifndef XDPDUMP_PRINT_INTERNAL_H
#define XDPDUMP_PRINT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "print.h"

/* The packet's protocol text ended early (truncation already printed). */
#define PRINT_STOP 1

struct tcp_streams;
struct packet_printer;
struct span;

/*
 * The network layer, for the layers below it that carry it again: IP in
 * IP (ip_payload.c) and an ICMP error quoting the datagram it is about
 * (icmp.c). Calling ipv4.c or ipv6.c by name from there would make those
 * files depend on each other in a circle; through these pointers, which
 * packet_printer__new() in printer.c (the one file above every layer) sets
 * once, each file depends only on the layers below it.
 */
struct network_layer {
	int (*ipv4)(struct packet_printer *pr, struct span s);
	int (*ipv6)(struct packet_printer *pr, struct span s);
};

struct packet_printer {
	FILE *out;
	struct packet_printer_opts opts;
	struct tcp_streams *streams;
	bool have_first;
	uint64_t first_ns, prev_ns;
	/* tcpdump 4.99 loses track of the link header length when a decoder
	 * bails out from deep inside (TCP options), and -x then dumps the
	 * whole frame: the same packets get the same dump here. */
	bool link_len_lost;
	bool repeat; /* this packet's printed_packet.repeat */
	unsigned int number; /* -#: the last packet's number */
	struct network_layer network;
};

struct span {
	const uint8_t *p;
	uint32_t cap; /* bytes captured from p on */
	uint32_t len; /* bytes on the wire from p on (>= cap) */
};

static inline bool span_has(const struct span *s, uint32_t off, uint32_t n)
{
	return off <= s->cap && n <= s->cap - off;
}

/* The rest of s after its first off bytes; empty (not captured) when off
 * lies past the capture. */
static inline struct span span_after(const struct span *s, uint32_t off)
{
	uint32_t skip = off < s->cap ? off : s->cap;
	struct span r = { s->p + skip, s->cap - skip, s->len > off ? s->len - off : 0 };

	return r;
}

/* At most n bytes of s, as a header's own length field bounds it. */
static inline struct span span_limit(struct span s, uint32_t n)
{
	if (s.cap > n)
		s.cap = n;
	if (s.len > n)
		s.len = n;
	return s;
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#define pr_out(pr, ...) fprintf((pr)->out, __VA_ARGS__)

/* truncated.c: prints " [|proto]" and returns PRINT_STOP. */
int print_truncated(struct packet_printer *pr, const char *proto);
/* The same, where tcpdump gives up from deep inside (see link_len_lost). */
int print_truncated_deep(struct packet_printer *pr, const char *proto);

/* What the network layer tells the transport printers. */
struct ip_info {
	int version; /* 4 or 6 */
	uint8_t src[16], dst[16];
	uint8_t final_dst[16]; /* for the pseudo header: dst, or a routing header's last hop */
	char src_text[46], dst_text[46];
	uint8_t proto;
	bool direct; /* the transport header follows the IP header at once */
	bool fragmented; /* part of a fragmented datagram: no checksums */
	bool routed; /* a routing header set final_dst */
};

/* RFC 1071 sums. */
uint32_t checksum_add(uint32_t sum, const uint8_t *p, uint32_t n);
uint16_t checksum_fold(uint32_t sum);
/* The pseudo header of RFC 793 / RFC 8200 8.1 for a transport of len bytes. */
uint32_t checksum_pseudo(const struct ip_info *ip, uint32_t len);

int print_ether(struct packet_printer *pr, struct span s, uint32_t *link_len);
int print_ethertype(struct packet_printer *pr, uint16_t type, struct span s);
int print_arp(struct packet_printer *pr, struct span s);
int print_ipv4(struct packet_printer *pr, struct span s);
int print_ipv6(struct packet_printer *pr, struct span s);
int print_ip_payload(struct packet_printer *pr, const struct ip_info *ip, struct span s);
int print_tcp(struct packet_printer *pr, const struct ip_info *ip, struct span s);
int print_udp(struct packet_printer *pr, const struct ip_info *ip, struct span s);
int print_icmp(struct packet_printer *pr, const struct ip_info *ip, struct span s);
int print_icmp6(struct packet_printer *pr, const struct ip_info *ip, struct span s);
int print_igmp(struct packet_printer *pr, struct span s);
/* nd_options.c: neighbor discovery options, at -v. */
int print_nd_options(struct packet_printer *pr, struct span opts);
/* group_records.c: IGMPv3 / MLDv2 (version 4 / 6) report records from
 * off on, and the queries' maximum response time code. */
int print_group_records(struct packet_printer *pr, struct span s, uint32_t off, uint32_t count,
			int version);
uint32_t group_max_resp(uint32_t code, unsigned int mant_bits, unsigned int exp_bits);
/* A query's source list from off on: counted, or listed at -vv. */
void print_query_sources(struct packet_printer *pr, struct span s, uint32_t off, uint32_t count,
			 int version);
int print_tcp_options(struct packet_printer *pr, struct span s, uint32_t sack_base);
void print_hex(struct packet_printer *pr, const uint8_t *p, uint32_t n, bool ascii);
/* Each line starts with indent (which begins with its newline). */
void print_hex_indented(struct packet_printer *pr, const char *indent, const uint8_t *p,
			uint32_t n, bool ascii);
void print_timestamp(struct packet_printer *pr, uint64_t ts_ns);
/* ascii.c: -A, the bytes as text. */
void print_ascii_text(struct packet_printer *pr, const uint8_t *p, uint32_t n);

/* TCP sequence numbers relative to a stream's first seen ones. */
struct tcp_streams *tcp_streams__new(void);
void tcp_streams__free(struct tcp_streams *t);
struct tcp_seq_view {
	uint32_t seq, ack; /* as printed */
	uint32_t sack_base; /* subtracted from SACK block edges */
};
void tcp_streams__relate(struct tcp_streams *t, const struct ip_info *ip, uint16_t sport,
			 uint16_t dport, uint8_t flags, uint32_t seq, uint32_t ack, bool repeat,
			 struct tcp_seq_view *view);

/* ipv4_options.c: the options of n bytes at o, cap of them captured. */
enum { IPV4_OPTIONS_WHOLE, IPV4_OPTIONS_CUT, IPV4_OPTIONS_CUT_DEEP };
int print_ipv4_options(struct packet_printer *pr, const uint8_t *o, uint32_t n, uint32_t cap);

/* names.c: tcpdump's name of an ethertype, or NULL. */
const char *ethertype_name(uint16_t type);
/* names.c: tcpdump's name of an IP protocol number. */
const char *ip_proto_name(uint8_t proto);

/* addr.c */
void print_mac(struct packet_printer *pr, const uint8_t *m);
/* Any length, as "aa:bb:..". */
void print_link_addr(struct packet_printer *pr, const uint8_t *a, uint32_t len);
void format_ip(int version, const uint8_t *a, char *buf, size_t size);
/* Addresses (4 or 16 bytes) and texts; the transport follows directly. */
void ip_info_init(struct ip_info *ip, int version, const uint8_t *src, const uint8_t *dst,
		  uint8_t proto);
void print_endpoints(struct packet_printer *pr, const struct ip_info *ip);
void print_endpoint_ports(struct packet_printer *pr, const struct ip_info *ip, uint16_t sport,
			  uint16_t dport);
/* checksum.c: the value the checksum field at csum_off of a transport
 * header should hold, over len bytes at p and the pseudo header. */
uint16_t checksum_transport(const struct ip_info *ip, const uint8_t *p, uint32_t len,
			    uint32_t csum_off);
/* The field and the value it should hold; false when they cannot be known:
 * a fragment, or fewer than len bytes captured. */
bool checksum_check(const struct ip_info *ip, const struct span *s, uint32_t len,
		    uint32_t csum_off, uint16_t *field, uint16_t *should_be);
#endif /* XDPDUMP_PRINT_INTERNAL_H */
