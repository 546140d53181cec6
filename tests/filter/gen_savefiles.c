// SPDX-License-Identifier: GPL-2.0
/*
 * gen_savefiles — capture files for the -r tests, with every case a reader
 * of other people's captures meets:
 *
 *   gen_savefiles DIR [PACKETS]
 *
 * For each link type (Ethernet, Linux cooked v1 and v2, raw IP, raw IPv4,
 * raw IPv6, BSD null and loop) DIR/NAME.pcap and DIR/NAME.pcapng hold the
 * same records: a deterministic mix of TCP, UDP, ICMP, ICMPv6, IGMP, IP
 * fragments, broadcast and multicast, ARP and 802.1Q where the link type
 * carries them, then the odd records: runts (0 to 13 bytes), a captured
 * length above the length, records cut short (captured < length), frames
 * over 64 KiB. Damaged files: DIR/trunc.pcap and DIR/trunc.pcapng end in a
 * record cut in the middle, DIR/corrupt.pcapng has a block with a bad
 * length in the middle. PACKETS (default 400) is the size of the mix.
 *
 *   gen_savefiles -p DIR [PACKETS]
 *
 * writes the same files with only what the packet printer decodes (no
 * application protocols on well-known ports, no SCTP, no GRE), for the
 * print differential.
 *
 *   gen_savefiles -1 FILE PACKETS
 *
 * writes only the Ethernet pcap mix, as FILE (for the benchmark).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAME (100 * 1024 + 64)
#define SNAPLEN 262144

enum link {
	LINK_ETHER = 1,
	LINK_NULL = 0,
	LINK_RAW = 101,
	LINK_LOOP = 108,
	LINK_SLL = 113,
	LINK_IPV4 = 228,
	LINK_IPV6 = 229,
	LINK_SLL2 = 276,
};

static const struct {
	const char *name;
	enum link link;
} links[] = {
	{ "ether", LINK_ETHER }, { "sll", LINK_SLL },	{ "sll2", LINK_SLL2 },
	{ "raw", LINK_RAW },	 { "ipv4", LINK_IPV4 }, { "ipv6", LINK_IPV6 },
	{ "null", LINK_NULL },	 { "loop", LINK_LOOP },
};

struct rec {
	uint8_t *data;
	uint32_t caplen, len;
};

struct sink {
	FILE *f;
	int pcapng;
	uint64_t n;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (uint32_t)(rng_state % n) : 0;
}

static void die(const char *what)
{
	fprintf(stderr, "gen_savefiles: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, (uint16_t)v);
}

static uint16_t csum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* ---- network layer ------------------------------------------------------ */

static const uint8_t hosts4[][4] = {
	{ 10, 0, 0, 1 },   { 10, 0, 0, 2 },	   { 192, 168, 1, 7 }, { 172, 16, 3, 4 },
	{ 8, 8, 8, 8 },	   { 255, 255, 255, 255 }, { 224, 0, 0, 1 },   { 0, 0, 0, 0 },
	{ 10, 0, 0, 255 }, { 127, 0, 0, 1 },
};

static const uint16_t ports[] = { 22, 53, 80, 443, 5001, 8080, 123, 67, 68, 1024, 40000, 65535 };
/* Ports and protocols the packet printer decodes as tcpdump does: no
 * application protocol on a well-known port, no SCTP or GRE. */
static const uint16_t quiet_ports[] = { 5001, 40000, 1025, 65535, 33333, 7777,
					5002, 40001, 1026, 65534, 33334, 7778 };
static int print_safe;

static uint32_t transport(uint8_t *p, uint8_t proto, uint32_t room)
{
	uint32_t pay = rnd(4) ? rnd(120) : rnd(1400);
	uint32_t h;

	if (proto == 6) {
		h = 20 + 4 * rnd(3);
		put16(p, (print_safe ? quiet_ports : ports)[rnd(12)]);
		put16(p + 2, (print_safe ? quiet_ports : ports)[rnd(12)]);
		put32(p + 4, rnd(0xffffffffu));
		put32(p + 8, rnd(0xffffffffu));
		p[12] = (uint8_t)((h / 4) << 4);
		p[13] = (uint8_t)(rnd(4) ? (1u << rnd(6)) | (rnd(2) ? 0x10u : 0u) : rnd(256));
		put16(p + 14, 1024 + rnd(60000));
		for (uint32_t i = 20; i < h; i++)
			p[i] = 1; /* NOP options */
	} else if (proto == 17) {
		h = 8;
		put16(p, (print_safe ? quiet_ports : ports)[rnd(12)]);
		put16(p + 2, (print_safe ? quiet_ports : ports)[rnd(12)]);
	} else if (proto == 1 || proto == 58) {
		h = 8;
		p[0] = (uint8_t)(rnd(2) || print_safe ?
					 (proto == 1 ? 8 : 128) + rnd(2) * (proto == 1 ? -8 : 1) :
					 rnd(256));
		p[1] = (uint8_t)rnd(3);
	} else {
		h = 8;
		p[0] = 0x11; /* IGMP query */
	}
	if (h + pay > room)
		pay = room - h;
	for (uint32_t i = 0; i < pay; i++)
		p[h + i] = (uint8_t)rnd(256);
	if (proto == 17)
		put16(p + 4, (uint16_t)(h + pay));
	return h + pay;
}

