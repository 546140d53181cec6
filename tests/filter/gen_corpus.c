// SPDX-License-Identifier: GPL-2.0
/*
 * gen_corpus — write the packet corpus of the filter differential test.
 *
 *   gen_corpus [-l] OUT.pcap [COUNT [SEED]]
 *
 * COUNT packets (default 6000) of DLT_EN10MB in a pcap file, the same
 * bytes for the same COUNT and SEED on every machine: the generator draws
 * from its own PRNG, never from the clock or the C library. Every packet is
 * written with caplen == len, because an XDP test run sees only the bytes
 * it is given. With -l it lists the frames on stdout: number, kind, length,
 * and "cut FULL" for those cut short (tshark calls those malformed).
 *
 * The mix is random over a fixed menu (Ethernet II, 802.1Q, QinQ, ARP,
 * RARP, IPv4 with options and fragments, IPv6 with extension header chains,
 * TCP, UDP, ICMP, ICMPv6 and neighbour discovery, SCTP, GRE, IP-in-IP,
 * VXLAN, Geneve, MPLS, PPPoE, LLDP, STP, IGMP, frames over 4 KiB, frames cut
 * short mid-header) with addresses and ports from small sets, so that host,
 * net and port expressions match some packets and not others. Some values
 * are swept instead of drawn, so that each one appears for sure: the TCP
 * flag byte cycles through all 256 values, the IPv4 header length through
 * 5..15, the big frame sizes through a list.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#define PKT_MAX 9216
#define MAX_FIX 32
#define DEFAULT_COUNT 6000
#define DEFAULT_SEED 0x5eed0f11e7ULL

/* ---- deterministic randomness ------------------------------------------- */

static uint64_t rng_state;

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rng_next() % n) : 0;
}

/* true with probability pct percent */
static bool chance(unsigned int pct)
{
	return rnd(100) < pct;
}

static uint32_t rnd_between(uint32_t lo, uint32_t hi)
{
	return lo + rnd(hi - lo + 1);
}

/* ---- the packet buffer and its deferred length/checksum fixes ------------ */

enum fix_kind { FIX_IP4, FIX_IP6, FIX_UDP, FIX_TCP, FIX_ICMP4, FIX_ICMP6, FIX_SCTP, FIX_GRE };

/* Lengths and checksums are known only when the packet is complete; each
 * header records what to fill in, and finish() does it innermost first, so
 * that an outer checksum covers the inner one's final value. */
struct fix {
	enum fix_kind kind;
	size_t off; /* the header's offset */
	size_t l3; /* offset of the enclosing IP header (L4 checksums) */
	bool v6; /* that header is IPv6 */
	bool csum; /* compute the L4 checksum (not for fragments) */
	size_t v6_final; /* the pseudo-header's destination, if not the header's */
};

struct pkt {
	uint8_t b[PKT_MAX];
	size_t n;
	struct fix fix[MAX_FIX];
	int nfix;
	size_t l3; /* the innermost IP header so far */
	bool l3_v6;
	bool frag; /* the innermost IP header is a fragment */
	bool quoted; /* writing a header quoted in an ICMP error: no fixes */
	size_t v6_final; /* offset of a routing header's final address, or 0 */
};

static void put8(struct pkt *p, uint32_t v)
{
	if (p->n < PKT_MAX)
		p->b[p->n++] = (uint8_t)v;
}

static void put16(struct pkt *p, uint32_t v)
{
	put8(p, v >> 8);
	put8(p, v);
}

static void put32(struct pkt *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v);
}

static void putmem(struct pkt *p, const void *src, size_t len)
{
	const uint8_t *s = src;

	for (size_t i = 0; i < len; i++)
		put8(p, s[i]);
}

static void putzero(struct pkt *p, size_t len)
{
	while (len--)
		put8(p, 0);
}

static void putrand(struct pkt *p, size_t len)
{
	while (len--)
		put8(p, rnd(256));
}

static void set16(struct pkt *p, size_t off, uint32_t v)
{
	p->b[off] = (uint8_t)(v >> 8);
	p->b[off + 1] = (uint8_t)v;
}

static void add_fix(struct pkt *p, enum fix_kind kind, size_t off, bool csum)
{
	if (p->quoted || p->nfix == MAX_FIX)
		return;
	p->fix[p->nfix++] = (struct fix){
		.kind = kind,
		.off = off,
		.l3 = p->l3,
		.v6 = p->l3_v6,
		.csum = csum,
		.v6_final = p->l3_v6 ? p->v6_final : 0,
	};
}

/* ---- checksums ----------------------------------------------------------- */

/* RFC 1071 one's complement sum, not yet folded or inverted. */
static uint32_t sum16(const uint8_t *b, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Pseudo-header sum: RFC 793 (IPv4) and RFC 8200 section 8.1 (IPv6:
 * with a routing header, the destination is the final one). */
static uint32_t pseudo_sum(const struct pkt *p, const struct fix *f, uint32_t proto, size_t len)
{
	uint32_t sum = proto + (uint32_t)(len & 0xffff) + (uint32_t)(len >> 16);

	if (f->v6) {
		sum = sum16(p->b + f->l3 + 8, 16, sum);
		return sum16(p->b + (f->v6_final ? f->v6_final : f->l3 + 24), 16, sum);
	}
	return sum16(p->b + f->l3 + 12, 8, sum);
}

static void l4_checksum(struct pkt *p, const struct fix *f, size_t at, uint32_t proto)
{
	size_t len = p->n - f->off;
	uint32_t sum;

	set16(p, f->off + at, 0);
	if (!f->csum)
		return;
	sum = pseudo_sum(p, f, proto, len);
	sum = fold(sum16(p->b + f->off, len, sum));
	/* UDP sends a computed zero as all ones (RFC 768). */
	set16(p, f->off + at, sum ? sum : 0xffff);
}

/* CRC32c, as SCTP uses it (RFC 9260 appendix A): reflected 0x82f63b78. */
static uint32_t crc32c(const uint8_t *b, size_t len)
{
	uint32_t crc = 0xffffffff;

	for (size_t i = 0; i < len; i++) {
		crc ^= b[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1));
	}
	return ~crc;
}

static void apply_fix(struct pkt *p, const struct fix *f)
{
	size_t len = p->n - f->off;
	uint32_t crc;

	switch (f->kind) {
	case FIX_IP4:
		set16(p, f->off + 2, len);
		set16(p, f->off + 10, 0);
		set16(p, f->off + 10, fold(sum16(p->b + f->off, (p->b[f->off] & 0xf) * 4, 0)));
		break;
	case FIX_IP6:
		set16(p, f->off + 4, len - 40);
		break;
	case FIX_UDP:
		set16(p, f->off + 4, len);
		l4_checksum(p, f, 6, 17);
		break;
	case FIX_TCP:
		l4_checksum(p, f, 16, 6);
		break;
	case FIX_ICMP4:
		set16(p, f->off + 2, 0);
		set16(p, f->off + 2, fold(sum16(p->b + f->off, len, 0)));
		break;
	case FIX_ICMP6:
		l4_checksum(p, f, 2, 58);
		break;
	case FIX_SCTP:
		memset(p->b + f->off + 8, 0, 4);
		crc = crc32c(p->b + f->off, len);
		/* stored least significant byte first, as Linux does */
		for (int k = 0; k < 4; k++)
			p->b[f->off + 8 + k] = (uint8_t)(crc >> (8 * k));
		break;
	case FIX_GRE:
		set16(p, f->off + 4, 0);
		set16(p, f->off + 4, fold(sum16(p->b + f->off, len, 0)));
		break;
	}
}

