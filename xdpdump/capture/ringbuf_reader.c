// SPDX-License-Identifier: GPL-2.0
/*
 * The layout is the kernel's (kernel/bpf/ringbuf.c, and the uapi's
 * BPF_RINGBUF_*): page 0 holds the consumer position, which the reader
 * writes; page 1 the producer position; the data area follows, max_entries
 * bytes, a power of two. Each record starts at an 8-byte-aligned position
 * with an 8-byte header, a 32-bit length whose top bits say "still being
 * written" (BUSY) or "thrown away" (DISCARD), then the record, padded to 8
 * bytes. The header never straddles the end; the record may.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "ringbuf_reader.h"

struct ringbuf_reader {
	unsigned long *consumer_pos; /* page 0, read-write */
	const unsigned long *producer_pos; /* page 1, read-only */
	const uint8_t *data; /* the data area, right after it */
	size_t size, page;
	uint8_t *wrapped; /* a record that wraps, in one piece */
};

struct ringbuf_reader *ringbuf_reader__new(int map_fd)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	struct ringbuf_reader *r;
	void *p;

	if (bpf_obj_get_info_by_fd(map_fd, &info, &len))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->page = sysconf(_SC_PAGESIZE);
	r->size = info.max_entries;
	p = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	r->consumer_pos = p;
	p = mmap(NULL, r->page + r->size, PROT_READ, MAP_SHARED, map_fd, r->page);
	if (p == MAP_FAILED)
		goto fail;
	r->producer_pos = p;
	r->data = (const uint8_t *)p + r->page;
	/* The largest record is smaller than the ring. */
	r->wrapped = malloc(r->size);
	if (!r->wrapped)
		goto fail;
	return r;
fail:
	ringbuf_reader__free(r);
	return NULL;
}

void ringbuf_reader__free(struct ringbuf_reader *r)
{
	int err = errno;

	if (!r)
		return;
	if (r->consumer_pos)
		munmap(r->consumer_pos, r->page);
	if (r->producer_pos)
		munmap((void *)r->producer_pos, r->page + r->size);
	free(r->wrapped);
	free(r);
	errno = err;
}

size_t ringbuf_reader__pending(const struct ringbuf_reader *r)
{
	return __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(r->consumer_pos, __ATOMIC_RELAXED);
}

/* The record's bytes in one piece: in place, or copied when they run
 * past the end of the data area. */
static const void *record_at(struct ringbuf_reader *r, size_t off, size_t len)
{
	size_t first = r->size - off;

	if (len <= first)
		return r->data + off;
	memcpy(r->wrapped, r->data + off, first);
	memcpy(r->wrapped + first, r->data, len - first);
	return r->wrapped;
}

long ringbuf_reader__consume(struct ringbuf_reader *r, size_t max, ringbuf_record_fn fn,
			     void *ctx)
{
	unsigned long cons = __atomic_load_n(r->consumer_pos, __ATOMIC_RELAXED), prod;
	size_t mask = r->size - 1;
	long n = 0;

	prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
	while ((size_t)n < max) {
		const __u32 *hdr = (const __u32 *)(r->data + (cons & mask));
		__u32 len, body;
		int err = 0;

		if (cons >= prod) {
			prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
			if (cons >= prod)
				break;
		}
		len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);

		if (len & BPF_RINGBUF_BUSY_BIT)
			break; /* being written: everything after it waits */
		body = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
			err = fn(ctx, record_at(r, (cons + BPF_RINGBUF_HDR_SZ) & mask, body),
				 body);
			n++;
		}
		cons += (BPF_RINGBUF_HDR_SZ + body + 7) & ~7ul;
		/* Released only now: the producer may not reuse the space
		 * while fn still reads it. */
		__atomic_store_n(r->consumer_pos, cons, __ATOMIC_RELEASE);
		if (err < 0)
			return err;
	}
	return n;
}
