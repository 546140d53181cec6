// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "reorder.h"

/* Records are stored back to back in chunks; a record larger than a chunk
 * gets a chunk of its own. */
#define CHUNK_SIZE (1u << 20)
/* Drained chunks kept for reuse. A chunk this size is an mmap() of its
 * own for malloc, so handing it back and asking again would cost a
 * munmap, an mmap and a page fault per 4 KiB on every MiB of packets. */
#define MAX_SPARE_CHUNKS 32

struct record_hdr {
	uint64_t ts;
	uint32_t len;
	uint32_t pad;
};

struct chunk {
	struct chunk *next;
	size_t size, head, tail; /* bytes: capacity, next to read, next to write */
	unsigned char data[];
};

struct source {
	struct chunk *first, *last;
	size_t records;
};

struct reorder {
	unsigned int nr_sources;
	struct source *sources;
	unsigned int *heap; /* source indices, min-heap on head timestamp */
	unsigned int heap_len;
	struct chunk *spare; /* drained chunks for reuse, linked by next */
	unsigned int nr_spare;
	size_t held_bytes, held_records;
};

static size_t record_span(size_t len)
{
	return (sizeof(struct record_hdr) + len + 7) & ~(size_t)7;
}

struct reorder *reorder__new(unsigned int nr_sources)
{
	struct reorder *r;

	if (!nr_sources) {
		errno = EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->nr_sources = nr_sources;
	r->sources = calloc(nr_sources, sizeof(*r->sources));
	r->heap = calloc(nr_sources, sizeof(*r->heap));
	if (!r->sources || !r->heap) {
		reorder__free(r);
		errno = ENOMEM;
		return NULL;
	}
	return r;
}

void reorder__free(struct reorder *r)
{
	if (!r)
		return;
	for (unsigned int i = 0; r->sources && i < r->nr_sources; i++) {
		struct chunk *c = r->sources[i].first;

		while (c) {
			struct chunk *next = c->next;

			free(c);
			c = next;
		}
	}
	while (r->spare) {
		struct chunk *next = r->spare->next;

		free(r->spare);
		r->spare = next;
	}
	free(r->sources);
	free(r->heap);
	free(r);
}

static const struct record_hdr *head_record(const struct source *s)
{
	return (const struct record_hdr *)(s->first->data + s->first->head);
}

static uint64_t head_ts(const struct reorder *r, unsigned int heap_pos)
{
	return head_record(&r->sources[r->heap[heap_pos]])->ts;
}

static void heap_swap(struct reorder *r, unsigned int a, unsigned int b)
{
	unsigned int tmp = r->heap[a];

	r->heap[a] = r->heap[b];
	r->heap[b] = tmp;
}

static void sift_up(struct reorder *r, unsigned int pos)
{
	while (pos > 0) {
		unsigned int parent = (pos - 1) / 2;

		if (head_ts(r, parent) <= head_ts(r, pos))
			break;
		heap_swap(r, parent, pos);
		pos = parent;
	}
}

static void sift_down(struct reorder *r, unsigned int pos)
{
	for (;;) {
		unsigned int left = 2 * pos + 1, right = left + 1, min = pos;

		if (left < r->heap_len && head_ts(r, left) < head_ts(r, min))
			min = left;
		if (right < r->heap_len && head_ts(r, right) < head_ts(r, min))
			min = right;
		if (min == pos)
			return;
		heap_swap(r, pos, min);
		pos = min;
	}
}

static struct chunk *new_chunk(struct reorder *r, size_t need)
{
	size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
	struct chunk *c;

	if (r->spare && size == CHUNK_SIZE) {
		c = r->spare;
		r->spare = c->next;
		r->nr_spare--;
	} else {
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
	}
	c->next = NULL;
	c->head = c->tail = 0;
	return c;
}

/* Space for one record at the tail of a source, or NULL. */
static struct record_hdr *reserve(struct reorder *r, struct source *s, size_t span)
{
	struct chunk *c = s->last;

	if (!c || c->size - c->tail < span) {
		c = new_chunk(r, span);
		if (!c)
			return NULL;
		if (s->last)
			s->last->next = c;
		else
			s->first = c;
		s->last = c;
	}
	c->tail += span;
	return (struct record_hdr *)(c->data + c->tail - span);
}

int reorder__push(struct reorder *r, unsigned int source, uint64_t ts, const void *data,
		  size_t len)
{
	struct source *s;
	struct record_hdr *h;
	bool was_empty;

	if (source >= r->nr_sources || len > UINT32_MAX)
		return -EINVAL;
	s = &r->sources[source];
	was_empty = s->records == 0;
	h = reserve(r, s, record_span(len));
	if (!h)
		return -ENOMEM;
	h->ts = ts;
	h->len = len;
	memcpy(h + 1, data, len);
	s->records++;
	r->held_records++;
	r->held_bytes += len;
	if (was_empty) {
		r->heap[r->heap_len++] = source;
		sift_up(r, r->heap_len - 1);
	}
	return 0;
}

/* Drop the head record of a source, recycling a drained chunk. */
static void advance(struct reorder *r, struct source *s)
{
	const struct record_hdr *h = head_record(s);
	struct chunk *c = s->first;

	r->held_bytes -= h->len;
	r->held_records--;
	s->records--;
	c->head += record_span(h->len);
	if (c->head < c->tail)
		return;
	s->first = c->next;
	if (!s->first)
		s->last = NULL;
	if (r->nr_spare < MAX_SPARE_CHUNKS && c->size == CHUNK_SIZE) {
		c->next = r->spare;
		r->spare = c;
		r->nr_spare++;
	} else {
		free(c);
	}
}

long reorder__pop_until(struct reorder *r, uint64_t limit, reorder_emit_fn fn, void *ctx)
{
	long emitted = 0;

	while (r->heap_len && head_ts(r, 0) <= limit) {
		unsigned int src = r->heap[0];
		struct source *s = &r->sources[src];
		const struct record_hdr *h = head_record(s);
		int err = fn(ctx, src, h->ts, h + 1, h->len);

		if (err < 0)
			return err;
		emitted++;
		advance(r, s);
		if (s->records) {
			sift_down(r, 0);
		} else {
			r->heap[0] = r->heap[--r->heap_len];
			sift_down(r, 0);
		}
	}
	return emitted;
}

uint64_t reorder__oldest(const struct reorder *r)
{
	return r->heap_len ? head_ts(r, 0) : UINT64_MAX;
}

size_t reorder__held_bytes(const struct reorder *r)
{
	return r->held_bytes;
}

size_t reorder__held_records(const struct reorder *r)
{
	return r->held_records;
}
