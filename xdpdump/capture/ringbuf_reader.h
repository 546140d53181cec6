/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader of one BPF ring buffer (BPF_MAP_TYPE_RINGBUF) that maps the
 * data area once. libbpf's maps it twice in a row so that a record that
 * wraps around the end reads as one piece; the kernel fills the whole
 * mapping at once, so a 64 MiB ring then shows as 128 MiB of resident
 * size. Here the rare record that wraps is copied into a buffer instead.
 * Passes are bounded by the caller, and the map fd itself is what epoll
 * waits on.
 */
#ifndef XDPDUMP_RINGBUF_READER_H
#define XDPDUMP_RINGBUF_READER_H

#include <stddef.h>
#include <stdint.h>

struct ringbuf_reader;

/* 0 to go on, negative to stop the pass (the record counts as read). */
typedef int (*ringbuf_record_fn)(void *ctx, const void *data, size_t len);

/* NULL + errno. Does not take ownership of map_fd. */
struct ringbuf_reader *ringbuf_reader__new(int map_fd);
void ringbuf_reader__free(struct ringbuf_reader *r);
/* Read up to max records, in order, releasing each after fn returned.
 * The number read, or fn's negative return (after releasing that
 * record). */
long ringbuf_reader__consume(struct ringbuf_reader *r, size_t max, ringbuf_record_fn fn,
			     void *ctx);
/* Bytes written and not yet read. */
size_t ringbuf_reader__pending(const struct ringbuf_reader *r);

#endif /* XDPDUMP_RINGBUF_READER_H */
