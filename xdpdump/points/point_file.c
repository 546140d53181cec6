// SPDX-License-Identifier: GPL-2.0
/*
 * Capture points' streams into one output: their interfaces (named
 * HOST:IF, with the host's clock offset), their packets merged by
 * timestamp on our clock, their statistics.
 *
 * Ordering: each stream is in time order (its xdpdump merged its own
 * rings). A packet can be written once every stream still running has sent
 * one at least as new, or once it is older than now minus MERGE_WINDOW_NS.
 * Later ones are written with the last time written and a comment, as in a
 * local capture.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "merge.h"

struct merge_rec {
	uint32_t out_id;
	uint32_t comment_len; /* bytes of comment after this header */
	struct xdpdump_meta meta;
};

/* The stream's packet time on our clock. */
static uint64_t local_ts(const struct point_source *src, uint64_t ts)
{
	return (int64_t)ts - src->offset_ns;
}

static void describe(const struct point_source *src, const struct pcapng_stream_iface *ifc,
		     char *name, size_t nsize, char *desc, size_t dsize, char *comment,
		     size_t csize)
{
	const char *ifname = ifc->name ? ifc->name : "?";

	comment[0] = '\0';
	if (!src->remote) {
		snprintf(name, nsize, "%s", ifname);
		snprintf(desc, dsize, "%s", ifc->description ? ifc->description : "");
		return;
	}
	snprintf(name, nsize, "%s:%s", src->label, ifname);
	snprintf(desc, dsize, "%s on %s", ifc->description ? ifc->description : "XDP capture",
		 src->label);
	snprintf(
		comment, csize,
		"xdpdump: capture point on %s (xdpdump %s over ssh). Its clock was %+lld ns from this host's at the start, estimated from the shortest of %d round trips (%llu ns, so within +-%llu ns); timestamps here are on this host's clock, corrected by that offset.",
		src->label, src->version, (long long)src->offset_ns, POINT_CLOCK_PROBES,
		(unsigned long long)src->best_rtt_ns, (unsigned long long)src->best_rtt_ns / 2);
}

static int add_out_iface(struct merge *m, struct point_source *src, uint32_t if_id)
{
	const struct pcapng_stream_iface *ifc = pcapng_stream__iface(src->stream, if_id);
	char name[512], desc[512], comment[1024];
	struct capture_interface idb;
	int *ids, id;
	char **names;
	struct stored_stats *stats;

	describe(src, ifc, name, sizeof(name), desc, sizeof(desc), comment, sizeof(comment));
	idb = (struct capture_interface){
		.name = name,
		.description = desc[0] ? desc : NULL,
		.filter = ifc->filter,
		.comment = comment[0] ? comment : NULL,
		.snaplen = ifc->snaplen,
		.linktype = ifc->linktype,
	};
	id = output__add_interface(m->out, &idb);
	if (id < 0) {
		pr_err("%s: %s\n", output__name(m->out), strerror(-id));
		return id;
	}
	ids = realloc(src->out_ids, (if_id + 1) * sizeof(*ids));
	names = realloc(m->names, (m->nr_out + 1) * sizeof(*names));
	if (names)
		m->names = names;
	stats = realloc(m->stats, (m->nr_out + 1) * sizeof(*stats));
	if (stats)
		m->stats = stats;
	if (!ids || !names || !stats)
		return -ENOMEM;
	src->out_ids = ids;
	src->out_ids[if_id] = id;
	src->nr_out_ids = if_id + 1;
	m->names[m->nr_out] = strdup(name);
	memset(&m->stats[m->nr_out], 0, sizeof(*m->stats));
	m->nr_out++;
	return 0;
}

/* Every point listens: the file begins, with every interface in the order
 * given. */
int merge__begin_output(struct merge *m)
{
	int err = output__begin(m->out);

	if (err) {
		pr_err("%s: %s\n", output__name(m->out), strerror(-err));
		return err;
	}
	m->begun = true;
	for (unsigned int i = 0; i < m->nr_src; i++) {
		struct point_source *src = &m->src[i];

		for (unsigned int j = 0; j < pcapng_stream__nr_ifaces(src->stream); j++) {
			err = add_out_iface(m, src, j);
			if (err)
				return err;
		}
	}
	return 0;
}

bool merge__all_listening(const struct merge *m)
{
	for (unsigned int i = 0; i < m->nr_src; i++) {
		const struct point_source *src = &m->src[i];

		if (src->state == POINT_HANDSHAKE || !src->stream ||
		    pcapng_stream__nr_ifaces(src->stream) < src->nr_ifaces)
			return false;
	}
	return true;
}