static void finish(struct pkt *p)
{
	for (int i = p->nfix - 1; i >= 0; i--)
		apply_fix(p, &p->fix[i]);
}

/* ---- address and port menus ---------------------------------------------- */

static const uint8_t macs_unicast[][6] = {
	{ 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 }, { 0x00, 0x11, 0x22, 0x33, 0x44, 0x66 },
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 }, { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
	{ 0x00, 0x00, 0x5e, 0x00, 0x01, 0x01 }, { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xfe },
};
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static const uint32_t v4_unicast[] = {
	0x0a000001, /* 10.0.0.1 */ 0x0a000002, /* 10.0.0.2 */
	0x0a00004d, /* 10.0.0.77 */ 0x0a010203, /* 10.1.2.3 */
	0xc0a80101, /* 192.168.1.1 */ 0xc0a80164, /* 192.168.1.100 */
	0xc0a80232, /* 192.168.2.50 */ 0xac100009, /* 172.16.0.9 */
	0xac1ffffe, /* 172.31.255.254 */ 0x08080808, /* 8.8.8.8 */
	0x01010101, /* 1.1.1.1 */ 0xcb007105, /* 203.0.113.5 */
	0x7f000001, /* 127.0.0.1 */
};
static const uint32_t v4_multicast[] = {
	0xe0000001, /* 224.0.0.1 */ 0xe00000fb, /* 224.0.0.251 */
	0xeffffffa, /* 239.255.255.250 */ 0xe0000016, /* 224.0.0.22 */
};
static const uint32_t v4_bcast[] = {
	0xffffffff, 0xc0a801ff, /* 192.168.1.255 */ 0x0affffff, /* 10.255.255.255 */
};

static const uint8_t v6_unicast[][16] = {
	{ 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 }, /* 2001:db8::1 */
	{ 0x20, 0x01, 0x0d, 0xb8, [15] = 0x02 }, /* 2001:db8::2 */
	{ 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, [15] = 0x10 }, /* 2001:db8:0:1::10 */
	{ 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, [14] = 0xab, 0xcd }, /* 2001:db8:ffff::abcd */
	{ 0xfe, 0x80, [15] = 0x01 }, /* fe80::1 */
	{ 0xfe, 0x80, [9] = 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x01 }, /* fe80::ff:fe00:1 */
	{ 0xfd, 0x00, [15] = 0x05 }, /* fd00::5 */
	{ [15] = 0x01 }, /* ::1 */
	{ 0x26, 0x06, 0x47, 0x00, [14] = 0x11, 0x11 }, /* 2606:4700::1111 */
};
static const uint8_t v6_multicast[][16] = {
	{ 0xff, 0x02, [15] = 0x01 }, /* ff02::1 */
	{ 0xff, 0x02, [15] = 0x02 }, /* ff02::2 */
	{ 0xff, 0x02, [11] = 0x01, 0xff, 0x00, 0x00, 0x01 }, /* ff02::1:ff00:1 */
	{ 0xff, 0x05, [13] = 0x01, 0x00, 0x03 }, /* ff05::1:3 */
};

static const uint16_t ports_common[] = {
	80, 443, 22, 53, 0, 65535, 25, 110, 993, 1023, 1024, 3389, 8080, 179, 6000,
};

static const uint8_t *pick_mac(void)
{
	return macs_unicast[rnd(sizeof(macs_unicast) / sizeof(macs_unicast[0]))];
}

static uint32_t pick_v4_unicast(void)
{
	if (chance(6))
		return (uint32_t)rng_next();
	return v4_unicast[rnd(sizeof(v4_unicast) / sizeof(v4_unicast[0]))];
}

static uint32_t pick_v4_dst(void)
{
	uint32_t r = rnd(100);

	if (r < 8)
		return v4_multicast[rnd(sizeof(v4_multicast) / sizeof(v4_multicast[0]))];
	if (r < 14)
		return v4_bcast[rnd(sizeof(v4_bcast) / sizeof(v4_bcast[0]))];
	return pick_v4_unicast();
}

static void pick_v6_unicast(uint8_t a[16])
{
	memcpy(a, v6_unicast[rnd(sizeof(v6_unicast) / sizeof(v6_unicast[0]))], 16);
	if (chance(6))
		for (int i = 8; i < 16; i++)
			a[i] = rnd(256);
}

static void pick_v6_dst(uint8_t a[16])
{
	if (chance(12))
		memcpy(a, v6_multicast[rnd(sizeof(v6_multicast) / sizeof(v6_multicast[0]))], 16);
	else
		pick_v6_unicast(a);
}

static uint16_t pick_port(void)
{
	uint32_t r = rnd(100);

	if (r < 55)
		return ports_common[rnd(sizeof(ports_common) / sizeof(ports_common[0]))];
	if (r < 70)
		return rnd_between(5000, 5010); /* a port range */
	if (r < 80)
		return rnd_between(6000, 6063); /* X11 range */
	return rnd_between(1, 65535);
}

/* ---- layer 2 ----------------------------------------------------------- */

/*
 * Ethernet II (IEEE 802.3 clause 3.2.6), with zero to three tags: 802.1Q
 * (TPID 0x8100) or QinQ (IEEE 802.1ad S-tag 0x88a8, or 0x8100 outer as
 * older switches send it). The TCI carries PCP(3) DEI(1) VID(12); VIDs come
 * from a small set so `vlan 100` matches sometimes.
 */
static void put_tci(struct pkt *p)
{
	static const uint16_t vids[] = { 1, 100, 200, 300, 4094, 0 };
	uint32_t vid = chance(85) ? vids[rnd(6)] : rnd(4096);
	uint32_t pcp = rnd(8), dei = rnd(2);

	put16(p, pcp << 13 | dei << 12 | vid);
}

static void put_tags(struct pkt *p)
{
	uint32_t r = rnd(100);

	if (r < 72)
		return;
	if (r < 86) {
		put16(p, 0x8100);
		put_tci(p);
		return;
	}
	put16(p, r < 93 ? 0x88a8 : 0x8100);
	put_tci(p);
	if (r == 99) { /* a third tag */
		put16(p, 0x8100);
		put_tci(p);
	}
	put16(p, 0x8100);
	put_tci(p);
}

