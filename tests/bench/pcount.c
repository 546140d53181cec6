// SPDX-License-Identifier: GPL-2.0
/*
 * pcount: count the packets in a pcap or pcapng file, fast (capinfos takes
 * seconds per million packets; this walks a mapped file).
 *
 *   pcount [-p DST-PORT] [-n SEQS] FILE
 *
 * Prints "packets=N gen=N dup=N reordered=N". gen counts the frames that
 * xdp_gen sent (UDP/IPv4 to DST-PORT, default 9), so stray packets in a
 * capture (IPv6 housekeeping, say) are told apart. Each generator frame
 * carries a sequence number at the start of its payload: dup counts
 * numbers seen twice (below SEQS, default 2^26), reordered counts frames
 * whose number is lower than one before it in the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.txt) */
#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_FILE_HDR 24
#define PCAP_REC_HDR 16
/* pcapng (draft-ietf-opsawg-pcapng) block types */
#define PCAPNG_SHB 0x0a0d0d0au
#define PCAPNG_BOM 0x1a2b3c4du
#define PCAPNG_IDB 1u
#define PCAPNG_PB 2u
#define PCAPNG_SPB 3u
#define PCAPNG_EPB 6u

struct counts {
	uint64_t packets, gen, dup, reordered;
	uint64_t max_seq;
	int any_seq;
	uint8_t *seen;
	uint64_t nseqs;
	unsigned int dport;
};

struct file {
	const uint8_t *p;
	size_t len;
	int swap;
	uint32_t snaplen;
};

static uint32_t rd32(const struct file *f, size_t off)
{
	uint32_t v;

	memcpy(&v, f->p + off, sizeof(v));
	return f->swap ? __builtin_bswap32(v) : v;
}

static uint32_t be(const uint8_t *p, int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

/* Frame layout as xdp_gen builds it: Ethernet, IPv4, UDP, 32-bit sequence. */
static void count_frame(struct counts *c, const uint8_t *d, uint32_t caplen)
{
	uint32_t seq;

	c->packets++;
	if (caplen < 46 || be(d + 12, 2) != 0x0800 || d[23] != 17 || be(d + 36, 2) != c->dport)
		return;
	c->gen++;
	seq = be(d + 42, 4);
	if (c->any_seq && seq < c->max_seq)
		c->reordered++;
	if (!c->any_seq || seq > c->max_seq)
		c->max_seq = seq;
	c->any_seq = 1;
	if (seq < c->nseqs) {
		if (c->seen[seq / 8] & (1u << (seq % 8)))
			c->dup++;
		c->seen[seq / 8] |= 1u << (seq % 8);
	}
}

static int walk_pcap(struct file *f, struct counts *c)
{
	size_t off = PCAP_FILE_HDR;

	while (off + PCAP_REC_HDR <= f->len) {
		uint32_t caplen = rd32(f, off + 8);

		if (off + PCAP_REC_HDR + caplen > f->len)
			return -EINVAL;
		count_frame(c, f->p + off + PCAP_REC_HDR, caplen);
		off += PCAP_REC_HDR + caplen;
	}
	return off == f->len ? 0 : -EINVAL;
}

static void pcapng_block(struct file *f, struct counts *c, size_t off, uint32_t type,
			 uint32_t blen)
{
	uint32_t caplen;

	switch (type) {
	case PCAPNG_IDB:
		f->snaplen = rd32(f, off + 12);
		break;
	case PCAPNG_EPB:
		caplen = rd32(f, off + 20);
		if (28 + caplen + 4 <= blen)
			count_frame(c, f->p + off + 28, caplen);
		break;
	case PCAPNG_PB:
		caplen = rd32(f, off + 20);
		if (28 + caplen + 4 <= blen)
			count_frame(c, f->p + off + 28, caplen);
		break;
	case PCAPNG_SPB:
		caplen = rd32(f, off + 8);
		if (f->snaplen && caplen > f->snaplen)
			caplen = f->snaplen;
		if (caplen > blen - 16)
			caplen = blen - 16;
		count_frame(c, f->p + off + 12, caplen);
		break;
	}
}

static int walk_pcapng(struct file *f, struct counts *c)
{
	size_t off = 0;

	while (off + 12 <= f->len) {
		uint32_t type, blen;

		/* Every section header says the byte order of its section. */
		if (rd32(f, off) == PCAPNG_SHB || __builtin_bswap32(rd32(f, off)) == PCAPNG_SHB)
			f->swap = rd32(f, off + 8) != PCAPNG_BOM;
		type = rd32(f, off);
		blen = rd32(f, off + 4);
		if (blen < 12 || blen % 4 || off + blen > f->len)
			return -EINVAL;
		pcapng_block(f, c, off, type, blen);
		off += blen;
	}
	return off == f->len ? 0 : -EINVAL;
}

static int walk(struct file *f, struct counts *c)
{
	uint32_t magic;

	if (f->len < PCAP_FILE_HDR)
		return f->len ? -EINVAL : 0;
	memcpy(&magic, f->p, sizeof(magic));
	if (magic == PCAPNG_SHB)
		return walk_pcapng(f, c);
	if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS)
		return walk_pcap(f, c);
	magic = __builtin_bswap32(magic);
	if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS) {
		f->swap = 1;
		return walk_pcap(f, c);
	}
	return -EINVAL;
}

static int map_file(const char *path, struct file *f)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	f->len = st.st_size;
	f->p = f->len ? mmap(NULL, f->len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0) : NULL;
	close(fd);
	if (f->p == MAP_FAILED)
		return -errno;
	if (f->len)
		madvise((void *)f->p, f->len, MADV_SEQUENTIAL);
	return 0;
}

int main(int argc, char **argv)
{
	struct counts c = { .dport = 9, .nseqs = 1ULL << 26 };
	struct file f = { 0 };
	int opt, err;

	while ((opt = getopt(argc, argv, "p:n:")) != -1) {
		if (opt == 'p')
			c.dport = strtoul(optarg, NULL, 10);
		else if (opt == 'n')
			c.nseqs = strtoull(optarg, NULL, 10);
		else
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;
	c.seen = calloc(c.nseqs / 8 + 1, 1);
	err = c.seen ? map_file(argv[optind], &f) : -ENOMEM;
	if (!err)
		err = walk(&f, &c);
	printf("packets=%llu gen=%llu dup=%llu reordered=%llu\n", (unsigned long long)c.packets,
	       (unsigned long long)c.gen, (unsigned long long)c.dup,
	       (unsigned long long)c.reordered);
	if (err)
		fprintf(stderr, "pcount: %s: %s\n", argv[optind],
			err == -EINVAL ? "truncated or not a capture file" : strerror(-err));
	return err ? 1 : 0;
usage:
	fprintf(stderr, "usage: pcount [-p DST-PORT] [-n SEQS] FILE\n");
	return 2;
}
