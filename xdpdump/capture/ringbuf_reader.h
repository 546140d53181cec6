/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader of one BPF ring buffer (BPF_MAP_TYPE_RINGBUF) that maps the
 * data area once. libbpf's maps it twice in a row so that a record that
 * wraps around the end reads as one piece; the kernel fills the whole
 * mapping at once, so a 64 MiB ring then shows as 128 MiB of resident
 * size. Here the rare record that wraps is copied into a buffer instead.
 * Records are seen one at a time and released later, in one step, once
 * the caller has written them: the ring itself holds them meanwhile. The
 * map fd itself is what epoll waits on.
 */
#ifndef XDPDUMP_RINGBUF_READER_H
#define XDPDUMP_RINGBUF_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ringbuf_reader;

/*
 * A record seen and not yet released: the producer cannot reuse its space
 * until ringbuf_reader__release() passes it, so data stays valid and
 * unchanged until then. A record that runs past the end of the data area
 * is copied into memory of its own (copied set), which the caller frees
 * with free() once done with it.
 */
struct ringbuf_record {
	const void *data;
	uint32_t len;
	bool copied;
	unsigned long pos; /* where it starts: release up to here keeps it */
};

/* NULL + errno. Does not take ownership of map_fd. */
struct ringbuf_reader *ringbuf_reader__new(int map_fd);
void ringbuf_reader__free(struct ringbuf_reader *r);
/* The next committed record after the last one seen, in ring order,
 * skipping discarded ones: 1, or 0 when there is none yet (the ring is
 * read up to its producer, or the next record is still being written),
 * or -ENOMEM. Nothing is released. */
int ringbuf_reader__next(struct ringbuf_reader *r, struct ringbuf_record *rec);
/* Where the next record seen will start (the end of the last one). */
unsigned long ringbuf_reader__seen_pos(const struct ringbuf_reader *r);
/* Give back everything before pos (a record's pos, or the seen pos). */
void ringbuf_reader__release(struct ringbuf_reader *r, unsigned long pos);
/* Bytes committed or being written beyond the last record seen. */
size_t ringbuf_reader__unseen(const struct ringbuf_reader *r);

#endif /* XDPDUMP_RINGBUF_READER_H */