static void eth_addrs(struct pkt *p, const uint8_t *dst)
{
	putmem(p, dst ? dst : pick_mac(), 6);
	putmem(p, pick_mac(), 6);
}

static void eth(struct pkt *p, const uint8_t *dst, uint32_t type)
{
	eth_addrs(p, dst);
	put_tags(p);
	put16(p, type);
}

/* RFC 1112 section 6.4: 01:00:5e + the low 23 bits of the group. */
static void mac_for_v4(uint32_t dst, uint8_t mac[6])
{
	if ((dst >> 28) == 0xe) {
		uint8_t m[6] = { 0x01, 0x00, 0x5e, (dst >> 16) & 0x7f, dst >> 8, dst };

		memcpy(mac, m, 6);
	} else if (dst == 0xffffffff || (dst & 0xff) == 0xff) {
		memcpy(mac, mac_bcast, 6);
	} else {
		memcpy(mac, pick_mac(), 6);
	}
}

/* RFC 2464 section 7: 33:33 + the low 32 bits of the group. */
static void mac_for_v6(const uint8_t dst[16], uint8_t mac[6])
{
	if (dst[0] == 0xff) {
		uint8_t m[6] = { 0x33, 0x33, dst[12], dst[13], dst[14], dst[15] };

		memcpy(mac, m, 6);
	} else {
		memcpy(mac, pick_mac(), 6);
	}
}

/* ---- IPv4 ---------------------------------------------------------------- */

struct ip4_params {
	uint32_t src, dst;
	uint8_t proto;
	uint8_t ihl; /* 5..15 */
	uint16_t frag; /* DF 0x4000, MF 0x2000, offset in 8-byte units */
	uint16_t tot_len; /* only for quoted headers */
};

/* RFC 791 options (and RFC 2113 router alert), padded with EOL. */
static void put_ip4_options(struct pkt *p, size_t len)
{
	size_t end = p->n + len;

	while (p->n < end) {
		size_t room = end - p->n;
		uint32_t r = rnd(4);

		if (r == 0 && room >= 4) {
			putmem(p, "\x94\x04\x00\x00", 4); /* router alert */
		} else if (r == 1 && room >= 7) {
			size_t k = rnd_between(1, (room - 3) / 4);

			put8(p, 7); /* record route */
			put8(p, 3 + 4 * k);
			put8(p, 4);
			putzero(p, 4 * k);
		} else if (r == 2 && room >= 8) {
			size_t k = rnd_between(1, (room - 4) / 4);

			put8(p, 68); /* timestamp, empty */
			put8(p, 4 + 4 * k);
			put8(p, 5);
			put8(p, 0);
			putzero(p, 4 * k);
		} else if (r == 3) {
			put8(p, 1); /* NOP */
		} else {
			putzero(p, room); /* EOL and padding */
		}
	}
}

static uint8_t next_ihl(void)
{
	static unsigned int sweep;

	/* half plain, half sweeping through 6..15 */
	if (chance(55))
		return 5;
	return 6 + (sweep++ % 10);
}

/* One draw after the other: the order of evaluation inside an initializer
 * list is unspecified, and the corpus must not depend on the compiler. */
static void ip4_random(struct ip4_params *ip, uint8_t proto)
{
	memset(ip, 0, sizeof(*ip));
	ip->src = pick_v4_unicast();
	ip->dst = pick_v4_dst();
	ip->proto = proto;
	ip->ihl = next_ihl();
	ip->frag = chance(40) ? 0x4000 : 0;
}

/* RFC 791 section 3.1. */
static void ip4(struct pkt *p, const struct ip4_params *ip)
{
	static const uint8_t ttls[] = { 1, 2, 5, 32, 63, 64, 128, 255, 0 };
	size_t off = p->n;

	put8(p, 0x40 | ip->ihl);
	put8(p, chance(60) ? 0 : rnd(256)); /* TOS / DSCP+ECN */
	put16(p, ip->tot_len);
	put16(p, chance(10) ? 0 : rnd(65536));
	put16(p, ip->frag);
	put8(p, chance(80) ? ttls[rnd(sizeof(ttls))] : rnd(256));
	put8(p, ip->proto);
	put16(p, 0);
	put32(p, ip->src);
	put32(p, ip->dst);
	put_ip4_options(p, (ip->ihl - 5) * 4u);
	if (p->quoted)
		set16(p, off + 10, fold(sum16(p->b + off, ip->ihl * 4u, 0)));
	p->l3 = off;
	p->l3_v6 = false;
	p->frag = (ip->frag & 0x3fff) != 0;
	add_fix(p, FIX_IP4, off, false);
}

/* ---- IPv6 ---------------------------------------------------------------- */

/* RFC 8200 section 3. */
static void ip6(struct pkt *p, const uint8_t src[16], const uint8_t dst[16], uint8_t nh)
{
	static const uint8_t hlims[] = { 1, 64, 128, 255, 0 };
	size_t off = p->n;
	uint32_t tc = chance(70) ? 0 : rnd(256);
	uint32_t flow = chance(50) ? 0 : rnd(1 << 20);

	put32(p, 6u << 28 | tc << 20 | flow);
	put16(p, 0);
	put8(p, nh);
	put8(p, chance(85) ? hlims[rnd(sizeof(hlims))] : rnd(256));
	putmem(p, src, 16);
	putmem(p, dst, 16);
	p->l3 = off;
	p->l3_v6 = true;
	p->frag = false;
	p->v6_final = 0;
	add_fix(p, FIX_IP6, off, false);
}

/* Hop-by-hop and destination options (RFC 8200 4.3, 4.6): 8 + 8*len8
 * bytes, filled with one PadN option (or Pad1s). */
static void ext_options(struct pkt *p, uint8_t nh, size_t len8)
{
	size_t pad = 6 + 8 * len8;

	put8(p, nh);
	put8(p, len8);
	if (chance(30) && pad >= 6) {
		putmem(p, "\x05\x02\x00\x00", 4); /* router alert: MLD */
		pad -= 4;
	}
	put8(p, 1); /* PadN */
	put8(p, pad - 2);
	putzero(p, pad - 2);
}

/* Routing header (RFC 8200 4.4), type 0 or 2 with addresses. */
static void ext_routing(struct pkt *p, uint8_t nh)
{
	size_t naddr = chance(50) ? 1 : rnd_between(1, 3);
	uint8_t segleft = naddr == 1 && chance(50) ? 1 : rnd(naddr + 1);
	uint8_t a[16];

	put8(p, nh);
	put8(p, 2 * naddr);
	put8(p, naddr == 1 && segleft == 1 && chance(50) ? 2 : 0);
	put8(p, segleft);
	put32(p, 0);
	for (size_t i = 0; i < naddr; i++) {
		pick_v6_unicast(a);
		if (segleft)
			p->v6_final = p->n;
		putmem(p, a, 16);
	}
}

