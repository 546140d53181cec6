// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "capture_session.h"
#include "epb_merge.h"
#include "epb_record.h"
#include "log.h"
#include "ringbuf_reader.h"

/* Records seen in one ring in one pass: without a bound a busy ring
 * would keep the loop from ever writing. */
#define RINGBUF_BATCH 16384

/* A record seen, still in the ring (or, if it wrapped, in copy). */
struct held {
	struct epb_record r;
	unsigned long pos;
	void *copy;
};

/* One interface's records in time order: v[head..n). */
struct epb_queue {
	struct held *v;
	size_t head, n, cap;
	bool truncated; /* the last pass stopped with records unseen */
	uint64_t last_seen_ts; /* the stamp of the last record seen */
};

struct epb_queue *epb_queue__new(void)
{
	return calloc(1, sizeof(struct epb_queue));
}

void epb_queue__free(struct epb_queue *q)
{
	if (!q)
		return;
	for (size_t i = q->head; i < q->n; i++)
		free(q->v[i].copy);
	free(q->v);
	free(q);
}

static int queue_room(struct epb_queue *q)
{
	struct held *v;
	size_t cap;

	if (q->head && q->head == q->n)
		q->head = q->n = 0;
	if (q->n < q->cap)
		return 0;
	if (q->head > q->cap / 2) {
		memmove(q->v, q->v + q->head, (q->n - q->head) * sizeof(*q->v));
		q->n -= q->head;
		q->head = 0;
		return 0;
	}
	cap = q->cap ? 2 * q->cap : 1024;
	v = realloc(q->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	q->v = v;
	q->cap = cap;
	return 0;
}

/* In time order: the ring is nearly so, so this moves an entry back a
 * step or two at most, rarely at all. */
static void queue_insert(struct epb_queue *q, const struct held *h)
{
	size_t i = q->n++;

	while (i > q->head && q->v[i - 1].r.mono_ns > h->r.mono_ns) {
		q->v[i] = q->v[i - 1];
		i--;
	}
	q->v[i] = *h;
}

static int scan_ring(struct capture_iface *ci, uint64_t *horizon)
{
	struct epb_queue *q = ci->epb;
	struct ringbuf_record rec;
	size_t seen = 0;
	int ret = 0;

	while (seen < RINGBUF_BATCH && (ret = ringbuf_reader__next(ci->rb, &rec)) > 0) {
		struct held h = { .pos = rec.pos, .copy = rec.copied ? (void *)rec.data : NULL };

		if (epb_record__head(rec.data, rec.len, &h.r)) {
			free(h.copy);
			pr_err("%s: a ring buffer record of %u bytes is not a packet block\n",
			       ci->name, rec.len);
			return -EPROTO;
		}
		ret = queue_room(q);
		if (ret) {
			free(h.copy);
			return ret;
		}
		queue_insert(q, &h);
		q->last_seen_ts = h.r.mono_ns;
		ci->captured++;
		seen++;
	}
	if (ret < 0)
		return ret;
	/* Stopped with more waiting: what is unseen is newer than the last
	 * record seen (but for the reorder window), not newer than now. */
	q->truncated = seen == RINGBUF_BATCH && ringbuf_reader__unseen(ci->rb);
	if (q->truncated && q->last_seen_ts < *horizon)
		*horizon = q->last_seen_ts;
	return 0;
}

/* The interface id a record made before its IDB was written gets. */
static uint32_t record_if_id(const struct capture_iface *ci, uint32_t if_id)
{
	uint32_t source = if_id & ~XDPDUMP_EPB_IF_UNSET;

	if (!(if_id & XDPDUMP_EPB_IF_UNSET))
		return if_id;
	if (trace_attachment__count(ci->att.trace) > 1 && source < TRACE_MAX_PROGS)
		return ci->traced_if_ids[source];
	return ci->if_id;
}

/* The outputs that are not the block as it is: pcap, the printer, a late
 * record's comment, an id to fill in. */
static int write_rebuilt(struct capture_session *s, struct capture_iface *ci,
			 const struct held *h, uint64_t wall_ns, const char *note)
{
	struct xdpdump_meta meta;
	const uint8_t *data;

	if (epb_record__decode(&h->r, &meta, &data)) {
		pr_err("%s: a ring buffer record's options do not parse\n", ci->name);
		return -EPROTO;
	}
	return output__packet(s->out, record_if_id(ci, h->r.if_id), ci->name, wall_ns, &meta,
			      data, note);
}

static int write_held(struct capture_session *s, struct capture_iface *ci, const struct held *h)
{
	uint64_t wall = h->r.wall_ns;
	const char *note;
	char comment[96];

	if (s->opts.count && s->written >= s->opts.count)
		return -ECANCELED;
	note = capture_session__place(s, h->r.mono_ns, &wall, comment, sizeof(comment));
	if (note || !output__takes_blocks(s->out) || (h->r.if_id & XDPDUMP_EPB_IF_UNSET))
		return write_rebuilt(s, ci, h, wall, note);
	s->blocks_moved++;
	/* In the ring it stays until released, after the flush; a record
	 * that wrapped is in memory freed as soon as it is written. */
	return output__block(s->out, h->r.block, h->r.block_len, !h->copy);
}

static struct capture_iface *oldest_due(struct capture_session *s, uint64_t limit)
{
	struct capture_iface *best = NULL;
	uint64_t best_ts = limit;

	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		struct epb_queue *q = s->ifaces[i].epb;

		if (q && q->head < q->n && q->v[q->head].r.mono_ns <= best_ts) {
			best = &s->ifaces[i];
			best_ts = q->v[q->head].r.mono_ns;
		}
	}
	return best;
}

static long write_due(struct capture_session *s, uint64_t limit)
{
	struct capture_iface *ci;
	long written = 0;

	while ((ci = oldest_due(s, limit))) {
		struct epb_queue *q = ci->epb;
		struct held *h = &q->v[q->head];
		int err = write_held(s, ci, h);

		if (err)
			return err;
		free(h->copy);
		q->head++;
		s->written++;
		written++;
	}
	return written;
}

/* Everything before the first record still held goes back to the
 * kernel. The held records are in time order, not ring order. */
static void release_written(struct capture_iface *ci)
{
	struct epb_queue *q = ci->epb;
	unsigned long pos = ringbuf_reader__seen_pos(ci->rb);

	for (size_t i = q->head; i < q->n; i++)
		if (q->v[i].pos < pos)
			pos = q->v[i].pos;
	ringbuf_reader__release(ci->rb, pos);
}

long epb_merge__drain(struct capture_session *s, uint64_t now, bool final)
{
	uint64_t horizon = now, limit;
	long written;
	int err;

	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		if (!s->ifaces[i].rb)
			continue;
		err = scan_ring(&s->ifaces[i], &horizon);
		if (err)
			return err;
	}
	limit = horizon > s->opts.reorder_window_ns ? horizon - s->opts.reorder_window_ns : 0;
	written = write_due(s, final ? UINT64_MAX : limit);
	/* Blocks handed over by reference must reach the file before their
	 * ring space is given back (also when -c stopped the pass). */
	if (output__holds_refs(s->out)) {
		err = output__flush(s->out);
		if (err && written >= 0)
			written = err;
	}
	for (unsigned int i = 0; i < s->nr_ifaces; i++)
		if (s->ifaces[i].rb)
			release_written(&s->ifaces[i]);
	return written;
}