static const uint8_t protos4[] = { 6, 17, 1, 2, 6, 17, 47, 132 };

static uint32_t ipv4(uint8_t *p, uint32_t room)
{
	uint8_t proto = protos4[rnd(print_safe ? 4 : 8)];
	uint32_t ihl = rnd(8) ? 20 : 24, n;

	memset(p, 0, ihl);
	p[0] = (uint8_t)(0x40 | ihl / 4);
	p[1] = (uint8_t)rnd(256);
	put16(p + 4, (uint16_t)rnd(65536));
	if (!rnd(6))
		put16(p + 6, (uint16_t)(rnd(2) ? 0x2000 | rnd(100) : rnd(200)));
	else if (rnd(2))
		put16(p + 6, 0x4000);
	p[8] = (uint8_t)(1 + rnd(255));
	p[9] = proto;
	memcpy(p + 12, hosts4[rnd(10)], 4);
	memcpy(p + 16, hosts4[rnd(10)], 4);
	if (ihl == 24)
		p[20] = 1, p[21] = 1, p[22] = 1, p[23] = 0;
	n = ihl + transport(p + ihl, proto, room - ihl);
	put16(p + 2, (uint16_t)n);
	put16(p + 10, csum(p, ihl, 0));
	return n;
}

static uint32_t ipv6(uint8_t *p, uint32_t room)
{
	static const uint8_t nexts[] = { 6, 17, 58, 0, 44, 6, 17, 58 };
	uint8_t next = nexts[rnd(8)];
	uint32_t off = 40, n;

	memset(p, 0, 40);
	p[0] = 0x60;
	p[1] = (uint8_t)rnd(256);
	p[6] = next;
	p[7] = 64;
	p[8] = 0xfe, p[9] = 0x80, p[23] = (uint8_t)(1 + rnd(4));
	if (rnd(3))
		p[24] = 0xfe, p[25] = 0x80, p[39] = (uint8_t)(1 + rnd(4));
	else
		p[24] = 0xff, p[25] = 0x02, p[39] = 1;
	if (next == 0 || next == 44) { /* hop-by-hop or fragment header */
		memset(p + off, 0, 8);
		p[off] = rnd(2) ? 6 : 17;
		if (next == 44)
			put16(p + off + 2, (uint16_t)(rnd(2) ? 1 : 0x100));
		next = p[off];
		off += 8;
	}
	n = off + transport(p + off, next, room - off);
	put16(p + 4, (uint16_t)(n - 40));
	return n;
}

static uint32_t arp(uint8_t *p)
{
	put16(p, 1);
	put16(p + 2, 0x0800);
	p[4] = 6, p[5] = 4;
	put16(p + 6, (uint16_t)(1 + rnd(2)));
	for (int i = 8; i < 28; i++)
		p[i] = (uint8_t)rnd(256);
	memcpy(p + 14, hosts4[rnd(10)], 4);
	memcpy(p + 24, hosts4[rnd(10)], 4);
	return 28;
}

/* ---- link layer --------------------------------------------------------- */

enum net { NET_V4, NET_V6, NET_ARP };

static enum net pick_net(enum link link)
{
	uint32_t r = rnd(10);

	if (link == LINK_IPV4)
		return NET_V4;
	if (link == LINK_IPV6)
		return NET_V6;
	if (r == 0 && (link == LINK_ETHER || link == LINK_SLL || link == LINK_SLL2))
		return NET_ARP;
	return r < 6 ? NET_V4 : NET_V6;
}

static uint32_t af_of(enum net net)
{
	static const uint32_t af6[] = { 24, 28, 30, 10 };

	return net == NET_V4 ? 2 : af6[rnd(4)];
}