/* Fragment header (RFC 8200 4.5): offset in 8-byte units, M flag. Only
 * the first fragment (offset 0) holds the upper-layer header; none has a
 * checksum we can compute. */
static void ext_fragment(struct pkt *p, uint8_t nh, uint16_t offset, bool more)
{
	put8(p, nh);
	put8(p, 0);
	put16(p, (uint32_t)offset << 3 | more);
	put32(p, (uint32_t)rng_next());
	p->frag = offset != 0 || more;
}

/* A fragment other than the first: offset > 0, M flag either way. */
static bool ext_later_fragment(struct pkt *p, uint8_t nh)
{
	uint16_t offset = rnd_between(1, 0x1fff);

	ext_fragment(p, nh, offset, chance(50));
	return true;
}

/* Authentication header (RFC 4302 section 2): its length counts 4-byte
 * words minus 2, unlike the IPv6 option headers. */
static void ext_ah(struct pkt *p, uint8_t nh)
{
	put8(p, nh);
	put8(p, 4); /* 24 bytes: 12 fixed + 12 ICV */
	put16(p, 0);
	put32(p, (uint32_t)rng_next());
	put32(p, rnd(1000));
	putrand(p, 12);
}

/* ---- layer 4 ----------------------------------------------------------- */

/* RFC 793 / RFC 7323 / RFC 2018 options, padded with NOP then EOL. */
static void put_tcp_options(struct pkt *p, size_t len)
{
	size_t end = p->n + len;

	while (p->n < end) {
		size_t room = end - p->n;
		uint32_t r = rnd(6);

		if (r == 0 && room >= 4) {
			put8(p, 2); /* MSS */
			put8(p, 4);
			put16(p, chance(50) ? 1460 : rnd(65536));
		} else if (r == 1 && room >= 2) {
			putmem(p, "\x04\x02", 2); /* SACK permitted */
		} else if (r == 2 && room >= 10) {
			putmem(p, "\x08\x0a", 2); /* timestamps */
			putrand(p, 8);
		} else if (r == 3 && room >= 3) {
			put8(p, 3); /* window scale */
			put8(p, 3);
			put8(p, rnd(15));
		} else if (r == 4 && room >= 10) {
			size_t k = rnd_between(1, (room - 2) / 8 < 4 ? (room - 2) / 8 : 4);

			put8(p, 5); /* SACK blocks */
			put8(p, 2 + 8 * k);
			putrand(p, 8 * k);
		} else if (room > 1 || chance(50)) {
			put8(p, 1); /* NOP */
		} else {
			put8(p, 0); /* EOL */
		}
	}
}

/* Every TCP flag byte appears: the flags cycle through 0..255. */
static uint8_t next_tcp_flags(void)
{
	static unsigned int sweep;

	if (chance(35)) {
		static const uint8_t usual[] = { 0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14 };

		return usual[rnd(sizeof(usual))];
	}
	return (uint8_t)(sweep++ * 167); /* 167 is odd: a permutation of 0..255 */
}

static void tcp_ports(struct pkt *p, uint16_t sport, uint16_t dport)
{
	size_t off = p->n;
	uint32_t doff = chance(40) ? 5 : rnd_between(5, 15);

	put16(p, sport);
	put16(p, dport);
	put32(p, (uint32_t)rng_next());
	put32(p, chance(20) ? 0 : (uint32_t)rng_next());
	put8(p, doff << 4 | (chance(5) ? 1 : 0)); /* data offset, NS (RFC 3540) */
	put8(p, next_tcp_flags());
	put16(p, chance(10) ? 0 : rnd(65536));
	put16(p, 0);
	put16(p, chance(90) ? 0 : rnd(65536)); /* urgent pointer */
	put_tcp_options(p, (doff - 5) * 4);
	add_fix(p, FIX_TCP, off, !p->frag);
}

static void payload(struct pkt *p, size_t max);

/* A segment with its payload: an HTTP request line now and then on port
 * 80 (RFC 9112 section 3), so an expression can look past the options. */
static void tcp(struct pkt *p)
{
	static const char get[] = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
	bool to_server = chance(50);
	uint16_t a = pick_port(), b = chance(50) ? pick_port() : rnd_between(32768, 60999);

	tcp_ports(p, to_server ? b : a, to_server ? a : b);
	if (to_server && a == 80 && chance(50))
		putmem(p, get, sizeof(get) - 1);
	else
		payload(p, 1400);
}

/* RFC 768. */
static void udp_ports(struct pkt *p, uint16_t sport, uint16_t dport)
{
	size_t off = p->n;

	put16(p, sport);
	put16(p, dport);
	put16(p, 0);
	put16(p, 0);
	add_fix(p, FIX_UDP, off, !p->frag);
}

static void payload(struct pkt *p, size_t max)
{
	size_t len = chance(30) ? 0 : chance(80) ? rnd(64) : rnd(max + 1);

	putrand(p, len);
}

/* SCTP common header and chunks (RFC 9260 sections 3, 3.3). */
static void sctp_chunk(struct pkt *p)
{
	size_t len;

	switch (rnd(4)) {
	case 0: /* DATA */
		len = rnd(40);
		put8(p, 0);
		put8(p, 3);
		put16(p, 16 + len);
		put32(p, (uint32_t)rng_next());
		put16(p, rnd(4));
		put16(p, rnd(100));
		put32(p, 0); /* PPID 0: no upper layer for tshark to guess */
		putrand(p, len);
		putzero(p, (4 - len % 4) % 4);
		break;
	case 1: /* INIT */
		put8(p, 1);
		put8(p, 0);
		put16(p, 20);
		put32(p, (uint32_t)rng_next() | 1);
		put32(p, 65536);
		put16(p, 10);
		put16(p, 10);
		put32(p, (uint32_t)rng_next());
		break;
	case 2: /* HEARTBEAT with heartbeat info */
		put8(p, 4);
		put8(p, 0);
		put16(p, 4 + 12);
		put16(p, 1);
		put16(p, 12);
		putrand(p, 8);
		break;
	default: /* ABORT */
		put8(p, 6);
		put8(p, 0);
		put16(p, 4);
	}
}

static void sctp(struct pkt *p)
{
	size_t off = p->n;
	int chunks = rnd_between(1, 3);

	put16(p, chance(50) ? pick_port() : 2905);
	put16(p, chance(50) ? pick_port() : 36412);
	put32(p, (uint32_t)rng_next());
	put32(p, 0);
	while (chunks--)
		sctp_chunk(p);
	add_fix(p, FIX_SCTP, off, true);
}

/* ---- ICMP ---------------------------------------------------------------- */

/* The start of the datagram an ICMP error quotes (RFC 792): its IP header
 * and first 8 bytes, with the lengths it had, not the quote's. */
