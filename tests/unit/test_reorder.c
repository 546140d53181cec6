// SPDX-License-Identifier: GPL-2.0
/*
 * lib/reorder: records pushed from several sources, each in time order but
 * interleaved arbitrarily, come out in global time order, with every byte
 * intact, none lost or duplicated, and nothing newer than the limit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reorder.h"

#define UNIT_NAME "test_reorder"
#include "unit_check.h"

struct collected {
	uint64_t last_ts;
	size_t count;
	size_t bytes;
	int order_errors;
	int content_errors;
	uint64_t limit;
	int beyond_limit;
	uint64_t seen_sum; /* sum of (source, seq) fingerprints */
};

/* Each record carries its own source and sequence, and a fill pattern. */
struct payload {
	unsigned int source;
	unsigned int seq;
	unsigned char fill[];
};

static int collect(void *ctx, unsigned int source, uint64_t ts, const void *data, size_t len)
{
	struct collected *c = ctx;
	const struct payload *p = data;

	if (ts < c->last_ts)
		c->order_errors++;
	if (ts > c->limit)
		c->beyond_limit++;
	c->last_ts = ts;
	if (p->source != source)
		c->content_errors++;
	for (size_t i = 0; i < len - sizeof(*p); i++)
		if (p->fill[i] != (unsigned char)(p->seq + i))
			c->content_errors++;
	c->count++;
	c->bytes += len;
	c->seen_sum += (uint64_t)p->source * 1000003u + p->seq;
	return 0;
}

static size_t push_record(struct reorder *r, unsigned int source, unsigned int seq, uint64_t ts,
			  size_t fill_len)
{
	struct payload *p = malloc(sizeof(*p) + fill_len);

	p->source = source;
	p->seq = seq;
	for (size_t i = 0; i < fill_len; i++)
		p->fill[i] = (unsigned char)(seq + i);
	if (reorder__push(r, source, ts, p, sizeof(*p) + fill_len))
		fill_len = (size_t)-1;
	free(p);
	return fill_len;
}

/* 8 sources, 200,000 records, random interleaving and sizes (some larger
 * than a chunk), popped in stages with rising limits. */
static void test_merge_random(void)
{
	enum { SOURCES = 8, RECORDS = 200000 };
	uint64_t next_ts[SOURCES] = { 0 }, expect_sum = 0, expect_bytes = 0;
	unsigned int seq[SOURCES] = { 0 };
	struct collected c = { 0 };
	struct reorder *r = reorder__new(SOURCES);

	CHECK(r, "reorder__new failed");
	srand(42);
	for (int i = 0; i < RECORDS; i++) {
		unsigned int s = rand() % SOURCES;
		size_t len = (i % 5000 == 0) ? (2u << 20) : (size_t)(rand() % 1600);

		next_ts[s] += 1 + rand() % 1000;
		CHECK(push_record(r, s, seq[s], next_ts[s], len) == len, "push failed");
		expect_sum += (uint64_t)s * 1000003u + seq[s];
		expect_bytes += sizeof(struct payload) + len;
		seq[s]++;
		if (i % 10000 == 9999) {
			/* Everything up to the slowest source's time may go. */
			uint64_t limit = UINT64_MAX;

			for (int k = 0; k < SOURCES; k++)
				if (next_ts[k] < limit)
					limit = next_ts[k];
			c.limit = limit;
			CHECK(reorder__pop_until(r, limit, collect, &c) >= 0, "pop failed");
			CHECK(reorder__oldest(r) > limit, "a record <= limit was held back");
		}
	}
	c.limit = UINT64_MAX;
	CHECK(reorder__pop_until(r, UINT64_MAX, collect, &c) >= 0, "final pop failed");
	CHECK(c.count == RECORDS, "emitted %zu of %d records", c.count, RECORDS);
	CHECK(c.bytes == expect_bytes, "emitted %zu of %llu bytes", c.bytes,
	      (unsigned long long)expect_bytes);
	CHECK(c.seen_sum == expect_sum, "records lost or duplicated");
	CHECK(!c.order_errors, "%d records out of time order", c.order_errors);
	CHECK(!c.content_errors, "%d corrupted records", c.content_errors);
	CHECK(!c.beyond_limit, "%d records emitted past the limit", c.beyond_limit);
	CHECK(reorder__held_records(r) == 0 && reorder__held_bytes(r) == 0,
	      "buffer not empty after full pop");
	reorder__free(r);
	printf("PASS test_reorder: merge of %d records from %d sources in time order\n", RECORDS,
	       SOURCES);
}

static int stop_after_three(void *ctx, unsigned int source, uint64_t ts, const void *data,
			    size_t len)
{
	int *n = ctx;

	(void)source, (void)ts, (void)data, (void)len;
	return ++*n > 3 ? -ECANCELED : 0;
}

/* A callback error stops the pop and leaves the record in place. */
static void test_callback_stop(void)
{
	struct reorder *r = reorder__new(2);
	int n = 0;

	CHECK(r, "reorder__new failed");
	for (unsigned int i = 0; i < 10; i++)
		CHECK(push_record(r, i % 2, i, 100 + i, 10) == 10, "push failed");
	CHECK(reorder__pop_until(r, UINT64_MAX, stop_after_three, &n) == -ECANCELED,
	      "error not returned");
	CHECK(reorder__held_records(r) == 7, "held %zu, want 7", reorder__held_records(r));
	CHECK(reorder__oldest(r) == 103, "oldest %llu, want 103",
	      (unsigned long long)reorder__oldest(r));
	CHECK(reorder__push(r, 2, 1, "x", 1) == -EINVAL, "bad source accepted");
	reorder__free(r);
	printf("PASS test_reorder: callback error stops the pop and keeps the record\n");
}

int main(void)
{
	test_merge_random();
	test_callback_stop();
	return failures ? 1 : 0;
}