static uint16_t ethertype_of(enum net net)
{
	return net == NET_V4 ? 0x0800 : net == NET_V6 ? 0x86dd : 0x0806;
}

static void random_mac(uint8_t *m)
{
	static const uint8_t macs[][6] = {
		{ 2, 0, 0, 0, 0, 1 },
		{ 2, 0, 0, 0, 0, 2 },
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		{ 1, 0, 0x5e, 0, 0, 1 },
		{ 0x33, 0x33, 0, 0, 0, 1 },
	};

	memcpy(m, macs[rnd(5)], 6);
}

static uint32_t link_header(uint8_t *p, enum link link, enum net net)
{
	uint16_t type = ethertype_of(net);
	uint32_t af = af_of(net);

	switch (link) {
	case LINK_ETHER:
		random_mac(p);
		random_mac(p + 6);
		if (!rnd(8)) {
			put16(p + 12, 0x8100);
			put16(p + 14, (uint16_t)(rnd(8) << 13 | rnd(4096)));
			put16(p + 16, type);
			return 18;
		}
		put16(p + 12, type);
		return 14;
	case LINK_SLL:
		put16(p, (uint16_t)rnd(5)); /* packet type: host .. outgoing */
		put16(p + 2, 1);
		put16(p + 4, 6);
		random_mac(p + 6);
		p[12] = p[13] = 0;
		put16(p + 14, type);
		return 16;
	case LINK_SLL2:
		put16(p, type);
		put16(p + 2, 0);
		put32(p + 4, 1 + rnd(3));
		put16(p + 8, 1);
		p[10] = (uint8_t)rnd(5);
		p[11] = 6;
		random_mac(p + 12);
		p[18] = p[19] = 0;
		return 20;
	case LINK_NULL:
		/* host byte order, as the writer's: this generator's */
		memcpy(p, &af, 4);
		return 4;
	case LINK_LOOP:
		put32(p, af);
		return 4;
	default:
		return 0;
	}
}

static uint32_t frame(uint8_t *p, enum link link, uint32_t room)
{
	enum net net = pick_net(link);
	uint32_t h = link_header(p, link, net);

	if (net == NET_ARP)
		return h + arp(p + h);
	return h + (net == NET_V4 ? ipv4(p + h, room - h) : ipv6(p + h, room - h));
}

/* ---- writers ------------------------------------------------------------- */

static void out(struct sink *s, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, s->f) != n)
		die("write");
}

static void out32(struct sink *s, uint32_t v)
{
	out(s, &v, 4);
}

static void begin(struct sink *s, enum link link)
{
	if (!s->pcapng) {
		out32(s, 0xa1b2c3d4);
		out32(s, 2 | 4u << 16);
		out32(s, 0);
		out32(s, 0);
		out32(s, SNAPLEN);
		out32(s, link);
		return;
	}
	out32(s, 0x0a0d0d0a);
	out32(s, 28);
	out32(s, 0x1a2b3c4d);
	out32(s, 1);
	out32(s, 0xffffffff);
	out32(s, 0xffffffff);
	out32(s, 28);
	out32(s, 1); /* IDB */
	out32(s, 20);
	out32(s, link);
	out32(s, SNAPLEN);
	out32(s, 20);
}

/* cut: write only this many bytes of the record (a damaged file). */
static void record(struct sink *s, const struct rec *r, size_t cut)
{
	uint64_t us = 1700000000ull * 1000000 + s->n++ * 1000 + rnd(1000);
	uint8_t buf[MAX_FRAME + 64];
	uint32_t pad = (4 - r->caplen % 4) % 4;
	size_t n = 0;

	if (!s->pcapng) {
		uint32_t h[4] = { (uint32_t)(us / 1000000), (uint32_t)(us % 1000000), r->caplen,
				  r->len };

		memcpy(buf, h, 16);
		memcpy(buf + 16, r->data, r->caplen);
		n = 16 + r->caplen;
	} else {
		uint32_t total = 32 + r->caplen + pad;
		uint32_t h[7] = { 6,	     total, 0, (uint32_t)(us >> 32), (uint32_t)us,
				  r->caplen, r->len };

		memcpy(buf, h, 28);
		memcpy(buf + 28, r->data, r->caplen);
		memset(buf + 28 + r->caplen, 0, pad);
		memcpy(buf + 28 + r->caplen + pad, &total, 4);
		n = total;
	}
	out(s, buf, cut && cut < n ? cut : n);
}

/* ---- the files ------------------------------------------------------------ */

static uint8_t frame_buf[MAX_FRAME];