static void quoted_ip4(struct pkt *p)
{
	struct ip4_params ip;
	bool saved_frag = p->frag;
	size_t saved_l3 = p->l3;

	ip4_random(&ip, chance(50) ? 17 : 6);
	ip.tot_len = rnd_between(ip.ihl * 4 + 8, 1500);
	p->quoted = true;
	ip4(p, &ip);
	put16(p, pick_port());
	put16(p, pick_port());
	putrand(p, 4);
	p->quoted = false;
	p->frag = saved_frag;
	p->l3 = saved_l3;
	p->l3_v6 = false;
}

/* ICMP (RFC 792): echo, errors that quote a datagram (unreachable, time
 * exceeded, parameter problem, redirect, source quench), and the small
 * informational ones with their fixed lengths. */
static void icmp4_info(struct pkt *p)
{
	static const uint8_t types[] = { 13, 14, 17, 18, 10, 9 };
	uint8_t type = types[rnd(sizeof(types))];

	put8(p, type);
	put8(p, 0);
	put16(p, 0);
	put32(p, rnd(65536));
	if (type == 13 || type == 14)
		putrand(p, 12); /* timestamps */
	else if (type == 17 || type == 18)
		put32(p, 0xffffff00); /* address mask */
	else if (type == 9)
		putrand(p, 8); /* one router address and preference */
}

static void icmp4(struct pkt *p)
{
	static const uint8_t errors[] = { 3, 3, 3, 11, 11, 12, 5, 4 };
	size_t off = p->n;
	uint32_t r = rnd(100);

	if (r < 45) { /* echo request / reply */
		put8(p, chance(55) ? 8 : 0);
		put8(p, 0);
		put16(p, 0);
		put16(p, rnd(65536));
		put16(p, rnd(200));
		payload(p, 1400);
	} else if (r < 85) {
		uint8_t type = errors[rnd(sizeof(errors))];

		put8(p, type);
		put8(p, type == 3 ? rnd(16) : type == 11 || type == 5 ? rnd(2) : 0);
		put16(p, 0);
		if (type == 5)
			put32(p, pick_v4_unicast()); /* gateway */
		else
			put32(p, type == 3 && chance(30) ? 1400 : 0); /* next-hop MTU */
		quoted_ip4(p);
	} else {
		icmp4_info(p);
	}
	add_fix(p, FIX_ICMP4, off, true);
}

/* IGMPv2 (RFC 2236): type, max response, checksum, group. */
static void igmp(struct pkt *p)
{
	static const uint8_t types[] = { 0x11, 0x16, 0x17, 0x12 };
	size_t off = p->n;

	put8(p, types[rnd(4)]);
	put8(p, rnd(200));
	put16(p, 0);
	put32(p, v4_multicast[rnd(4)]);
	add_fix(p, FIX_ICMP4, off, true);
}

/* An NDP link-layer address option (RFC 4861 4.6.1). */
static void nd_lladdr(struct pkt *p, uint8_t type)
{
	put8(p, type);
	put8(p, 1);
	putmem(p, pick_mac(), 6);
}

/* ICMPv6 (RFC 4443) and neighbour discovery (RFC 4861 section 4). */
static void icmp6_nd(struct pkt *p, uint8_t type)
{
	uint8_t a[16];

	put8(p, type);
	put8(p, 0);
	put16(p, 0);
	switch (type) {
	case 133: /* router solicitation */
		put32(p, 0);
		nd_lladdr(p, 1);
		break;
	case 134: /* router advertisement + prefix information */
		put8(p, 64);
		put8(p, rnd(4) << 6);
		put16(p, 1800);
		put32(p, 0);
		put32(p, 0);
		nd_lladdr(p, 1);
		put8(p, 3);
		put8(p, 4);
		put8(p, 64);
		put8(p, 0xc0);
		put32(p, 86400);
		put32(p, 14400);
		put32(p, 0);
		putmem(p, v6_unicast[0], 8);
		putzero(p, 8);
		break;
	default: /* 135 solicitation, 136 advertisement */
		put32(p, type == 136 ? rnd(8) << 29 : 0);
		pick_v6_unicast(a);
		putmem(p, a, 16);
		if (chance(70))
			nd_lladdr(p, type == 135 ? 1 : 2);
	}
}

static void icmp6(struct pkt *p)
{
	static const uint8_t nd[] = { 133, 134, 135, 136 };
	size_t off = p->n;
	uint32_t r = rnd(100);

	if (r < 40) {
		put8(p, chance(55) ? 128 : 129);
		put8(p, 0);
		put16(p, 0);
		put16(p, rnd(65536));
		put16(p, rnd(200));
		payload(p, 1200);
	} else if (r < 75) {
		icmp6_nd(p, nd[rnd(4)]);
	} else if (r < 92) { /* unreachable, too big, time exceeded, param */
		put8(p, rnd_between(1, 4));
		put8(p, rnd(7));
		put16(p, 0);
		put32(p, chance(30) ? 1280 : 0);
		putrand(p, 40 + rnd(16));
	} else { /* MLD (RFC 2710) */
		put8(p, rnd_between(130, 132));
		put8(p, 0);
		put16(p, 0);
		put16(p, 1000);
		put16(p, 0);
		putmem(p, v6_multicast[rnd(4)], 16);
	}
	add_fix(p, FIX_ICMP6, off, true);
}

/* ---- UDP services and tunnels -------------------------------------------- */

/* RFC 1035 section 4.1: a query for www.example.com A, or its answer. */
static void dns(struct pkt *p, bool answer)
{
	put16(p, rnd(65536));
	put16(p, answer ? 0x8180 : 0x0100);
	put16(p, 1);
	put16(p, answer);
	put32(p, 0);
	putmem(p,
	       "\x03www\x07"
	       "example\x03"
	       "com",
	       17);
	put16(p, 1);
	put16(p, 1);
	if (answer) {
		put16(p, 0xc00c);
		put16(p, 1);
		put16(p, 1);
		put32(p, 300);
		put16(p, 4);
		put32(p, 0x5db8d822);
	}
}

/* BOOTP/DHCP (RFC 2131 section 2, RFC 2132 option 53). */
static void dhcp(struct pkt *p, bool reply)
{
	put8(p, reply ? 2 : 1);
	put8(p, 1);
	put8(p, 6);
	put8(p, 0);
	put32(p, (uint32_t)rng_next());
	put32(p, 0);
	put32(p, 0);
	put32(p, reply ? 0xc0a80164 : 0);
	put32(p, 0);
	put32(p, 0);
	putmem(p, pick_mac(), 6);
	putzero(p, 10 + 64 + 128);
	put32(p, 0x63825363);
	putmem(p, reply ? "\x35\x01\x02" : "\x35\x01\x01", 3);
	put8(p, 255);
}

/* RFC 5905 section 7.3: 48 bytes, mode 3 (client) or 4 (server). */
static void ntp(struct pkt *p)
{
	put8(p, chance(50) ? 0x23 : 0x24);
	put8(p, rnd(16));
	put8(p, 6);
	put8(p, 0xe9);
	putrand(p, 44);
}

