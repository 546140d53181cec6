// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fdio.h"
#include "outbuf.h"

/* Unit ends are size_t now; this only keeps a wrong size from a huge malloc. */
#define OUTBUF_MAX_CAPACITY (1U << 30)
#define OUTBUF_MIN_ENDS 64
/* What one writev(2) takes; Linux and glibc both say 1024. */
#if defined(IOV_MAX) && IOV_MAX < 1024
#define OUTBUF_MAX_IOV IOV_MAX
#else
#define OUTBUF_MAX_IOV 1024
#endif

struct outbuf {
	int fd; /* -1 when the units go to @sink */
	struct outbuf_sink sink;
	int err; /* first write error as -errno; sticky */
	bool regular; /* a regular file can be cut back after a partial write */
	uint8_t *data;
	size_t cap;
	size_t len; /* bytes of committed units in data */
	/*
	 * End of each pending unit, copied or referenced, as an offset into
	 * the bytes the next flush hands over (data and references in their
	 * order); ascending.
	 */
	size_t *ends;
	size_t nr_ends;
	size_t ends_cap;
	uint64_t written; /* bytes of complete units on the fd */
	/*
	 * Referenced units make the next flush a writev(2) of @iov: runs of
	 * copied units in data between the references. Copied units since the
	 * last reference, data[run_start, len), get their entry at the flush.
	 * Allocated at the first reference; empty while none is pending.
	 */
	struct iovec *iov;
	int nr_iov;
	size_t run_start;
	size_t ref_bytes; /* bytes held by reference, not yet flushed */
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
	free(b->iov);
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

/* Everything pending is gone, to the fd or lost to an error. */
static void drop_pending(struct outbuf *b)
{
	b->len = 0;
	b->nr_ends = 0;
	b->nr_iov = 0;
	b->run_start = 0;
	b->ref_bytes = 0;
}

static int set_failed(struct outbuf *b, int err, size_t done, size_t keep)
{
	drop_partial_unit(b, done, keep);
	b->written += keep;
	drop_pending(b);
	b->err = err;
	return err;
}

/* Ends the current run of copied units with an iovec entry of its own. */
static void close_run(struct outbuf *b)
{
	if (b->len == b->run_start)
		return;
	b->iov[b->nr_iov].iov_base = b->data + b->run_start;
	b->iov[b->nr_iov].iov_len = b->len - b->run_start;
	b->nr_iov++;
	b->run_start = b->len;
}

/* Hands data and references to the fd in one writev loop. */
static int flush_iov(struct outbuf *b, size_t *done)
{
	close_run(b);
	return fd_writev_all(b->fd, b->iov, b->nr_iov, done);
}

int outbuf__flush(struct outbuf *b)
{
	size_t done, total;
	int err;

	if (b->err)
		return b->err;
	total = b->len + b->ref_bytes;
	/* Without references a flush is the single write(2) it always was. */
	if (b->nr_iov)
		err = flush_iov(b, &done);
	else
		err = out_write(b, b->data, b->len, &done);
	if (err)
		return set_failed(b, err, done, last_end_within(b, done));
	b->written += total;
	drop_pending(b);
	return 0;
}

/* Makes sure the next unit has a slot to record its end in. */
static int reserve_end_slot(struct outbuf *b)
{
	size_t n = b->ends_cap ? 2 * b->ends_cap : OUTBUF_MIN_ENDS;
	size_t *ends;

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
	b->ends[b->nr_ends++] = b->len + b->ref_bytes;
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

/*
 * Flushes first when one more reference would hold more than a buffer's
 * worth of bytes (unless it is the only one), or leave no iovec entry for
 * it, the run of copied units before it and the run after it.
 */
static int make_room_for_ref(struct outbuf *b, size_t len)
{
	if (b->ref_bytes && (b->ref_bytes >= b->cap || len > b->cap - b->ref_bytes))
		return outbuf__flush(b);
	if (b->nr_iov + 3 > OUTBUF_MAX_IOV)
		return outbuf__flush(b);
	return 0;
}

int outbuf__write_ref(struct outbuf *b, const void *data, size_t len)
{
	int err;

	/*
	 * A sink is a compressor that copies whatever it is given, so holding
	 * the bytes would only move that copy to the flush and split the sink's
	 * one write into many. Copying here keeps a sink outbuf free of
	 * references: the caller may reuse the memory at once.
	 */
	if (b->fd < 0)
		return outbuf__write(b, data, len);
	if (b->err || !len)
		return b->err;
	err = make_room_for_ref(b, len);
	if (!err)
		err = reserve_end_slot(b);
	if (!err && !b->iov) {
		b->iov = malloc(OUTBUF_MAX_IOV * sizeof(*b->iov));
		if (!b->iov)
			err = -ENOMEM;
	}
	if (err)
		return err;
	close_run(b);
	b->iov[b->nr_iov].iov_base = (void *)data;
	b->iov[b->nr_iov].iov_len = len;
	b->nr_iov++;
	b->ref_bytes += len;
	b->ends[b->nr_ends++] = b->len + b->ref_bytes;
	return 0;
}

size_t outbuf__ref_bytes(const struct outbuf *b)
{
	return b->ref_bytes;
}

uint64_t outbuf__size(const struct outbuf *b)
{
	return b->written + b->len + b->ref_bytes;
}
