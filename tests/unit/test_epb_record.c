// SPDX-License-Identifier: GPL-2.0
/*
 * xdpdump/capture/epb_record.c: the head of a ring buffer record is
 * accepted only when the block inside is whole (type, lengths, closing
 * length), and decoding a block gives back what the capture program put
 * in: lengths, packet, packet id, queue, and for exit records the
 * verdict. The blocks here are laid out byte by byte as
 * bpf/capture_common.h makes them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
/* The tool's sources are not in the unit tests' library: take the one
 * file whole. */
#include "capture/epb_record.c"

#define UNIT_NAME "test_epb_record"
#include "unit_check.h"

static uint8_t rec[256];

static size_t put32(size_t at, uint32_t v)
{
	memcpy(rec + at, &v, 4);
	return at + 4;
}

static size_t put_opt_head(size_t at, uint16_t code, uint16_t len)
{
	memcpy(rec + at, &code, 2);
	memcpy(rec + at + 2, &len, 2);
	return at + 4;
}

/* A record as the program makes it; returns its length (8 + block). */
static size_t make_record(uint32_t cap, uint32_t len, bool exit_point, uint32_t action)
{
	uint64_t mono = 123456789, wall = 1796600000123456789ull, id = (1ull << 48) | 7;
	uint32_t block_len = 28 + ((cap + 3) & ~3u) + (exit_point ? 52 : 36);
	size_t at;

	memset(rec, 0xee, sizeof(rec));
	memcpy(rec, &mono, 8);
	at = put32(8, XDPDUMP_EPB_TYPE);
	at = put32(at, block_len);
	at = put32(at, 3);
	at = put32(at, wall >> 32);
	at = put32(at, (uint32_t)wall);
	at = put32(at, cap);
	at = put32(at, len);
	for (uint32_t i = 0; i < cap; i++)
		rec[at + i] = (uint8_t)i;
	memset(rec + at + cap, 0, ((cap + 3) & ~3u) - cap);
	at += (cap + 3) & ~3u;
	at = put_opt_head(at, XDPDUMP_EPB_OPT_FLAGS, 4);
	at = put32(at, XDPDUMP_EPB_FLAG_INBOUND);
	at = put_opt_head(at, XDPDUMP_EPB_OPT_PACKETID, 8);
	memcpy(rec + at, &id, 8);
	at += 8;
	at = put_opt_head(at, XDPDUMP_EPB_OPT_QUEUE, 4);
	at = put32(at, 5);
	if (exit_point) {
		uint64_t v = action;

		at = put_opt_head(at, XDPDUMP_EPB_OPT_VERDICT, 9);
		rec[at] = XDPDUMP_EPB_VERDICT_XDP;
		memcpy(rec + at + 1, &v, 8);
		memset(rec + at + 9, 0, 3);
		at += 12;
	}
	at = put_opt_head(at, 0, 0);
	at = put32(at, block_len);
	return at;
}

static void test_entry(void)
{
	size_t n = make_record(61, 1514, false, 0);
	struct epb_record r;
	struct xdpdump_meta m;
	const uint8_t *data;

	CHECK(n == 8 + 28 + 64 + 36, "record length %zu", n);
	CHECK(!epb_record__head(rec, n, &r), "a whole entry block refused");
	CHECK(r.mono_ns == 123456789 && r.block_len == n - 8 && r.if_id == 3,
	      "head: mono %llu, length %u, if %u", (unsigned long long)r.mono_ns, r.block_len,
	      r.if_id);
	CHECK(r.wall_ns == 1796600000123456789ull, "wall %llu", (unsigned long long)r.wall_ns);
	CHECK(!epb_record__decode(&r, &m, &data), "entry options do not parse");
	CHECK(m.cap_len == 61 && m.pkt_len == 1514 && m.point == XDPDUMP_POINT_ENTRY,
	      "cap %u len %u point %u", m.cap_len, m.pkt_len, m.point);
	CHECK(m.packet_id == ((1ull << 48) | 7) && m.rx_queue == 5, "id %llx queue %u",
	      (unsigned long long)m.packet_id, m.rx_queue);
	CHECK(data == rec + 36 && data[60] == 60, "packet bytes");
	/* The ring record may be longer than the block (a size class). */
	CHECK(!epb_record__head(rec, n + 100, &r) && r.block_len == n - 8,
	      "a block in a larger record");
	printf("PASS test_epb_record: an entry block: head and options as made\n");
}

static void test_exit(void)
{
	size_t n = make_record(4, 60, true, 3);
	struct epb_record r;
	struct xdpdump_meta m;
	const uint8_t *data;

	CHECK(!epb_record__head(rec, n, &r), "a whole exit block refused");
	CHECK(!epb_record__decode(&r, &m, &data), "exit options do not parse");
	CHECK(m.point == XDPDUMP_POINT_EXIT && m.action == 3, "point %u action %u", m.point,
	      m.action);
	printf("PASS test_epb_record: an exit block: the verdict makes an exit record\n");
}

static void test_refused(void)
{
	size_t n = make_record(100, 100, false, 0);
	struct epb_record r;
	uint32_t bad;

	CHECK(epb_record__head(rec, 7, &r) == -EINVAL, "a record shorter than its key");
	CHECK(epb_record__head(rec, n - 4, &r) == -EINVAL, "a block cut short");
	bad = n - 8 + 4;
	memcpy(rec + n - 4, &bad, 4);
	CHECK(epb_record__head(rec, n, &r) == -EINVAL, "a closing length that differs");
	n = make_record(100, 100, false, 0);
	bad = 5;
	memcpy(rec + 8, &bad, 4);
	CHECK(epb_record__head(rec, n, &r) == -EINVAL, "a block of another type");
	n = make_record(100, 100, false, 0);
	bad = 1000;
	memcpy(rec + 28, &bad, 4);
	CHECK(epb_record__head(rec, n, &r) == -EINVAL, "a captured length past the block");
	n = make_record(100, 100, false, 0);
	/* An option whose length runs past the end of the block. */
	put_opt_head(36 + 100, XDPDUMP_EPB_OPT_QUEUE, 200);
	CHECK(!epb_record__head(rec, n, &r), "head of a block with a bad option");
	{
		struct xdpdump_meta m;
		const uint8_t *data;

		CHECK(epb_record__decode(&r, &m, &data) == -EINVAL, "an option past the block");
	}
	printf("PASS test_epb_record: damaged records refused\n");
}

int main(void)
{
	test_entry();
	test_exit();
	test_refused();
	return failures ? 1 : 0;
}