static void inner_frame(struct pkt *p, int depth);
static void inner_l3(struct pkt *p, uint16_t ethertype, int depth);

/* VXLAN and Geneve network identifiers: 100 and 200 often. */
static uint32_t pick_vni(void)
{
	uint32_t r = rnd(100);

	if (r < 30)
		return 100;
	if (r < 45)
		return 200;
	return rnd_between(1, 0xffffff);
}

/* VXLAN (RFC 7348 section 5): flags with I set, VNI, then a frame. */
static void vxlan(struct pkt *p, int depth)
{
	put8(p, chance(90) ? 0x08 : 0x00);
	putzero(p, 3);
	put32(p, pick_vni() << 8);
	inner_frame(p, depth);
}

/* Geneve (RFC 8926 section 3): options of class/type/length, then an
 * Ethernet frame (0x6558) or a bare IPv4/IPv6 packet. */
static void geneve(struct pkt *p, int depth)
{
	static const uint16_t protos[] = { 0x6558, 0x6558, 0x0800, 0x86dd };
	size_t words = chance(40) ? 0 : rnd_between(1, 12);
	uint16_t proto = protos[rnd(4)];

	put8(p, words); /* version 0 */
	put8(p, chance(10) ? 0x80 : 0);
	put16(p, proto);
	put32(p, pick_vni() << 8);
	while (words) {
		size_t len = rnd(words); /* data words after the 4-byte header */

		put16(p, chance(50) ? 0x0102 : rnd(65536));
		put8(p, rnd(256));
		put8(p, len);
		putrand(p, 4 * len);
		words -= len + 1;
	}
	if (proto == 0x6558)
		inner_frame(p, depth);
	else
		inner_l3(p, proto, depth);
}

static void udp(struct pkt *p, int depth)
{
	uint32_t r = rnd(100);
	bool reply = chance(50);
	uint16_t eph = rnd_between(1024, 65535);

	if (r < 14) {
		udp_ports(p, reply ? 53 : eph, reply ? eph : 53);
		dns(p, reply);
	} else if (r < 20) {
		udp_ports(p, reply ? 67 : 68, reply ? 68 : 67);
		dhcp(p, reply);
	} else if (r < 26) {
		udp_ports(p, 123, chance(50) ? 123 : eph);
		ntp(p);
	} else if (r < 38 && depth == 0) {
		udp_ports(p, eph, 4789);
		vxlan(p, depth + 1);
	} else if (r < 50 && depth == 0) {
		udp_ports(p, eph, 6081);
		geneve(p, depth + 1);
	} else {
		uint16_t sport = pick_port(), dport = pick_port();

		udp_ports(p, sport, dport);
		payload(p, 1400);
	}
}

/* GRE (RFC 2784, key and sequence from RFC 2890) carrying IPv4 mostly. */
static void gre(struct pkt *p, int depth)
{
	static const uint16_t protos[] = { 0x0800, 0x0800, 0x0800, 0x86dd, 0x6558 };
	uint16_t proto = protos[rnd(5)];
	bool c = chance(20), k = chance(50), s = chance(40);
	size_t off = p->n;

	put16(p, c << 15 | k << 13 | s << 12);
	put16(p, proto);
	if (c)
		put32(p, 0);
	if (k)
		put32(p, rnd(1000));
	if (s)
		put32(p, (uint32_t)rng_next());
	if (c)
		add_fix(p, FIX_GRE, off, true);
	if (proto == 0x6558)
		inner_frame(p, depth);
	else
		inner_l3(p, proto, depth);
}

/* ---- IP payload choice ------------------------------------------------- */

static void ip4_packet(struct pkt *p, int depth);
static void ip6_packet(struct pkt *p, int depth);

/* The L4 (or tunnel) after an IP header whose protocol is proto. */
static void upper(struct pkt *p, uint8_t proto, int depth)
{
	switch (proto) {
	case 6:
		tcp(p);
		break;
	case 17:
		udp(p, depth);
		break;
	case 1:
		icmp4(p);
		break;
	case 58:
		icmp6(p);
		break;
	case 132:
		sctp(p);
		break;
	case 2:
		igmp(p);
		break;
	case 47:
		gre(p, depth + 1);
		break;
	case 4:
		ip4_packet(p, depth + 1);
		break;
	case 41:
		ip6_packet(p, depth + 1);
		break;
	case 51: {
		uint8_t nh = chance(60) ? 6 : 17;

		ext_ah(p, nh);
		upper(p, nh, depth);
		break;
	}
	case 50: /* ESP (RFC 4303 section 2): SPI, sequence, ciphertext */
		put32(p, rnd_between(256, 0xffffffff));
		put32(p, rnd(10000));
		putrand(p, 16 + rnd(100));
		break;
	default: /* protocols nothing here parses: opaque bytes */
		payload(p, 200);
	}
}

static uint8_t pick_proto4(int depth)
{
	uint32_t r = rnd(100);

	if (r < 40)
		return 6;
	if (r < 68)
		return 17;
	if (r < 78)
		return 1;
	if (r < 82)
		return 132;
	if (r < 84)
		return 2;
	if (r < 88 && depth < 2)
		return 47;
	if (r < 91 && depth < 2)
		return 4;
	if (r < 93 && depth < 2)
		return 41;
	if (r < 95)
		return 51;
	return chance(50) ? 50 : 253 + rnd(3); /* ESP, experimental, reserved */
}

static uint8_t pick_proto6(int depth)
{
	uint32_t r = rnd(100);

	if (r < 35)
		return 6;
	if (r < 60)
		return 17;
	if (r < 85)
		return 58;
	if (r < 88)
		return 132;
	if (r < 91 && depth < 2)
		return 4;
	if (r < 93 && depth < 2)
		return 41;
	if (r < 95)
		return 51;
	return chance(50) ? 59 : 50; /* no next header, ESP */
}

/* IPv4 fragments (RFC 791): first (MF, offset 0, L4 header inside),
 * middle (MF, offset > 0) and last (offset > 0); only the first carries
 * the L4 header. */
static void ip4_fragment(struct pkt *p, struct ip4_params *ip, int depth)
{
	uint32_t r = rnd(3);
	uint16_t offset = chance(20) ? rnd_between(1, 3) : rnd_between(1, 0x1fff);

	ip->frag = (chance(15) ? 0x4000 : 0) | (r == 2 ? 0 : 0x2000) | (r == 0 ? 0 : offset);
	ip4(p, ip);
	if (r == 0)
		upper(p, ip->proto, depth);
	else
		putrand(p, 8 * rnd_between(1, 60));
}

static void ip4_packet(struct pkt *p, int depth)
{
	struct ip4_params ip;

	ip4_random(&ip, pick_proto4(depth));
	if (ip.proto == 2 && ip.ihl == 5)
		ip.ihl = 6; /* IGMP carries router alert */
	if (chance(12)) {
		ip4_fragment(p, &ip, depth);
		return;
	}
	ip4(p, &ip);
	upper(p, ip.proto, depth);
}

