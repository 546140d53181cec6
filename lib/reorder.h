/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Merge several time-ordered streams of records into one time-ordered
 * stream, holding records back until no earlier one can still arrive.
 *
 * Each source (a per-CPU perf ring) delivers its records in timestamp order;
 * sources are read one after another, so a record read now from one source
 * may be older than one already read from another. The caller pushes what it
 * read and, once every source has been drained up to some time T, pops
 * everything up to T minus a safety window. Records are copied into
 * per-source FIFOs of large chunks (no allocation per record); the merge
 * keeps a min-heap of source heads, O(log sources) per record.
 */
#ifndef XDPDUMP_REORDER_H
#define XDPDUMP_REORDER_H

#include <stddef.h>
#include <stdint.h>

struct reorder;

/* Called for each record in timestamp order; a negative return stops the
 * pop and is returned from it. */
typedef int (*reorder_emit_fn)(void *ctx, unsigned int source, uint64_t ts, const void *data,
			       size_t len);

struct reorder *reorder__new(unsigned int nr_sources); /* NULL + errno */
void reorder__free(struct reorder *r);
/* Copy a record in. 0 or -errno (-ENOMEM, -EINVAL for a bad source). */
int reorder__push(struct reorder *r, unsigned int source, uint64_t ts, const void *data,
		  size_t len);
/* Emit, oldest first, every held record with ts <= limit; returns how many
 * were emitted or the callback's negative error. UINT64_MAX flushes all. */
long reorder__pop_until(struct reorder *r, uint64_t limit, reorder_emit_fn fn, void *ctx);
/* Oldest held timestamp, or UINT64_MAX when empty. */
uint64_t reorder__oldest(const struct reorder *r);
size_t reorder__held_bytes(const struct reorder *r);
size_t reorder__held_records(const struct reorder *r);

#endif /* XDPDUMP_REORDER_H */