static int push_packet(struct merge *m, unsigned int idx, const struct pcapng_record *rec)
{
	struct point_source *src = &m->src[idx];
	const struct capture_packet *p = &rec->pkt;
	size_t clen = p->comment ? strlen(p->comment) : 0;
	size_t len = sizeof(struct merge_rec) + clen + p->caplen;
	struct merge_rec *r;
	uint64_t ts = local_ts(src, p->ts_ns);
	int err;

	if (len > sizeof(m->buf))
		return -E2BIG;
	r = (struct merge_rec *)m->buf;
	memset(r, 0, sizeof(*r));
	r->out_id = rec->if_id; /* the stream's id until written */
	r->comment_len = clen;
	r->meta.ts_ns = ts;
	r->meta.packet_id = p->packet_id;
	r->meta.rx_queue = p->queue;
	r->meta.pkt_len = p->origlen;
	r->meta.cap_len = p->caplen;
	r->meta.point = p->has_verdict ? XDPDUMP_POINT_EXIT : XDPDUMP_POINT_ENTRY;
	r->meta.action = p->verdict;
	memcpy(r + 1, p->comment, clen);
	memcpy((char *)(r + 1) + clen, p->data, p->caplen);
	err = reorder__push(m->reorder, idx, ts, m->buf, len);
	if (!err && ts > src->last_ts)
		src->last_ts = ts;
	return err;
}

static void keep_stats(struct merge *m, struct point_source *src, const struct pcapng_record *rec)
{
	struct capture_if_stats st = rec->stats;

	if (!m->begun || rec->if_id >= src->nr_out_ids)
		return;
	if (st.start_ns)
		st.start_ns = local_ts(src, st.start_ns);
	st.end_ns = local_ts(src, st.end_ns ? st.end_ns : rec->ts_ns);
	m->stats[src->out_ids[rec->if_id]] = (struct stored_stats){ .set = true, .st = st };
}

static int take_record(struct merge *m, unsigned int idx, const struct pcapng_record *rec)
{
	struct point_source *src = &m->src[idx];

	switch (rec->type) {
	case PCAPNG_REC_INTERFACE:
		/* Interfaces that appear after the start (tracing one more
		 * program) are added as they come. */
		return m->begun ? add_out_iface(m, src, rec->if_id) : 0;
	case PCAPNG_REC_PACKET:
		return push_packet(m, idx, rec);
	case PCAPNG_REC_STATS:
		keep_stats(m, src, rec);
		return 0;
	default:
		return 0;
	}
}

int merge__parse_stream(struct merge *m, unsigned int idx)
{
	struct point_source *src = &m->src[idx];
	struct pcapng_record rec;
	int ret;

	while ((ret = pcapng_stream__next(src->stream, &rec)) > 0) {
		ret = take_record(m, idx, &rec);
		if (ret)
			return ret;
	}
	if (ret < 0) {
		pr_err("%s: not a pcapng stream (%s)\n",
		       src->remote ? src->label : "local points", strerror(-ret));
		src->reported = true;
	}
	return ret;
}

static int emit(void *ctx, unsigned int source, uint64_t ts, const void *data, size_t len)
{
	struct merge *m = ctx;
	struct point_source *src = &m->src[source];
	const struct merge_rec *r = data;
	const char *payload = (const char *)(r + 1) + r->comment_len;
	char comment[1200], *note = NULL;
	unsigned int out_id;
	int err;

	(void)len;
	if (m->args->capture.count && m->written >= m->args->capture.count)
		return -ECANCELED;
	if (r->out_id >= src->nr_out_ids)
		return 0; /* an interface the file does not have: cannot be */
	out_id = src->out_ids[r->out_id];
	if (r->comment_len)
		note = comment;
	snprintf(comment, sizeof(comment), "%.*s", (int)r->comment_len, (const char *)(r + 1));
	if (ts < m->last_ts) {
		snprintf(comment, sizeof(comment),
			 "xdpdump: arrived after the merge window; stamped %llu ns earlier",
			 (unsigned long long)(m->last_ts - ts));
		note = comment;
		m->late++;
		ts = m->last_ts;
	}
	m->last_ts = ts;
	err = output__packet(m->out, out_id, m->names[out_id], ts, &r->meta, payload, note);
	if (err)
		return err;
	m->written++;
	return 0;
}

/* What can be written now: everything no running stream can still
 * precede. */
static uint64_t pop_limit(const struct merge *m)
{
	uint64_t now = merge_now_ns(), limit = UINT64_MAX;

	for (unsigned int i = 0; i < m->nr_src; i++) {
		const struct point_source *src = &m->src[i];

		if (src->out_fd >= 0 && src->last_ts < limit)
			limit = src->last_ts;
	}
	if (now > MERGE_WINDOW_NS && limit < now - MERGE_WINDOW_NS)
		limit = now - MERGE_WINDOW_NS;
	return limit;
}

int merge__write_out(struct merge *m, bool final)
{
	uint64_t now = merge_now_ns();
	long n;

	if (!m->begun)
		return 0;
	n = reorder__pop_until(m->reorder, final ? UINT64_MAX : pop_limit(m), emit, m);
	if (n == -ECANCELED) {
		if (!m->count_reached)
			merge__stop_all(m);
		m->count_reached = true;
	} else if (n < 0) {
		return n;
	}
	if (final || now - m->last_flush_ns >= FLUSH_INTERVAL_NS) {
		m->last_flush_ns = now;
		return output__flush(m->out);
	}
	return 0;
}

int merge__write_stats(void *ctx)
{
	struct merge *m = ctx;

	for (unsigned int i = 0; i < m->nr_out; i++) {
		int err = m->stats[i].set ? output__stats(m->out, i, &m->stats[i].st) : 0;

		if (err)
			return err;
	}
	return 0;
}