/* A chain of 0..4 extension headers in front of the final protocol. */
static void ip6_packet(struct pkt *p, int depth)
{
	static const uint8_t kinds[] = { 0, 43, 44, 60, 51 };
	uint8_t src[16], dst[16], chain[5];
	uint8_t final = pick_proto6(depth);
	size_t n = chance(55) ? 0 : rnd_between(1, 4);
	bool later_fragment = false;

	for (size_t i = 0; i < n; i++)
		chain[i] = i == 0 && chance(50) ? 0 : kinds[rnd_between(1, 4)];
	pick_v6_unicast(src);
	pick_v6_dst(dst);
	ip6(p, src, dst, n ? chain[0] : final);
	for (size_t i = 0; i < n; i++) {
		uint8_t nh = i + 1 < n ? chain[i + 1] : final;

		if (chain[i] == 0 || chain[i] == 60)
			ext_options(p, nh, chance(70) ? 0 : rnd_between(1, 3));
		else if (chain[i] == 43)
			ext_routing(p, nh);
		else if (chain[i] == 51)
			ext_ah(p, nh);
		else if (chance(40))
			ext_fragment(p, nh, 0, true);
		else
			later_fragment = ext_later_fragment(p, nh);
	}
	if (later_fragment) {
		putrand(p, 8 * rnd_between(1, 40));
		return;
	}
	upper(p, final, depth);
}

/* What follows an Ethernet type inside a tunnel. */
static void inner_l3(struct pkt *p, uint16_t ethertype, int depth)
{
	if (ethertype == 0x86dd)
		ip6_packet(p, depth);
	else
		ip4_packet(p, depth);
}

/* A tunnelled Ethernet frame: IPv4/TCP mostly, sometimes anything. */
static void inner_frame(struct pkt *p, int depth)
{
	struct ip4_params ip;

	putmem(p, pick_mac(), 6);
	putmem(p, pick_mac(), 6);
	if (chance(10)) {
		put16(p, 0x8100);
		put_tci(p);
	}
	if (chance(60)) {
		put16(p, 0x0800);
		ip4_random(&ip, 6);
		ip4(p, &ip);
		tcp(p);
		return;
	}
	put16(p, chance(70) ? 0x0800 : 0x86dd);
	inner_l3(p, p->b[p->n - 2] << 8 | p->b[p->n - 1], depth);
}

/* ---- link-layer payloads that are not IP ------------------------------- */

/* ARP (RFC 826) and RARP (RFC 903): Ethernet/IPv4 only. */
static void arp(struct pkt *p, bool reverse)
{
	uint32_t op = reverse ? rnd_between(3, 4) : rnd_between(1, 2);
	bool request = op == 1 || op == 3;
	uint8_t sha[6];

	memcpy(sha, pick_mac(), 6);
	eth(p, request ? mac_bcast : pick_mac(), reverse ? 0x8035 : 0x0806);
	put16(p, 1);
	put16(p, 0x0800);
	put8(p, 6);
	put8(p, 4);
	put16(p, op);
	putmem(p, sha, 6);
	put32(p, reverse && request ? 0 : pick_v4_unicast());
	if (request)
		putzero(p, 6);
	else
		putmem(p, pick_mac(), 6);
	put32(p, pick_v4_unicast());
}

/* MPLS label stack entries (RFC 3032 section 2.1), IPv4 or IPv6 below. */
static void mpls(struct pkt *p)
{
	static const uint32_t labels[] = { 100, 200, 16, 1048575, 3 };
	int n = rnd_between(1, 3);
	bool v6 = chance(30);

	eth(p, NULL, chance(85) ? 0x8847 : 0x8848);
	for (int i = 0; i < n; i++) {
		uint32_t label = labels[rnd(5)], tc = rnd(8);

		put32(p, label << 12 | tc << 9 | (i == n - 1) << 8 | 64);
	}
	if (v6)
		ip6_packet(p, 1);
	else
		ip4_packet(p, 1);
}

/* PPPoE (RFC 2516): discovery (PADI/PADO with a service-name tag) or a
 * session carrying PPP IPv4 (0x0021) or IPv6 (0x0057). */
static void pppoe(struct pkt *p)
{
	size_t off;

	if (chance(30)) {
		eth(p, chance(50) ? mac_bcast : NULL, 0x8863);
		put8(p, 0x11);
		put8(p, chance(50) ? 0x09 : 0x07);
		put16(p, 0);
		put16(p, 4);
		put32(p, 0x01010000);
		return;
	}
	eth(p, NULL, 0x8864);
	put8(p, 0x11);
	put8(p, 0);
	put16(p, rnd_between(1, 20));
	off = p->n;
	put16(p, 0);
	if (chance(70)) {
		put16(p, 0x0021);
		ip4_packet(p, 1);
	} else {
		put16(p, 0x0057);
		ip6_packet(p, 1);
	}
	set16(p, off, p->n - off - 2);
}

/* LLDP (IEEE 802.1AB): chassis id, port id, TTL, end TLVs. */
static void lldp(struct pkt *p)
{
	static const uint8_t dst[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };

	eth_addrs(p, dst);
	put16(p, 0x88cc);
	put16(p, 1 << 9 | 7);
	put8(p, 4);
	putmem(p, pick_mac(), 6);
	put16(p, 2 << 9 | 4);
	putmem(p,
	       "\x05"
	       "et0",
	       4);
	put16(p, 3 << 9 | 2);
	put16(p, 120);
	put16(p, 0);
}

/* IEEE 802.3 length frame with LLC (802.2): STP BPDU to 01:80:c2:00:00:00,
 * or a SNAP header with an OUI and type. */
static void llc(struct pkt *p)
{
	static const uint8_t stp[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };
	size_t off;

	eth_addrs(p, chance(60) ? stp : NULL);
	off = p->n;
	put16(p, 0);
	if (chance(60)) {
		putmem(p, "\x42\x42\x03", 3);
		putzero(p, 4); /* protocol, version, type: config BPDU */
		putrand(p, 31);
	} else {
		putmem(p, "\xaa\xaa\x03\x00\x00\x0c", 6);
		put16(p, 0x2000); /* CDP */
		putrand(p, rnd(60));
	}
	set16(p, off, p->n - off - 2);
}

/* Anything at all after an Ethernet header: unusual types, random bytes. */
static void junk(struct pkt *p)
{
	static const uint16_t types[] = { 0x88cc, 0x88e5, 0x8906, 0x88f7, 0x9000, 0x0801, 0x0600 };
	const uint8_t *dst = chance(30) ? mac_bcast : NULL;

	eth(p, dst, chance(70) ? types[rnd(7)] : rnd(65536));
	payload(p, 300);
}

/* ---- frames ------------------------------------------------------------ */

