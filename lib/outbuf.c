// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "outbuf.h"

/* Unit end offsets are kept in 32 bits, which bounds the capacity. */
#define OUTBUF_MAX_CAPACITY (1U << 30)
#define OUTBUF_MIN_ENDS 64

struct outbuf {
	int fd; /* -1 when the units go to @sink */
	struct outbuf_sink sink;
	int err; /* first write error as -errno; sticky */
	bool regular; /* a regular file can be cut back after a partial write */
	uint8_t *data;
	size_t cap;
	size_t len; /* bytes of committed units in data */
	uint32_t *ends; /* end offset of each committed unit, ascending */
	size_t nr_ends;
	size_t ends_cap;
	uint64_t written; /* bytes of complete units on the fd */
};

static bool fd_is_regular(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

static struct outbuf *outbuf_alloc(size_t capacity)
{
	struct outbuf *b;

	if (capacity == 0 || capacity > OUTBUF_MAX_CAPACITY) {
		errno = EINVAL;
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->data = malloc(capacity);
	if (!b->data) {
		free(b);
		errno = ENOMEM;
		return NULL;
	}
	b->fd = -1;
	b->cap = capacity;
	return b;
}

struct outbuf *outbuf__new(int fd, size_t capacity)
{
	struct outbuf *b;

	if (fd < 0) {
		errno = EINVAL;
		return NULL;
	}
	b = outbuf_alloc(capacity);
	if (!b)
		return NULL;
	b->fd = fd;
	b->regular = fd_is_regular(fd);
	return b;
}

struct outbuf *outbuf__new_sink(const struct outbuf_sink *sink, size_t capacity)
{
	struct outbuf *b;

	if (!sink || !sink->write) {
		errno = EINVAL;
		return NULL;
	}
	b = outbuf_alloc(capacity);
	if (b)
		b->sink = *sink;
	return b;
}

void outbuf__free(struct outbuf *b)
{
	if (!b)
		return;
	free(b->ends);
	free(b->data);
	free(b);
}

/*
 * Hands @len bytes to the fd or the sink. A sink takes all or nothing as far
 * as we can tell, so a failed sink write counts as no bytes written.
 */
static int out_write(struct outbuf *b, const uint8_t *p, size_t len, size_t *done)
{
	int err;

	if (b->fd >= 0)
		return fd_write_all(b->fd, p, len, done);
	err = b->sink.write(b->sink.ctx, p, len);
	*done = err ? 0 : len;
	return err;
}

/* The end of the last unit that lies wholly within the first @done bytes. */
static size_t last_end_within(const struct outbuf *b, size_t done)
{
	size_t lo = 0, hi = b->nr_ends;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->ends[mid] <= done)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? b->ends[lo - 1] : 0;
}

/*
 * @done bytes of a failed write reached the fd but only the first @keep form
 * whole units. Cut the tail off so readers see a file that ends on a block
 * boundary rather than one that looks corrupt.
 */
static void drop_partial_unit(const struct outbuf *b, size_t done, size_t keep)
{
	off_t pos, cut = (off_t)(done - keep);

	if (done == keep || !b->regular)
		return;
	pos = lseek(b->fd, 0, SEEK_CUR);
	if (pos < cut)
		return;
	if (ftruncate(b->fd, pos - cut) == 0)
		lseek(b->fd, pos - cut, SEEK_SET);
}

static int set_failed(struct outbuf *b, int err, size_t done, size_t keep)
{
	drop_partial_unit(b, done, keep);
	b->written += keep;
	b->len = 0;
	b->nr_ends = 0;
	b->err = err;
	return err;
}

int outbuf__flush(struct outbuf *b)
{
	size_t done;
	int err;

	if (b->err)
		return b->err;
	err = out_write(b, b->data, b->len, &done);
	if (err)
		return set_failed(b, err, done, last_end_within(b, done));
	b->written += b->len;
	b->len = 0;
	b->nr_ends = 0;
	return 0;
}

/* Makes sure outbuf__commit() has a slot to record the unit's end in. */
static int reserve_end_slot(struct outbuf *b)
{
	size_t n = b->ends_cap ? 2 * b->ends_cap : OUTBUF_MIN_ENDS;
	uint32_t *ends;

	if (b->nr_ends < b->ends_cap)
		return 0;
	ends = realloc(b->ends, n * sizeof(*ends));
	if (!ends)
		return -ENOMEM;
	b->ends = ends;
	b->ends_cap = n;
	return 0;
}

void *outbuf__reserve(struct outbuf *b, size_t len)
{
	int err = b->err;

	if (!err && len > b->cap)
		err = -EMSGSIZE;
	if (!err && len > b->cap - b->len)
		err = outbuf__flush(b);
	if (!err)
		err = reserve_end_slot(b);
	if (err) {
		errno = -err;
		return NULL;
	}
	return b->data + b->len;
}

void outbuf__commit(struct outbuf *b, size_t len)
{
	if (!len)
		return;
	b->len += len;
	b->ends[b->nr_ends++] = b->len;
}

/* A unit that does not fit the buffer at all goes out on its own. */
static int write_through(struct outbuf *b, const void *data, size_t len)
{
	size_t done;
	int err;

	err = outbuf__flush(b);
	if (err)
		return err;
	err = out_write(b, data, len, &done);
	if (err)
		return set_failed(b, err, done, 0);
	b->written += len;
	return 0;
}

int outbuf__write(struct outbuf *b, const void *data, size_t len)
{
	void *dst;

	if (len > b->cap)
		return write_through(b, data, len);
	dst = outbuf__reserve(b, len);
	if (!dst)
		return -errno;
	memcpy(dst, data, len);
	outbuf__commit(b, len);
	return 0;
}

uint64_t outbuf__size(const struct outbuf *b)
{
	return b->written + b->len;
}
