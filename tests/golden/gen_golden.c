// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the golden pcap files of tests/golden/ (the packet printer's
 * reference inputs): TCP conversations over IPv4 and IPv6 with options,
 * UDP, ICMP, ICMPv6, ARP, 802.1Q, IPv6 extension headers, IPv4 fragments,
 * truncated captures and an unknown ethertype. Checksums are computed, so
 * that `tcpdump -v` says "correct". The expected text is tcpdump's own
 * (tests/golden/regen.sh), never written by hand.
 *
 * Usage: gen_golden DIR
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAME 2048

struct frame {
	uint8_t b[MAX_FRAME];
	size_t len;
	size_t l3; /* offset of the network header */
	size_t l4; /* offset of the transport header */
};

static FILE *out;
static uint32_t clock_us = 1700000000u % 86400u * 0 + 0; /* set per file */
static uint32_t clock_sec;

static void put(struct frame *f, const void *p, size_t n)
{
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static void put8(struct frame *f, uint8_t v)
{
	put(f, &v, 1);
}

static void put16(struct frame *f, uint16_t v)
{
	v = htons(v);
	put(f, &v, 2);
}

static void put32(struct frame *f, uint32_t v)
{
	v = htonl(v);
	put(f, &v, 4);
}

static void set16(struct frame *f, size_t off, uint16_t v)
{
	f->b[off] = v >> 8;
	f->b[off + 1] = v & 0xff;
}

static uint32_t sum_bytes(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += p[n - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static const uint8_t mac_a[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t mac_b[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b };
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void eth(struct frame *f, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	f->len = 0;
	put(f, dst, 6);
	put(f, src, 6);
	put16(f, type);
	f->l3 = f->len;
}

static void vlan(struct frame *f, uint16_t tci, uint16_t type)
{
	put16(f, tci);
	put16(f, type);
	f->l3 = f->len;
}

struct ip4 {
	uint32_t src, dst;
	uint8_t proto, ttl, tos;
	uint16_t id, frag; /* frag: flags and offset as on the wire */
};

static void ipv4(struct frame *f, const struct ip4 *h)
{
	f->l3 = f->len;
	put8(f, 0x45);
	put8(f, h->tos);
	put16(f, 0); /* total length, set by finish_ipv4 */
	put16(f, h->id);
	put16(f, h->frag);
	put8(f, h->ttl ? h->ttl : 64);
	put8(f, h->proto);
	put16(f, 0);
	put32(f, h->src);
	put32(f, h->dst);
	f->l4 = f->len;
}

static void ipv6(struct frame *f, const char *src, const char *dst, uint8_t next, uint32_t flow)
{
	struct in6_addr a;

	f->l3 = f->len;
	put32(f, 6u << 28 | flow);
	put16(f, 0); /* payload length, set by finish_ipv6 */
	put8(f, next);
	put8(f, 64);
	inet_pton(AF_INET6, src, &a);
	put(f, &a, 16);
	inet_pton(AF_INET6, dst, &a);
	put(f, &a, 16);
	f->l4 = f->len;
}

static uint32_t pseudo_sum(const struct frame *f, uint8_t proto, size_t l4len)
{
	const uint8_t *ip = f->b + f->l3;

	if ((ip[0] >> 4) == 4)
		return sum_bytes(ip + 12, 8, proto + l4len);
	return sum_bytes(ip + 8, 32, proto + l4len);
}

/* Transport checksum at l4 + csum_off over everything after l4. */
static void l4_checksum(struct frame *f, uint8_t proto, size_t csum_off)
{
	size_t n = f->len - f->l4;

	set16(f, f->l4 + csum_off, 0);
	set16(f, f->l4 + csum_off, fold(sum_bytes(f->b + f->l4, n, pseudo_sum(f, proto, n))));
}

static void finish_ipv4(struct frame *f)
{
	set16(f, f->l3 + 2, f->len - f->l3);
	set16(f, f->l3 + 10, 0);
	set16(f, f->l3 + 10, fold(sum_bytes(f->b + f->l3, (f->b[f->l3] & 0xf) * 4, 0)));
}

static void finish_ipv6(struct frame *f)
{
	set16(f, f->l3 + 4, f->len - f->l3 - 40);
}

static void finish_ip(struct frame *f)
{
	if ((f->b[f->l3] >> 4) == 4)
		finish_ipv4(f);
	else
		finish_ipv6(f);
}

/* Ethernet's minimum frame: short frames carry a zero trailer. */
static void pad(struct frame *f)
{
	while (f->len < 60)
		put8(f, 0);
}

/* Writes the frame, keeping at most caplen bytes (0: all of it). */
static void emit(const struct frame *f, size_t caplen, uint32_t step_us)
{
	uint32_t rec[4];

	if (!caplen || caplen > f->len)
		caplen = f->len;
	clock_us += step_us;
	clock_sec += clock_us / 1000000;
	clock_us %= 1000000;
	rec[0] = clock_sec;
	rec[1] = clock_us;
	rec[2] = caplen;
	rec[3] = f->len;
	fwrite(rec, sizeof(rec), 1, out);
	fwrite(f->b, caplen, 1, out);
}

static int open_file(const char *dir, const char *name, uint32_t start_sec)
{
	uint32_t hdr[6] = { 0xa1b2c3d4, 2 | 4u << 16, 0, 0, 262144, 1 };
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	out = fopen(path, "wb");
	if (!out) {
		perror(path);
		return -1;
	}
	fwrite(hdr, sizeof(hdr), 1, out);
	clock_sec = start_sec;
	clock_us = 123456;
	return 0;
}

static int close_file(void)
{
	return fclose(out) ? -1 : 0;
}

/* --- TCP ------------------------------------------------------------- */

enum { FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16, URG = 32, ECE = 64, CWR = 128 };

struct tcp_seg {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t win, urg;
	const uint8_t *opts;
	size_t optlen; /* a multiple of 4 */
	size_t datalen;
};

static void tcp(struct frame *f, const struct tcp_seg *s)
{
	put16(f, s->sport);
	put16(f, s->dport);
	put32(f, s->seq);
	put32(f, s->ack);
	put8(f, (5 + s->optlen / 4) << 4);
	put8(f, s->flags);
	put16(f, s->win);
	put16(f, 0);
	put16(f, s->urg);
	put(f, s->opts, s->optlen);
	for (size_t i = 0; i < s->datalen; i++)
		put8(f, 'a' + i % 26);
	finish_ip(f);
	l4_checksum(f, 6, 16);
}

static const uint8_t syn_opts[] = { 2, 4,   0x05, 0xb4, 4, 2, 8, 10, 0, 0,
				    0, 100, 0,	  0,	0, 0, 1, 3,  3, 7 };
static const uint8_t synack_opts[] = { 2, 4,   0x05, 0xa0, 4, 2,   8, 10, 0, 0,
				       0, 200, 0,    0,	   0, 100, 1, 3,  3, 9 };
static const uint8_t ts_opts[] = { 1, 1, 8, 10, 0, 0, 0, 101, 0, 0, 0, 200 };
static const uint8_t ts_opts2[] = { 1, 1, 8, 10, 0, 0, 0, 201, 0, 0, 0, 101 };
/* SACK (RFC 2018) with one block, after the timestamps. */
static const uint8_t sack_opts[] = { 1, 1, 8, 10, 0, 0,	   0,	 202,  0, 0,	0,    101,
				     1, 1, 5, 10, 0, 0x0f, 0x42, 0x55, 0, 0x0f, 0x42, 0x69 };
/* An option tcpdump has no name for, then end of list. */
static const uint8_t odd_opts[] = { 1, 1, 99, 4, 0xab, 0xcd, 0, 0 };

typedef void (*ip_header_fn)(struct frame *f, int from_client, uint8_t proto);

static void ip4_hdr(struct frame *f, int from_client, uint8_t proto)
{
	static uint16_t id = 0x1000;
	struct ip4 h = { .proto = proto, .id = id++, .frag = 0x4000 };

	h.src = htonl(from_client ? 0x0a010001 : 0x0a010002);
	h.dst = htonl(from_client ? 0x0a010002 : 0x0a010001);
	h.src = ntohl(h.src);
	h.dst = ntohl(h.dst);
	eth(f, from_client ? mac_b : mac_a, from_client ? mac_a : mac_b, 0x0800);
	ipv4(f, &h);
}

static void ip6_hdr(struct frame *f, int from_client, uint8_t proto)
{
	eth(f, from_client ? mac_b : mac_a, from_client ? mac_a : mac_b, 0x86dd);
	ipv6(f, from_client ? "2001:db8::1" : "2001:db8::2",
	     from_client ? "2001:db8::2" : "2001:db8::1", proto, from_client ? 0x12345 : 0);
}

static void segment(ip_header_fn ip, int from_client, struct tcp_seg s)
{
	struct frame f;

	if (!from_client) {
		uint16_t p = s.sport;

		s.sport = s.dport;
		s.dport = p;
	}
	ip(&f, from_client, 6);
	tcp(&f, &s);
	if (f.len < 60)
		pad(&f);
	emit(&f, 0, 1500);
}

/* A whole conversation: handshake, data both ways with SACK, close. */
static void conversation(ip_header_fn ip, uint16_t cport, uint32_t c, uint32_t s)
{
	const uint16_t sp = 5001;

	segment(ip, 1, (struct tcp_seg){ cport, sp, c, 0, SYN, 64240, 0, syn_opts, 20, 0 });
	segment(ip, 0,
		(struct tcp_seg){ cport, sp, s, c + 1, SYN | ACK, 65160, 0, synack_opts, 20, 0 });
	segment(ip, 1, (struct tcp_seg){ cport, sp, c + 1, s + 1, ACK, 502, 0, ts_opts, 12, 0 });
	segment(ip, 1,
		(struct tcp_seg){ cport, sp, c + 1, s + 1, PSH | ACK, 502, 0, ts_opts, 12, 20 });
	segment(ip, 0,
		(struct tcp_seg){ cport, sp, s + 1, c + 21, ACK, 509, 0, ts_opts2, 12, 0 });
	segment(ip, 0,
		(struct tcp_seg){ cport, sp, s + 1, c + 21, PSH | ACK, 509, 0, sack_opts, 24,
				  100 });
	segment(ip, 1,
		(struct tcp_seg){ cport, sp, c + 21, s + 101, URG | PSH | ACK, 502, 3, ts_opts,
				  12, 5 });
	segment(ip, 1,
		(struct tcp_seg){ cport, sp, c + 26, s + 101, FIN | ACK, 502, 0, ts_opts, 12,
				  0 });
	segment(ip, 0,
		(struct tcp_seg){ cport, sp, s + 101, c + 27, FIN | ACK, 509, 0, ts_opts2, 12,
				  0 });
	segment(ip, 1, (struct tcp_seg){ cport, sp, c + 27, s + 102, ACK, 502, 0, NULL, 0, 0 });
}

/* Streams whose start was not captured, resets, ECN, odd options. */
static void odd_segments(ip_header_fn ip)
{
	segment(ip, 1,
		(struct tcp_seg){ 40100, 5002, 7777, 0, SYN | ECE | CWR, 1024, 0, syn_opts, 20,
				  0 });
	segment(ip, 0, (struct tcp_seg){ 40100, 5002, 0, 7778, RST | ACK, 0, 0, NULL, 0, 0 });
	segment(ip, 1, (struct tcp_seg){ 40200, 5003, 500000, 900000, ACK, 300, 0, NULL, 0, 10 });
	segment(ip, 0, (struct tcp_seg){ 40200, 5003, 900000, 500010, ACK, 300, 0, NULL, 0, 0 });
	segment(ip, 1,
		(struct tcp_seg){ 40200, 5003, 500010, 900000, PSH | ACK, 300, 0, odd_opts, 8,
				  7 });
	segment(ip, 1, (struct tcp_seg){ 40300, 5004, 123456789, 0, RST, 0, 0, NULL, 0, 0 });
	segment(ip, 1, (struct tcp_seg){ 40400, 5005, 42, 0, 0, 0, 0, NULL, 0, 0 });
}

static int write_tcp(const char *dir)
{
	if (open_file(dir, "tcp.pcap", 1700000000))
		return -1;
	conversation(ip4_hdr, 43210, 1000000, 3000000000u);
	conversation(ip6_hdr, 43211, 4294967000u, 55);
	odd_segments(ip4_hdr);
	odd_segments(ip6_hdr);
	return close_file();
}

/* --- UDP, ICMP, ARP, VLAN, unknown ------------------------------------ */

static void udp(struct frame *f, uint16_t sport, uint16_t dport, size_t datalen)
{
	put16(f, sport);
	put16(f, dport);
	put16(f, 8 + datalen);
	put16(f, 0);
	for (size_t i = 0; i < datalen; i++)
		put8(f, i);
	finish_ip(f);
	l4_checksum(f, 17, 6);
}

static void icmp_echo(struct frame *f, uint8_t type, uint16_t id, uint16_t seq, size_t datalen)
{
	size_t start = f->len;

	put8(f, type);
	put8(f, 0);
	put16(f, 0);
	put16(f, id);
	put16(f, seq);
	for (size_t i = 0; i < datalen; i++)
		put8(f, 0x10 + i);
	finish_ip(f);
	set16(f, start + 2, fold(sum_bytes(f->b + start, f->len - start, 0)));
}

/* ICMP error (RFC 792) quoting the first 28 bytes of a UDP datagram. */
static void icmp_error(uint8_t type, uint8_t code, uint32_t quoted_dst)
{
	struct ip4 outer = { .src = 0x0a010002, .dst = 0x0a010001, .proto = 1, .id = 7 };
	struct ip4 inner = { .src = 0x0a010001, .dst = quoted_dst, .proto = 17, .id = 99 };
	struct frame q, f;
	size_t start;

	eth(&q, mac_b, mac_a, 0x0800);
	ipv4(&q, &inner);
	udp(&q, 40000, 40009, 4);
	eth(&f, mac_a, mac_b, 0x0800);
	ipv4(&f, &outer);
	start = f.len;
	put8(&f, type);
	put8(&f, code);
	put16(&f, 0);
	put32(&f, 0);
	put(&f, q.b + q.l3, 28);
	finish_ipv4(&f);
	set16(&f, start + 2, fold(sum_bytes(f.b + start, f.len - start, 0)));
	emit(&f, 0, 700);
}

static void arp(uint16_t op, const uint8_t *sha, uint32_t spa, const uint8_t *tha, uint32_t tpa)
{
	struct frame f;

	eth(&f, op == 1 || !tha ? mac_bcast : tha, sha, 0x0806);
	put16(&f, 1);
	put16(&f, 0x0800);
	put8(&f, 6);
	put8(&f, 4);
	put16(&f, op);
	put(&f, sha, 6);
	put32(&f, spa);
	put(&f, tha ? tha : (const uint8_t[6]){ 0 }, 6);
	put32(&f, tpa);
	pad(&f);
	emit(&f, 0, 250);
}

static void udp4(uint16_t sport, uint16_t dport, size_t datalen, uint16_t vlan_tci)
{
	struct ip4 h = { .src = 0x0a010001, .dst = 0x0a010002, .proto = 17, .id = 0x2222 };
	struct frame f;

	eth(&f, mac_b, mac_a, vlan_tci ? 0x8100 : 0x0800);
	if (vlan_tci)
		vlan(&f, vlan_tci, 0x0800);
	ipv4(&f, &h);
	udp(&f, sport, dport, datalen);
	pad(&f);
	emit(&f, 0, 1000);
}

static void icmp4(uint8_t type, uint16_t seq)
{
	struct ip4 h = { .src = type ? 0x0a010001 : 0x0a010002,
			 .dst = type ? 0x0a010002 : 0x0a010001,
			 .proto = 1,
			 .id = 0x3300 + seq,
			 .frag = 0x4000 };
	struct frame f;

	eth(&f, type ? mac_b : mac_a, type ? mac_a : mac_b, 0x0800);
	ipv4(&f, &h);
	icmp_echo(&f, type, 0x4d2, seq, 56);
	emit(&f, 0, 400);
}

static void unknown_ethertype(void)
{
	struct frame f;

	eth(&f, mac_b, mac_a, 0x88b6);
	for (int i = 0; i < 46; i++)
		put8(&f, 0xa0 + i);
	emit(&f, 0, 3000);
}

static void unknown_ip_proto(void)
{
	struct ip4 h = { .src = 0x0a010001, .dst = 0x0a010002, .proto = 253, .id = 0x4444 };
	struct frame f;

	eth(&f, mac_b, mac_a, 0x0800);
	ipv4(&f, &h);
	for (int i = 0; i < 12; i++)
		put8(&f, i);
	finish_ipv4(&f);
	pad(&f);
	emit(&f, 0, 100);
}

static int write_misc(const char *dir)
{
	if (open_file(dir, "misc.pcap", 1700003600))
		return -1;
	arp(1, mac_a, 0x0a010001, NULL, 0x0a010002);
	arp(2, mac_b, 0x0a010002, mac_a, 0x0a010001);
	udp4(40000, 40001, 10, 0);
	udp4(40002, 40003, 100, 0);
	icmp4(8, 1);
	icmp4(0, 1);
	icmp4(8, 2);
	icmp_error(3, 3, 0x0a010002); /* port unreachable */
	icmp_error(3, 1, 0x0a090009); /* host unreachable */
	udp4(40004, 40005, 20, 0x6064); /* priority 3, vlan 100 */
	udp4(40006, 40007, 0, 0x0005); /* priority 0, vlan 5 */
	unknown_ethertype();
	unknown_ip_proto();
	return close_file();
}

/* --- IPv6: ICMPv6, extension headers ----------------------------------- */

static void icmp6_checksum(struct frame *f)
{
	finish_ipv6(f);
	l4_checksum(f, 58, 2);
}

static void icmp6_echo(int request, uint16_t seq)
{
	struct frame f;

	eth(&f, request ? mac_b : mac_a, request ? mac_a : mac_b, 0x86dd);
	ipv6(&f, request ? "2001:db8::1" : "2001:db8::2", request ? "2001:db8::2" : "2001:db8::1",
	     58, 0);
	put8(&f, request ? 128 : 129);
	put8(&f, 0);
	put16(&f, 0);
	put16(&f, 0x99);
	put16(&f, seq);
	for (int i = 0; i < 32; i++)
		put8(&f, i);
	icmp6_checksum(&f);
	emit(&f, 0, 800);
}

/* Neighbor discovery (RFC 4861) with a link-layer address option. */
static void icmp6_nd(int solicit)
{
	static const uint8_t mac_mcast[6] = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x02 };
	struct frame f;
	struct in6_addr target;

	eth(&f, solicit ? mac_mcast : mac_a, solicit ? mac_a : mac_b, 0x86dd);
	ipv6(&f, solicit ? "2001:db8::1" : "2001:db8::2",
	     solicit ? "ff02::1:ff00:2" : "2001:db8::1", 58, 0);
	f.b[f.l3 + 7] = 255;
	put8(&f, solicit ? 135 : 136);
	put8(&f, 0);
	put16(&f, 0);
	put32(&f, solicit ? 0 : 0x60000000); /* solicited, override */
	inet_pton(AF_INET6, "2001:db8::2", &target);
	put(&f, &target, 16);
	put8(&f, solicit ? 1 : 2);
	put8(&f, 1);
	put(&f, solicit ? mac_a : mac_b, 6);
	icmp6_checksum(&f);
	emit(&f, 0, 600);
}

static void udp6_with(const uint8_t *ext, size_t extlen, uint8_t first)
{
	struct frame f;

	eth(&f, mac_b, mac_a, 0x86dd);
	ipv6(&f, "2001:db8::1", "2001:db8::2", first, 0);
	put(&f, ext, extlen);
	f.l4 = f.len;
	udp(&f, 40010, 40011, 12);
	emit(&f, 0, 900);
}

/* IPv6 from host 1 to 2: next header nh, then head, then filler bytes. */
static void ipv6_raw(uint8_t nh, const uint8_t *head, size_t head_len, size_t filler,
		     uint32_t step_us)
{
	struct frame f;

	eth(&f, mac_b, mac_a, 0x86dd);
	ipv6(&f, "2001:db8::1", "2001:db8::2", nh, 0);
	if (head_len)
		put(&f, head, head_len);
	for (size_t i = 0; i < filler; i++)
		put8(&f, i);
	finish_ipv6(&f);
	emit(&f, 0, step_us);
}

static void ipv6_extensions(void)
{
	/* Hop-by-hop: router alert (RFC 2711) and PadN. */
	static const uint8_t hbh[] = { 17, 0, 5, 2, 0, 0, 1, 0 };
	/* Destination options: PadN only. */
	static const uint8_t dst[] = { 17, 0, 1, 4, 0, 0, 0, 0 };
	/* Routing header type 0 with one address, one segment left. */
	static const uint8_t rt0[] = { 17, 2, 0, 1, 0, 0, 0, 0, 0x20, 0x01, 0x0d, 0xb8,
				       0,  0, 0, 0, 0, 0, 0, 0, 0,    0,    0,	  3 };
	/* Fragment header, offset 0, more fragments, id 0x1234 */
	static const uint8_t frag_first[] = { 17, 0, 0, 1, 0, 0, 0x12, 0x34 };
	/* Hop-by-hop, then routing, then the first fragment. */
	static const uint8_t chain[] = { 43, 0, 1,  4, 0, 0, 0,	   0,	 44,   2,
					 0,  1, 0,  0, 0, 0, 0x20, 0x01, 0x0d, 0xb8,
					 0,  0, 0,  0, 0, 0, 0,	   0,	 0,    0,
					 0,  3, 17, 0, 0, 1, 0,	   0,	 0x12, 0x35 };

	udp6_with(hbh, sizeof(hbh), 0);
	udp6_with(dst, sizeof(dst), 60);
	udp6_with(rt0, sizeof(rt0), 43);
	udp6_with(frag_first, sizeof(frag_first), 44);
	udp6_with(chain, sizeof(chain), 0);
	/* A later fragment: offset 16 (128 bytes), last. */
	ipv6_raw(44, (const uint8_t[]){ 17, 0, 0, 128, 0, 0, 0x12, 0x34 }, 8, 24, 900);
}

static int write_ip6(const char *dir)
{
	if (open_file(dir, "ip6.pcap", 1700007200))
		return -1;
	icmp6_nd(1);
	icmp6_nd(0);
	icmp6_echo(1, 1);
	icmp6_echo(0, 1);
	ipv6_extensions();
	return close_file();
}

/* --- fragments and truncation ----------------------------------------- */

static void ip4_fragment(uint16_t frag, size_t payload, int with_udp)
{
	struct ip4 h = {
		.src = 0x0a010001, .dst = 0x0a010002, .proto = 17, .id = 0x5555, .frag = frag
	};
	struct frame f;

	eth(&f, mac_b, mac_a, 0x0800);
	ipv4(&f, &h);
	if (with_udp) {
		put16(&f, 40020);
		put16(&f, 40021);
		put16(&f, 8 + 2000);
		put16(&f, 0);
		payload -= 8;
	}
	for (size_t i = 0; i < payload; i++)
		put8(&f, i);
	finish_ipv4(&f);
	pad(&f);
	emit(&f, 0, 50);
}

/* The same frames as elsewhere, cut short as a snap length would. */
static void truncated(void)
{
	struct frame f;
	struct tcp_seg syn = { 43300, 5001, 1, 0, SYN, 1000, 0, syn_opts, 20, 0 };
	struct tcp_seg data = { 43301, 5001, 1, 1, PSH | ACK, 1000, 0, ts_opts, 12, 50 };

	ip4_hdr(&f, 1, 6);
	tcp(&f, &syn);
	emit(&f, 14 + 20 + 10, 100); /* inside the TCP header */
	emit(&f, 14 + 20 + 26, 100); /* inside the options */
	emit(&f, 14 + 10, 100); /* inside the IPv4 header */
	ip4_hdr(&f, 1, 6);
	tcp(&f, &data);
	emit(&f, 14 + 20 + 32 + 5, 100); /* inside the data */
	ip6_hdr(&f, 1, 6);
	tcp(&f, &syn);
	emit(&f, 14 + 40 + 12, 100);
	emit(&f, 14 + 30, 100); /* inside the IPv6 header */
	ip4_hdr(&f, 1, 17);
	udp(&f, 40030, 40031, 64);
	emit(&f, 14 + 20 + 4, 100);
	emit(&f, 14 + 20 + 8 + 10, 100);
	ip4_hdr(&f, 1, 1);
	icmp_echo(&f, 8, 1, 1, 56);
	emit(&f, 14 + 20 + 2, 100);
	emit(&f, 14 + 20 + 6, 100);
	arp(1, mac_a, 0x0a010001, NULL, 0x0a010002);
	f.len = 0;
	eth(&f, mac_b, mac_a, 0x8100);
	vlan(&f, 0x0007, 0x0800);
	emit(&f, 16, 100); /* inside the 802.1Q tag */
}

static int write_frag_trunc(const char *dir)
{
	if (open_file(dir, "frag_trunc.pcap", 1700010800))
		return -1;
	ip4_fragment(0x2000, 1480, 1); /* first: more fragments */
	ip4_fragment(0x2000 | 185, 400, 0); /* middle */
	ip4_fragment(185 + 50, 128, 0); /* last */
	truncated();
	return close_file();
}

/* --- less common shapes ----------------------------------------------- */

/* IPv4 with a router alert option (RFC 2113) and ECN bits, DF and MF. */
static void ipv4_options_ecn(void)
{
	struct ip4 h = { .src = 0x0a010001,
			 .dst = 0x0a010002,
			 .proto = 17,
			 .id = 0x6666,
			 .tos = 0x02,
			 .frag = 0x6000 };
	struct frame f;

	eth(&f, mac_b, mac_a, 0x0800);
	ipv4(&f, &h);
	f.b[f.l3] = 0x46;
	put(&f, (const uint8_t[]){ 0x94, 4, 0, 0 }, 4);
	f.l4 = f.len;
	udp(&f, 40040, 40041, 16);
	finish_ipv4(&f);
	f.b[f.l3 + 11] ^= 0x5a; /* a wrong header checksum, which -v reports */
	emit(&f, 0, 100);
}

/* ICMP timestamp (RFC 792): originate, receive, transmit times. */
static void icmp_timestamp(uint8_t type)
{
	struct ip4 h = { .src = 0x0a010002, .dst = 0x0a010001, .proto = 1, .id = 0x7777 };
	struct frame f;
	size_t start;

	eth(&f, mac_a, mac_b, 0x0800);
	ipv4(&f, &h);
	start = f.len;
	put8(&f, type);
	put8(&f, 0);
	put16(&f, 0);
	put16(&f, 0x55);
	put16(&f, 3);
	put32(&f, 1000);
	put32(&f, type == 14 ? 1001 : 0);
	put32(&f, type == 14 ? 1002 : 0);
	finish_ipv4(&f);
	set16(&f, start + 2, fold(sum_bytes(f.b + start, f.len - start, 0)));
	emit(&f, 0, 100);
}

/* An ICMPv6 message of 8 bytes, or an error quoting a UDP datagram. */
static void icmp6_other(uint8_t type, uint8_t code, bool quote)
{
	struct frame f, q;

	eth(&f, mac_a, mac_b, 0x86dd);
	ipv6(&f, "2001:db8::2", "2001:db8::1", 58, 0);
	put8(&f, type);
	put8(&f, code);
	put16(&f, 0);
	put32(&f, 0);
	if (quote) {
		eth(&q, mac_b, mac_a, 0x86dd);
		ipv6(&q, "2001:db8::1", "2001:db8::2", 17, 0);
		udp(&q, 40060, 40061, 8);
		put(&f, q.b + q.l3, q.len - q.l3);
	}
	icmp6_checksum(&f);
	emit(&f, 0, 100);
}

/* 802.1ad outer tag, 802.1Q inner tag, with the DEI bit. */
static void qinq(void)
{
	struct ip4 h = { .src = 0x0a010001, .dst = 0x0a010002, .proto = 17, .id = 0x8888 };
	struct frame f;

	eth(&f, mac_b, mac_a, 0x88a8);
	vlan(&f, 0x1064, 0x8100);
	vlan(&f, 0xa00c, 0x0800);
	ipv4(&f, &h);
	udp(&f, 40050, 40051, 4);
	pad(&f);
	emit(&f, 0, 100);
}

static void tcp_more(void)
{
	/* Client-side SACK, relative to the server's numbers. */
	static const uint8_t client_sack[] = { 1, 1, 5, 10, 0, 0, 0x03, 0xe8, 0, 0, 0x07, 0xd0 };
	static const uint8_t short_opt[] = { 1, 1, 77, 2 };
	struct tcp_seg s = { 40500, 5006, 1000, 0, SYN, 512, 0, NULL, 0, 0 };
	struct frame f;

	segment(ip4_hdr, 1, s);
	segment(ip4_hdr, 0,
		(struct tcp_seg){ 40500, 5006, 900, 1001, SYN | ACK, 512, 0, NULL, 0, 0 });
	segment(ip4_hdr, 1,
		(struct tcp_seg){ 40500, 5006, 1001, 901, ACK, 512, 0, client_sack, 12, 0 });
	segment(ip4_hdr, 1,
		(struct tcp_seg){ 40500, 5006, 1001, 901, ACK, 512, 0, short_opt, 4, 0 });
	/* A wrong checksum, which -v reports. */
	ip4_hdr(&f, 1, 6);
	tcp(&f, &(struct tcp_seg){ 40501, 5007, 77, 0, SYN, 512, 0, NULL, 0, 0 });
	f.b[f.l4 + 16] ^= 0xff;
	emit(&f, 0, 100);
	/* Cut before the destination port. */
	ip4_hdr(&f, 1, 6);
	tcp(&f, &s);
	emit(&f, 14 + 20 + 3, 100);
}

/* MLDv2 report (RFC 3810) behind a hop-by-hop router alert, as hosts send
 * them when they join a group. */
static void mldv2_report(void)
{
	static const uint8_t hbh[] = { 58, 0, 5, 2, 0, 0, 1, 0 };
	struct frame f;
	struct in6_addr group, source;

	eth(&f, (const uint8_t[]){ 0x33, 0x33, 0, 0, 0, 0x16 }, mac_a, 0x86dd);
	ipv6(&f, "fe80::1", "ff02::16", 0, 0);
	f.b[f.l3 + 7] = 1;
	put(&f, hbh, sizeof(hbh));
	f.l4 = f.len;
	put8(&f, 143);
	put8(&f, 0);
	put16(&f, 0);
	put16(&f, 0);
	put16(&f, 2);
	inet_pton(AF_INET6, "ff02::1:ff00:1", &group);
	put(&f, (const uint8_t[]){ 4, 0, 0, 0 }, 4); /* to_ex, no sources */
	put(&f, &group, 16);
	inet_pton(AF_INET6, "ff05::2", &group);
	inet_pton(AF_INET6, "2001:db8::9", &source);
	put(&f, (const uint8_t[]){ 1, 0, 0, 1 }, 4); /* is_in, one source */
	put(&f, &group, 16);
	put(&f, &source, 16);
	finish_ipv6(&f);
	l4_checksum(&f, 58, 2);
	emit(&f, 0, 100);
}

/* ICMPv6 errors quoting the start of a TCP segment. */
static void icmp6_errors(void)
{
	static const uint8_t kinds[][2] = { { 2, 0 }, { 3, 0 }, { 3, 1 }, { 4, 1 },
					    { 1, 0 }, { 1, 3 }, { 1, 2 } };

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct frame f, q;

		eth(&f, mac_a, mac_b, 0x86dd);
		ipv6(&f, "2001:db8::2", "2001:db8::1", 58, 0);
		put8(&f, kinds[i][0]);
		put8(&f, kinds[i][1]);
		put16(&f, 0);
		put32(&f, kinds[i][0] == 2 ? 1280 : kinds[i][0] == 4 ? 40 : 0);
		ip6_hdr(&q, 1, 6);
		tcp(&q, &(struct tcp_seg){ 40600, 5008, 1, 0, SYN, 512, 0, NULL, 0, 0 });
		put(&f, q.b + q.l3, q.len - q.l3);
		icmp6_checksum(&f);
		emit(&f, 0, 100);
	}
}

/* A UDP length larger than the datagram, and a zero (absent) checksum. */
static void udp_odd_fields(void)
{
	struct frame f;

	ip4_hdr(&f, 1, 17);
	udp(&f, 40080, 40081, 10);
	set16(&f, f.l4 + 4, 200);
	set16(&f, f.l4 + 6, 0);
	emit(&f, 0, 100);
	ip4_hdr(&f, 1, 17);
	udp(&f, 40082, 40083, 10);
	set16(&f, f.l4 + 6, 0);
	emit(&f, 0, 100);
}

/* Option kinds beyond the everyday ones, and malformed options. */
static void tcp_option_zoo(void)
{
	static const uint8_t md5[] = { 19, 18, 1,  2,  3,  4,  5,  6,  7, 8,
				       9,  10, 11, 12, 13, 14, 15, 16, 1, 1 };
	static const uint8_t uto_tfo[] = { 28, 4, 0x80, 0x0b, 34, 2, 1, 1 };
	static const uint8_t exp_tfo[] = { 254, 8, 0xf9, 0x89, 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t ao_echo[] = {
		29, 6, 7, 8, 0xaa, 0xbb, 6, 6, 0, 0, 0, 42, 0, 0, 0, 0
	};
	static const uint8_t long_mss[] = { 2, 6, 0x05, 0xb4, 0, 0, 1, 0 };
	static const uint8_t bad_len[] = { 1, 3, 1, 0 };
	static const uint8_t cut_ts[] = { 1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 0 };
	static const struct {
		const uint8_t *opts;
		size_t len;
	} sets[] = { { md5, sizeof(md5) },	     { uto_tfo, sizeof(uto_tfo) },
		     { exp_tfo, sizeof(exp_tfo) },   { ao_echo, sizeof(ao_echo) },
		     { long_mss, sizeof(long_mss) }, { bad_len, sizeof(bad_len) } };
	struct frame f;

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		segment(ip4_hdr, 1,
			(struct tcp_seg){ 40700, 5009, 5, 0, SYN, 512, 0, sets[i].opts,
					  sets[i].len, 0 });
	/* Cut inside the timestamp's values. */
	ip4_hdr(&f, 1, 6);
	tcp(&f, &(struct tcp_seg){ 40701, 5009, 5, 0, SYN, 512, 0, cut_ts, sizeof(cut_ts), 0 });
	emit(&f, 14 + 20 + 20 + 6, 100);
}

/* ARP beyond who-has and is-at (RFC 903 RARP, RFC 2390 InARP), a request
 * that names the target's hardware address, another protocol. */
static void arp_kinds(void)
{
	static const uint16_t ops[] = { 3, 4, 8, 9, 10 };
	struct frame f;

	arp(1, mac_a, 0x0a010001, mac_b, 0x0a010002);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		arp(ops[i], mac_a, 0x0a010001, mac_b, 0x0a010002);
	eth(&f, mac_bcast, mac_a, 0x0806);
	put(&f, (const uint8_t[]){ 0, 6, 0x86, 0xdd, 6, 16, 0, 1 }, 8);
	for (int i = 0; i < 44; i++)
		put8(&f, i);
	emit(&f, 0, 100);
}

/* IGMP message (RFC 2236, RFC 3376) from host 1, checksummed. */
static void igmp(const uint8_t *msg, size_t len, uint32_t dst)
{
	struct ip4 h = { .src = 0x0a010001, .dst = dst, .proto = 2, .id = 0x9999, .ttl = 1 };
	struct frame f;

	eth(&f, (const uint8_t[]){ 0x01, 0, 0x5e, 0, 0, 0x16 }, mac_a, 0x0800);
	ipv4(&f, &h);
	put(&f, msg, len);
	set16(&f, f.l4 + 2, fold(sum_bytes(f.b + f.l4, len, 0)));
	finish_ipv4(&f);
	pad(&f);
	emit(&f, 0, 100);
}

static void igmp_messages(void)
{
	static const uint8_t v2_report[] = { 0x16, 0, 0, 0, 239, 1, 2, 3 };
	static const uint8_t leave[] = { 0x17, 0, 0, 0, 239, 1, 2, 3 };
	static const uint8_t v1_query[] = { 0x11, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t v2_query[] = { 0x11, 50, 0, 0, 239, 1, 2, 3 };
	static const uint8_t v3_query[] = { 0x11, 0x8a, 0,  0, 239, 1, 2,  3, 2, 125,
					    0,	  2,	10, 1, 0,   7, 10, 1, 0, 8 };
	static const uint8_t v3_report[] = { 0x22, 0,	0,  0, 0, 0, 0,	 2, 4, 0,   0,
					     0,	   239, 1,  2, 3, 1, 0,	 0, 2, 239, 4,
					     5,	   6,	10, 1, 0, 7, 10, 1, 0, 8 };

	igmp(v2_report, sizeof(v2_report), 0xef010203);
	igmp(leave, sizeof(leave), 0xe0000002);
	igmp(v1_query, sizeof(v1_query), 0xe0000001);
	igmp(v2_query, sizeof(v2_query), 0xef010203);
	igmp(v3_query, sizeof(v3_query), 0xef010203);
	igmp(v3_report, sizeof(v3_report), 0xe0000016);
}

/* MLD (RFC 2710) queries and reports, and an MLDv2 query (RFC 3810). */
static void mld_messages(void)
{
	static const uint8_t types[] = { 130, 131, 132, 130 };

	for (size_t i = 0; i < sizeof(types); i++) {
		struct frame f;
		struct in6_addr group;

		eth(&f, (const uint8_t[]){ 0x33, 0x33, 0, 0, 0, 1 }, mac_a, 0x86dd);
		ipv6(&f, "fe80::1", "ff02::1", 58, 0);
		put8(&f, types[i]);
		put8(&f, 0);
		put16(&f, 0);
		put16(&f, i == 3 ? 0x8123 : 1000);
		put16(&f, 0);
		inet_pton(AF_INET6, i ? "ff05::1:3" : "::", &group);
		put(&f, &group, 16);
		if (i == 3) {
			inet_pton(AF_INET6, "2001:db8::7", &group);
			put(&f, (const uint8_t[]){ 0x0a, 125, 0, 1 }, 4);
			put(&f, &group, 16);
		}
		icmp6_checksum(&f);
		emit(&f, 0, 100);
	}
}

/* IPv4 in IPv4 (RFC 2003), IPv6 in IPv4 (RFC 4213), ICMP where it does
 * not belong. */
static void tunnels(void)
{
	struct ip4 outer = { .src = 0x0a020001, .dst = 0x0a020002, .proto = 4, .id = 0xaaaa };
	struct ip4 inner = { .src = 0x0a010001, .dst = 0x0a010002, .proto = 17, .id = 0xbbbb };
	struct frame f;

	eth(&f, mac_b, mac_a, 0x0800);
	ipv4(&f, &outer);
	ipv4(&f, &inner);
	udp(&f, 40090, 40091, 6);
	f.l3 = 14;
	finish_ipv4(&f);
	emit(&f, 0, 100);
	outer.proto = 41;
	eth(&f, mac_b, mac_a, 0x0800);
	ipv4(&f, &outer);
	ipv6(&f, "2001:db8::1", "2001:db8::2", 17, 0);
	udp(&f, 40092, 40093, 6);
	f.l3 = 14;
	finish_ipv4(&f);
	emit(&f, 0, 100);
	ipv6_raw(1, (const uint8_t[]){ 8, 0, 0, 0, 0, 1, 0, 1 }, 8, 0, 100);
}

static void udp_cut_before_ports(void)
{
	struct frame f;

	ip4_hdr(&f, 1, 17);
	udp(&f, 40070, 40071, 8);
	emit(&f, 14 + 20 + 3, 100);
}

static int write_extra(const char *dir)
{
	if (open_file(dir, "extra.pcap", 1700014400))
		return -1;
	ipv4_options_ecn();
	icmp_error(11, 0, 0x0a090009); /* time exceeded in transit */
	icmp_error(11, 1, 0x0a090009); /* reassembly time exceeded */
	icmp_error(3, 2, 0x0a010002); /* protocol unreachable */
	icmp_error(3, 0, 0x0a090009); /* net unreachable */
	icmp_error(3, 4, 0x0a090009); /* fragmentation needed */
	icmp_error(5, 1, 0x0a090009); /* redirect */
	icmp_timestamp(13);
	icmp_timestamp(14);
	icmp6_other(133, 0, false); /* router solicitation */
	icmp6_other(1, 4, true); /* port unreachable */
	icmp6_other(1, 4, false); /* the same, cut after 8 bytes */
	qinq();
	tcp_more();
	ipv6_raw(59, NULL, 0, 8, 100); /* no next header (RFC 8200 4.7) */
	mldv2_report();
	icmp6_errors();
	icmp6_nd(1);
	icmp6_echo(1, 7);
	icmp6_other(250, 0, false); /* a type nobody defined */
	udp_cut_before_ports();
	udp_odd_fields();
	tcp_option_zoo();
	arp_kinds();
	igmp_messages();
	mld_messages();
	tunnels();
	return close_file();
}

/* Frames shorter than an Ethernet header, and one that is only a header.
 * xdpdump -r does not run such frames (the kernel's test run refuses
 * them), so only the unit test reads this file. */
static int write_short(const char *dir)
{
	struct frame f;

	if (open_file(dir, "short.pcap", 1700018000))
		return -1;
	eth(&f, mac_b, mac_a, 0x0c0d);
	emit(&f, 10, 100);
	emit(&f, 1, 100);
	emit(&f, 0, 100);
	return close_file();
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_golden DIR\n");
		return 2;
	}
	if (write_tcp(argv[1]) || write_misc(argv[1]) || write_ip6(argv[1]) ||
	    write_frag_trunc(argv[1]) || write_extra(argv[1]) || write_short(argv[1]))
		return 1;
	return 0;
}