static void v4_frame(struct pkt *p)
{
	size_t type_at;
	uint8_t mac[6];

	eth_addrs(p, NULL);
	put_tags(p);
	type_at = p->n;
	put16(p, 0x0800);
	ip4_packet(p, 0);
	/* pick a destination MAC that fits the IP destination */
	if (chance(85)) {
		mac_for_v4(p->b[type_at + 18] << 24 | p->b[type_at + 19] << 16 |
				   p->b[type_at + 20] << 8 | p->b[type_at + 21],
			   mac);
		memcpy(p->b, mac, 6);
	}
}

static void v6_frame(struct pkt *p)
{
	size_t type_at;
	uint8_t mac[6];

	eth_addrs(p, NULL);
	put_tags(p);
	type_at = p->n;
	put16(p, 0x86dd);
	ip6_packet(p, 0);
	if (chance(85)) {
		mac_for_v6(p->b + type_at + 2 + 24, mac);
		memcpy(p->b, mac, 6);
	}
}

/* A frame over 4 KiB (a multi-buffer XDP frame in a test run), or just
 * around the page boundary, padded with payload to exactly size bytes. */
static void big_frame(struct pkt *p)
{
	static const uint16_t sizes[] = { 6000, 9000, 4097, 3520, 3584, 4096, 5000, 8192, 7000 };
	static unsigned int sweep;
	size_t size = sizes[sweep++ % (sizeof(sizes) / sizeof(sizes[0]))];
	uint8_t src[16], dst[16];
	struct ip4_params ip;
	bool v6 = chance(35), is_tcp = chance(60);

	eth(p, NULL, v6 ? 0x86dd : 0x0800);
	if (v6) {
		pick_v6_unicast(src);
		pick_v6_dst(dst);
		ip6(p, src, dst, is_tcp ? 6 : 17);
	} else {
		ip4_random(&ip, is_tcp ? 6 : 17);
		ip.frag = 0x4000;
		ip4(p, &ip);
	}
	if (is_tcp) {
		tcp(p);
	} else {
		uint16_t sport = pick_port(), dport = pick_port();

		udp_ports(p, sport, dport);
	}
	if (p->n < size)
		putrand(p, size - p->n);
}

enum frame_kind {
	F_V4,
	F_V6,
	F_ARP,
	F_RARP,
	F_MPLS,
	F_PPPOE,
	F_LLDP,
	F_LLC,
	F_JUNK,
	F_BIG,
	F_KINDS
};

/* Weights in per mille, summing to 1000. */
static const uint16_t frame_weights[F_KINDS] = {
	[F_V4] = 560,	[F_V6] = 300,  [F_ARP] = 40, [F_RARP] = 8,  [F_MPLS] = 20,
	[F_PPPOE] = 20, [F_LLDP] = 10, [F_LLC] = 15, [F_JUNK] = 15, [F_BIG] = 12,
};

static enum frame_kind pick_kind(void)
{
	uint32_t r = rnd(1000);
	int k;

	for (k = 0; k < F_KINDS - 1; k++) {
		if (r < frame_weights[k])
			break;
		r -= frame_weights[k];
	}
	return (enum frame_kind)k;
}

static void build(struct pkt *p, enum frame_kind kind)
{
	switch (kind) {
	case F_V4:
		v4_frame(p);
		break;
	case F_V6:
		v6_frame(p);
		break;
	case F_ARP:
		arp(p, false);
		break;
	case F_RARP:
		arp(p, true);
		break;
	case F_MPLS:
		mpls(p);
		break;
	case F_PPPOE:
		pppoe(p);
		break;
	case F_LLDP:
		lldp(p);
		break;
	case F_LLC:
		llc(p);
		break;
	case F_JUNK:
		junk(p);
		break;
	default:
		big_frame(p);
		break;
	}
}

/* A frame as it leaves the generator: fixed up, sometimes padded to the
 * Ethernet minimum of 60 bytes (what a NIC hands up after stripping the
 * FCS), sometimes cut short mid-header (what a snaplen or a broken sender
 * leaves), a few of those shorter than an Ethernet header. */
static const char *const kind_names[F_KINDS] = {
	"ipv4", "ipv6", "arp", "rarp", "mpls", "pppoe", "lldp", "llc", "junk", "big",
};

/* Returns the length the frame had before it was cut, or 0. */
static size_t make_frame(struct pkt *p, enum frame_kind kind)
{
	size_t full;

	p->n = 0;
	p->nfix = 0;
	p->quoted = false;
	p->frag = false;
	p->v6_final = 0;
	build(p, kind);
	finish(p);
	if (p->n < 60 && chance(60)) {
		memset(p->b + p->n, 0, 60 - p->n);
		p->n = 60;
	}
	full = p->n;
	if (chance(6) && p->n > 1) {
		size_t top = p->n - 1 < 120 ? p->n - 1 : 120;

		p->n = chance(60) ? rnd_between(1, top) : rnd_between(1, p->n - 1);
		return full;
	}
	return 0;
}

/* With -l, one line per frame: number, kind, length, "cut FULL" if cut. */
static int write_corpus(const char *path, unsigned long count, bool list)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 262144);
	struct pkt *p = malloc(sizeof(*p));
	pcap_dumper_t *d;

	if (!dead || !p) {
		fprintf(stderr, "gen_corpus: out of memory\n");
		return 1;
	}
	d = pcap_dump_open(dead, path);
	if (!d) {
		fprintf(stderr, "gen_corpus: %s\n", pcap_geterr(dead));
		return 1;
	}
	for (unsigned long i = 0; i < count; i++) {
		struct pcap_pkthdr h = { 0 };
		enum frame_kind kind = pick_kind();
		size_t full = make_frame(p, kind);

		if (list && full)
			printf("%lu %s %zu cut %zu\n", i + 1, kind_names[kind], p->n, full);
		else if (list)
			printf("%lu %s %zu\n", i + 1, kind_names[kind], p->n);
		h.ts.tv_sec = 1700000000 + (long)(i / 1000);
		h.ts.tv_usec = (long)(i % 1000) * 1000;
		h.caplen = h.len = (uint32_t)p->n;
		pcap_dump((u_char *)d, &h, p->b);
	}
	if (pcap_dump_flush(d)) {
		fprintf(stderr, "gen_corpus: %s: write error\n", path);
		return 1;
	}
	pcap_dump_close(d);
	pcap_close(dead);
	free(p);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long count = DEFAULT_COUNT;
	bool list = argc > 1 && !strcmp(argv[1], "-l");

	argc -= list;
	argv += list;
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: gen_corpus [-l] OUT.pcap [COUNT [SEED]]\n");
		return 2;
	}
	if (argc > 2)
		count = strtoul(argv[2], NULL, 0);
	rng_state = argc > 3 ? strtoull(argv[3], NULL, 0) : DEFAULT_SEED;
	return write_corpus(argv[1], count, list);
}