static void odd_records(struct sink *s, enum link link)
{
	static const uint32_t runts[] = { 0, 1, 3, 4, 13 };
	struct rec r = { frame_buf, 0, 0 };
	uint32_t n;

	for (size_t i = 0; i < sizeof(runts) / sizeof(runts[0]); i++) {
		n = frame(frame_buf, link, 1500);
		r.caplen = runts[i];
		r.len = i % 2 ? runts[i] : n;
		record(s, &r, 0);
	}
	for (int i = 0; i < 6; i++) { /* captured length above the length */
		n = frame(frame_buf, link, 200);
		r.caplen = n;
		r.len = n > 20 ? n - 1 - rnd(20) : 0;
		record(s, &r, 0);
	}
	for (int i = 0; i < 20; i++) { /* cut short, as by a snap length */
		n = frame(frame_buf, link, 1500);
		r.len = n;
		r.caplen = n < 34 ? n : 14 + rnd(n - 14);
		record(s, &r, 0);
	}
	/* Frames over 64 KiB: whole, and cut. */
	static const uint32_t bigs[] = { 65536, 65550, 70000, 80116, 100000 };
	for (size_t i = 0; i < sizeof(bigs) / sizeof(bigs[0]); i++) {
		uint32_t h = frame(frame_buf, link, 1500);

		for (uint32_t j = h; j < bigs[i]; j++)
			frame_buf[j] = (uint8_t)j;
		r.len = bigs[i];
		r.caplen = i == 2 ? 1000 : bigs[i];
		record(s, &r, 0);
	}
}

static void write_stream(FILE *f, enum link link, int pcapng, unsigned int packets, uint64_t seed)
{
	struct sink s = { f, pcapng, 0 };
	struct rec r = { frame_buf, 0, 0 };

	rng_state = seed;
	begin(&s, link);
	for (unsigned int i = 0; i < packets; i++) {
		r.len = r.caplen = frame(frame_buf, link, 1500);
		record(&s, &r, 0);
		if (i == packets / 2)
			odd_records(&s, link);
	}
}

static void write_file(const char *dir, const char *name, enum link link, int pcapng,
		       unsigned int packets, uint64_t seed)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, pcapng ? "pcapng" : "pcap");
	f = fopen(path, "wb");
	if (!f)
		die(path);
	write_stream(f, link, pcapng, packets, seed);
	if (fclose(f))
		die(path);
}

/* Ethernet records, then one cut in the middle (trunc) or a block whose
 * length is wrong (corrupt), then more records that must not be read. */
static void write_damaged(const char *dir, const char *name, int pcapng, int corrupt)
{
	char path[4096];
	struct sink s = { NULL, pcapng, 0 };
	struct rec r = { frame_buf, 0, 0 };

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, pcapng ? "pcapng" : "pcap");
	s.f = fopen(path, "wb");
	if (!s.f)
		die(path);
	rng_state = 42;
	begin(&s, LINK_ETHER);
	for (int i = 0; i < 50; i++) {
		r.len = r.caplen = frame(frame_buf, LINK_ETHER, 1500);
		record(&s, &r, 0);
	}
	r.len = r.caplen = frame(frame_buf, LINK_ETHER, 1500);
	if (!corrupt) {
		record(&s, &r, 16 + r.caplen / 2);
	} else {
		uint32_t h[2] = { 6, 13 }; /* a block length no block can have */

		out(&s, h, 8);
		for (int i = 0; i < 5; i++)
			record(&s, &r, 0);
	}
	if (fclose(s.f))
		die(path);
}

int main(int argc, char **argv)
{
	unsigned int packets;

	if (argc == 4 && !strcmp(argv[1], "-1")) {
		FILE *f;

		packets = (unsigned int)strtoul(argv[3], NULL, 0);
		f = fopen(argv[2], "wb");
		if (!f)
			die(argv[2]);
		write_stream(f, LINK_ETHER, 0, packets, 0x1234567ull);
		if (fclose(f))
			die(argv[2]);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "-p")) {
		print_safe = 1;
		argv++;
		argc--;
	}
	packets = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 0) : 400;
	if (argc < 2) {
		fprintf(stderr, "usage: gen_savefiles [-p] DIR [PACKETS]\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		for (int ng = 0; ng < 2; ng++)
			write_file(argv[1], links[i].name, links[i].link, ng, packets,
				   0x1234567ull + i);
	write_damaged(argv[1], "trunc", 0, 0);
	write_damaged(argv[1], "trunc", 1, 0);
	write_damaged(argv[1], "corrupt", 1, 1);
	return 0;
}
