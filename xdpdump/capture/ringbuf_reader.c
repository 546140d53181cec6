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
	unsigned long seen; /* the end of the last record seen */
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
	r->seen = __atomic_load_n(r->consumer_pos, __ATOMIC_RELAXED);
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
	free(r);
	errno = err;
}

size_t ringbuf_reader__unseen(const struct ringbuf_reader *r)
{
	return __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE) - r->seen;
}

unsigned long ringbuf_reader__seen_pos(const struct ringbuf_reader *r)
{
	return r->seen;
}

void ringbuf_reader__release(struct ringbuf_reader *r, unsigned long pos)
{
	/* Release: the producer may reuse the space only after our reads. */
	__atomic_store_n(r->consumer_pos, pos, __ATOMIC_RELEASE);
}

int ringbuf_reader__next(struct ringbuf_reader *r, struct ringbuf_record *rec)
{
	size_t mask = r->size - 1;

	for (;;) {
		unsigned long prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
		const __u32 *hdr = (const __u32 *)(r->data + (r->seen & mask));
		size_t off, first;
		__u32 len, body;
		uint8_t *copy;

		if (r->seen >= prod)
			return 0;
		len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		if (len & BPF_RINGBUF_BUSY_BIT)
			return 0; /* being written: everything after it waits */
		body = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		rec->pos = r->seen;
		r->seen += (BPF_RINGBUF_HDR_SZ + body + 7) & ~7ul;
		if (len & BPF_RINGBUF_DISCARD_BIT)
			continue;
		off = (rec->pos + BPF_RINGBUF_HDR_SZ) & mask;
		first = r->size - off;
		rec->len = body;
		rec->copied = body > first;
		if (!rec->copied) {
			rec->data = r->data + off;
			return 1;
		}
		/* Rare: the record runs past the end of the data area. */
		copy = malloc(body);
		if (!copy) {
			r->seen = rec->pos;
			return -ENOMEM;
		}
		memcpy(copy, r->data + off, first);
		memcpy(copy + first, r->data, body - first);
		rec->data = copy;
		return 1;
	}
}
