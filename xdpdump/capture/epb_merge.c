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
	uint64_t seq; /* its place in ring order: the order[] slot */
	void *copy;
};

/* Where a record seen starts in the ring, and whether it is written. */
struct order_slot {
	unsigned long pos;
	bool written;
};

/*
 * One interface's records: v[head..n) in time order, to write from the
 * head; order[order_head..order_n) in ring order, to release from the
 * head up to the first record not written yet. The two orders differ
 * only where an interrupt came between a CPU's reservation and its
 * stamp.
 */
struct epb_queue {
	struct held *v;
	size_t head, n, cap;
	struct order_slot *order;
	size_t order_head, order_n, order_cap;
	uint64_t order_base; /* the seq of order[0] */
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
	free(q->order);
	free(q);
}

/* Room for one more entry in an array used as a queue from head. */
static int queue_room(void **v, size_t *head, size_t *n, size_t *cap, size_t size)
{
	void *nv;
	size_t ncap;

	if (*n < *cap)
		return 0;
	if (*head > *cap / 2) {
		memmove(*v, (char *)*v + *head * size, (*n - *head) * size);
		*n -= *head;
		*head = 0;
		return 0;
	}
	ncap = *cap ? 2 * *cap : 1024;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

static int queue_add(struct epb_queue *q, unsigned long pos, struct held *h)
{
	size_t before = q->order_head;
	int err;

	if (q->head && q->head == q->n)
		q->head = q->n = 0;
	if (q->order_head && q->order_head == q->order_n) {
		q->order_base += q->order_head;
		q->order_head = q->order_n = 0;
		before = 0;
	}
	err = queue_room((void **)&q->v, &q->head, &q->n, &q->cap, sizeof(*q->v));
	if (!err)
		err = queue_room((void **)&q->order, &q->order_head, &q->order_n, &q->order_cap,
				 sizeof(*q->order));
	if (err)
		return err;
	/* Compaction moved order[]'s slots down: seq numbers stay. */
	q->order_base += before - q->order_head;
	h->seq = q->order_base + q->order_n;
	q->order[q->order_n].pos = pos;
	q->order[q->order_n].written = false;
	q->order_n++;
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
		struct held h = { .copy = rec.copied ? (void *)rec.data : NULL };

		if (epb_record__head(rec.data, rec.len, &h.r)) {
			free(h.copy);
			pr_err("%s: a ring buffer record of %u bytes is not a packet block\n",
			       ci->name, rec.len);
			return -EPROTO;
		}
		ret = queue_add(q, rec.pos, &h);
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
	if (!(if_id & XDPDUMP_EPB_IF_UNSET))
		return if_id;
	return capture_iface__if_id(ci, if_id & ~XDPDUMP_EPB_IF_UNSET);
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
		q->order[h->seq - q->order_base].written = true;
		q->head++;
		s->written++;
		written++;
	}
	return written;
}

/* Everything before the first record in ring order not yet written goes
 * back to the kernel. */
static void release_written(struct capture_iface *ci)
{
	struct epb_queue *q = ci->epb;

	while (q->order_head < q->order_n && q->order[q->order_head].written)
		q->order_head++;
	ringbuf_reader__release(ci->rb, q->order_head < q->order_n ?
						q->order[q->order_head].pos :
						ringbuf_reader__seen_pos(ci->rb));
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

int epb_merge__wait_ms(const struct capture_session *s, uint64_t now, int max_ms)
{
	uint64_t oldest = UINT64_MAX, due;

	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		const struct epb_queue *q = s->ifaces[i].epb;

		if (!q)
			continue;
		if (q->truncated)
			return 0;
		if (q->head < q->n && q->v[q->head].r.mono_ns < oldest)
			oldest = q->v[q->head].r.mono_ns;
	}
	if (oldest == UINT64_MAX)
		return max_ms;
	/* Rounded up, and at least a millisecond: records become due one
	 * by one, and a pass for each would spin. */
	due = oldest + s->opts.reorder_window_ns;
	due = due > now ? (due - now + 999999) / 1000000 : 1;
	return due < (uint64_t)max_ms ? (int)due : max_ms;
}
