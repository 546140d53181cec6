// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: what `xdpdump -r FILE` does with a file before the
 * kernel sees it. libpcap parses the file (pcap_open_offline); our code is
 * xdpdump/offline/pcap_front.c, which turns what libpcap returns into packets and
 * timestamps, and lib/pcapng.c, which writes the packets the capture
 * program kept. The test run itself needs the kernel and is left out: the
 * capture program keeps min(snaplen, caplen) bytes of a frame, which is
 * what this target writes.
 *
 * For every input: a file pcap_source__open() refuses comes with a reason;
 * every packet pcap_source__next() returns has caplen readable bytes (a
 * caplen above len is passed on as libpcap reads it, and left out here); the writer accepts every packet of at least an Ethernet
 * header (as replay.c hands them over), in pcapng and, up to the first
 * time past 2106 (-ERANGE, its documented limit), in pcap; and reading the
 * written files back gives the same packets. Anything else aborts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "offline/pcap_front.h"
#include "pcapng.h"

#define SNAPLEN 262144 /* XDPDUMP_DEFAULT_SNAPLEN */
#define ETH_HEADER 14
/* Enough to reach every code path; more only makes each input slower. */
#define MAX_PACKETS 256

struct kept {
	uint32_t caplen, len;
	uint64_t ts_ns;
	uint32_t sum; /* of the kept bytes */
};

struct run {
	struct kept pkts[MAX_PACKETS];
	size_t n;
	size_t n_pcap; /* pcap stops at the first time past 2106 */
};

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_pcap_read: %s: %s\n", what, detail);
	abort();
}

/* Reads every byte, so that ASan sees a caplen longer than the data. */
static uint32_t checksum(const uint8_t *p, uint32_t n)
{
	uint32_t s = 0;

	for (uint32_t i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

static int memfd_with(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz_pcap_read", 0);

	if (fd < 0)
		die("memfd_create", strerror(errno));
	if (size && write(fd, data, size) != (ssize_t)size)
		die("write", strerror(errno));
	return fd;
}

static struct pcap_source *open_fd(int fd, char *err, size_t err_size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return pcap_source__open(path, err, err_size);
}

static struct capture_writer *writer_for(int fd, enum capture_format format)
{
	struct capture_writer_opts opts = { .sz = sizeof(opts), .format = format };
	struct capture_interface idb = {
		.name = "fuzz", .filter = "ip", .snaplen = SNAPLEN, .linktype = 1
	};
	struct capture_writer *w = capture_writer__open_fd(fd, &opts);

	if (!w || capture_writer__add_interface(w, &idb) != 0)
		die("writer", strerror(errno));
	return w;
}

/* 0, or -ERANGE for a time classic pcap cannot hold (its documented limit). */
static int write_kept(struct capture_writer *w, const struct pcap_source_packet *pkt,
		      uint32_t cap, uint64_t id, enum capture_format format)
{
	struct capture_packet out = { .ts_ns = pkt->ts_ns,
				      .caplen = cap,
				      .origlen = pkt->len,
				      .data = pkt->data,
				      .flags = CAPTURE_EPB_INBOUND,
				      .has_packet_id = true,
				      .packet_id = id };
	char code[16];
	int err = capture_writer__write_packet(w, &out);

	if (err == -ERANGE && format == CAPTURE_FORMAT_PCAP &&
	    pkt->ts_ns / 1000000000u > UINT32_MAX)
		return err;
	if (err) {
		snprintf(code, sizeof(code), "%d", err);
		die("the writer refused a packet", code);
	}
	return 0;
}

/* The input as replay.c reads it, written by both writers. */
static void read_input(int in_fd, int ng_fd, int pcap_fd, struct run *r)
{
	struct capture_writer *ng = writer_for(ng_fd, CAPTURE_FORMAT_PCAPNG);
	struct capture_writer *pc = writer_for(pcap_fd, CAPTURE_FORMAT_PCAP);
	struct pcap_source_packet pkt;
	struct pcap_source *src;
	char err[512] = "";
	int ret;

	src = open_fd(in_fd, err, sizeof(err));
	if (!src && !err[0])
		die("refused without a reason", "");
	while (src && r->n < MAX_PACKETS &&
	       (ret = pcap_source__next(src, &pkt, err, sizeof(err))) == 1) {
		uint32_t cap = pkt.caplen < SNAPLEN ? pkt.caplen : SNAPLEN;

		checksum(pkt.data, pkt.caplen);
		if (pkt.caplen < ETH_HEADER || pkt.caplen > pkt.len)
			continue;
		write_kept(ng, &pkt, cap, r->n, CAPTURE_FORMAT_PCAPNG);
		if (r->n_pcap == r->n && !write_kept(pc, &pkt, cap, r->n, CAPTURE_FORMAT_PCAP))
			r->n_pcap++;
		r->pkts[r->n++] =
			(struct kept){ cap, pkt.len, pkt.ts_ns, checksum(pkt.data, cap) };
	}
	if (src && r->n < MAX_PACKETS && ret < 0 && !err[0])
		die("read error without a reason", "");
	pcap_source__close(src);
	if (capture_writer__close(ng) || capture_writer__close(pc))
		die("writer close", "");
}

static void read_back(int fd, const struct run *r, size_t n, enum capture_format format)
{
	struct pcap_source_packet pkt;
	struct pcap_source *src;
	char err[512] = "";
	size_t i = 0;
	int ret;

	lseek(fd, 0, SEEK_SET);
	src = open_fd(fd, err, sizeof(err));
	if (!src)
		die("our own file does not open", err);
	while ((ret = pcap_source__next(src, &pkt, err, sizeof(err))) == 1) {
		const struct kept *k;

		if (i >= n)
			die("read back more packets than written", "");
		k = &r->pkts[i];
		if (pkt.caplen != k->caplen || pkt.len != k->len || pkt.ts_ns != k->ts_ns ||
		    checksum(pkt.data, pkt.caplen) != k->sum)
			die("a packet read back differs",
			    format == CAPTURE_FORMAT_PCAP ? "pcap" : "pcapng");
		i++;
	}
	if (ret < 0)
		die("our own file does not read", err);
	if (i != n)
		die("read back fewer packets than written", "");
	pcap_source__close(src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	int in_fd = memfd_with(data, size);
	int ng_fd = memfd_with(NULL, 0), pcap_fd = memfd_with(NULL, 0);

	r.n = r.n_pcap = 0;
	read_input(in_fd, ng_fd, pcap_fd, &r);
	read_back(ng_fd, &r, r.n, CAPTURE_FORMAT_PCAPNG);
	read_back(pcap_fd, &r, r.n_pcap, CAPTURE_FORMAT_PCAP);
	close(in_fd);
	close(ng_fd);
	close(pcap_fd);
	return 0;
}
