// SPDX-License-Identifier: GPL-2.0
/*
 * lib/pcapng_stream reads back what lib/pcapng writes, whatever pieces the
 * bytes arrive in: interfaces (name, description, filter, comment ignored),
 * packets with every option xdpdump writes, statistics; a second section's
 * interfaces get new ids; bad streams are refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pcapng.h"
#include "pcapng_stream.h"

#define UNIT_NAME "test_pcapng_stream"
#include "unit_check.h"

#define NR_PACKETS 50

/* A capture file in memory: two interfaces, packets, one ISB each. */
static size_t write_stream(uint8_t *buf, size_t size)
{
	FILE *f = tmpfile();
	struct capture_writer *w = capture_writer__open_fd(fileno(f), NULL);
	struct capture_interface a = { .name = "hosta:veth0",
				       .description = "XDP entry",
				       .filter = "udp and port 7",
				       .comment = "offset +5 ns",
				       .snaplen = 262144,
				       .linktype = 1 };
	struct capture_interface b = { .name = "ns/veth1", .snaplen = 128, .linktype = 1 };
	uint8_t data[200];
	size_t n;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = i;
	capture_writer__add_interface(w, &a);
	capture_writer__add_interface(w, &b);
	for (unsigned int i = 0; i < NR_PACKETS; i++) {
		struct capture_packet p = {
			.if_id = i % 2,
			.ts_ns = 1700000000123456789ull + i,
			.caplen = i % 2 ? 100 : 1 + i,
			.origlen = 150,
			.data = data,
			.flags = CAPTURE_EPB_INBOUND,
			.has_queue = true,
			.queue = i,
			.has_packet_id = true,
			.packet_id = 1000 + i,
			.has_verdict = i % 3 == 0,
			.verdict_type = CAPTURE_VERDICT_EBPF_XDP,
			.verdict = 2,
			.comment = i == 7 ? "late" : NULL,
		};
		capture_writer__write_packet(w, &p);
	}
	struct capture_if_stats st = { .start_ns = 1700000000000000000ull,
				       .end_ns = 1700000001000000000ull,
				       .has_ifrecv = true,
				       .ifrecv = 77,
				       .has_osdrop = true,
				       .osdrop = 3 };
	capture_writer__write_stats(w, 1, &st);
	capture_writer__close(w);
	rewind(f);
	n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

struct counts {
	unsigned int sections, ifaces, packets, stats;
};

static void check_packet(const struct pcapng_record *r, unsigned int i)
{
	CHECK(r->pkt.if_id == i % 2, "packet %u: if_id %u", i, r->pkt.if_id);
	CHECK(r->pkt.ts_ns == 1700000000123456789ull + i, "packet %u: ts %llu", i,
	      (unsigned long long)r->pkt.ts_ns);
	CHECK(r->pkt.caplen == (i % 2 ? 100 : 1 + i) && r->pkt.origlen == 150,
	      "packet %u: lengths %u/%u", i, r->pkt.caplen, r->pkt.origlen);
	CHECK(((const uint8_t *)r->pkt.data)[r->pkt.caplen - 1] == r->pkt.caplen - 1,
	      "packet %u: data", i);
	CHECK(r->pkt.has_queue && r->pkt.queue == i && r->pkt.has_packet_id &&
		      r->pkt.packet_id == 1000 + i,
	      "packet %u: queue/packet id", i);
	CHECK(r->pkt.has_verdict == (i % 3 == 0) && (!r->pkt.has_verdict || r->pkt.verdict == 2),
	      "packet %u: verdict", i);
	CHECK((i == 7) == (r->pkt.comment != NULL) &&
		      (!r->pkt.comment || !strcmp(r->pkt.comment, "late")),
	      "packet %u: comment", i);
}

/* Feed in pieces of `chunk` bytes; check every record as it comes. */
static void read_in_chunks(const uint8_t *buf, size_t len, size_t chunk, struct counts *c)
{
	struct pcapng_stream *s = pcapng_stream__new();
	struct pcapng_record r;
	int ret;

	memset(c, 0, sizeof(*c));
	for (size_t off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;

		CHECK(!pcapng_stream__feed(s, buf + off, n), "feed");
		while ((ret = pcapng_stream__next(s, &r)) > 0) {
			if (r.type == PCAPNG_REC_SECTION)
				c->sections++;
			else if (r.type == PCAPNG_REC_INTERFACE)
				c->ifaces++;
			else if (r.type == PCAPNG_REC_STATS)
				c->stats++;
			if (r.type == PCAPNG_REC_STATS)
				CHECK(r.if_id == 1 + 2 * (c->sections - 1) &&
					      r.stats.ifrecv == 77 && r.stats.osdrop == 3 &&
					      r.stats.end_ns == 1700000001000000000ull,
				      "stats");
			if (r.type != PCAPNG_REC_PACKET)
				continue;
			r.pkt.if_id -= 2 * (c->sections - 1);
			check_packet(&r, c->packets++ % NR_PACKETS);
		}
		CHECK(ret == 0, "next: %d at offset %zu (chunk %zu)", ret, off, chunk);
	}
	const struct pcapng_stream_iface *ifc = pcapng_stream__iface(s, 0);
	CHECK(ifc && !strcmp(ifc->name, "hosta:veth0") &&
		      !strcmp(ifc->filter, "udp and port 7") &&
		      !strcmp(ifc->description, "XDP entry") && ifc->snaplen == 262144,
	      "interface 0");
	CHECK(pcapng_stream__pending(s) == 0, "bytes left over");
	pcapng_stream__free(s);
}

static void test_round_trip(void)
{
	static uint8_t buf[1 << 20];
	size_t len = write_stream(buf, sizeof(buf) / 2);
	struct counts c;

	CHECK(len > 1000, "wrote %zu bytes", len);
	/* A second section in the same stream, as after a restart. */
	memcpy(buf + len, buf, len);
	for (size_t chunk = 1; chunk < 4096; chunk = chunk * 3 + 1) {
		read_in_chunks(buf, 2 * len, chunk, &c);
		CHECK(c.sections == 2 && c.ifaces == 4 && c.packets == 2 * NR_PACKETS &&
			      c.stats == 2,
		      "chunk %zu: %u sections, %u interfaces, %u packets, %u stats", chunk,
		      c.sections, c.ifaces, c.packets, c.stats);
	}
}

static void test_bad_streams(void)
{
	static const uint8_t text[] = "xdpdump: unknown option\n and more text here";
	static uint8_t buf[1 << 16];
	size_t len = write_stream(buf, sizeof(buf));
	struct pcapng_stream *s = pcapng_stream__new();
	struct pcapng_record r;

	pcapng_stream__feed(s, text, sizeof(text));
	CHECK(pcapng_stream__next(s, &r) == -EINVAL, "text taken for pcapng");
	pcapng_stream__free(s);
	/* A block whose trailing length disagrees with its head. */
	s = pcapng_stream__new();
	buf[len - 1] ^= 0x40;
	pcapng_stream__feed(s, buf, len);
	int ret;
	while ((ret = pcapng_stream__next(s, &r)) > 0)
		;
	CHECK(ret == -EINVAL || ret == -E2BIG, "a corrupt last block: %d", ret);
	pcapng_stream__free(s);
}

int main(void)
{
	test_round_trip();
	test_bad_streams();
	return failures ? 1 : 0;
}
