// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "fdio.h"
#include "gzsink.h"

#define GZ_CHUNK (128 * 1024)
/* windowBits above 15 asks zlib for a gzip header and trailer (zlib.h) */
#define GZ_WINDOW_BITS (15 + 16)
#define GZ_MEM_LEVEL 8

struct gzsink {
	z_stream zs;
	int fd;
	int err; /* first error as -errno; sticky */
	bool finished;
	bool regular; /* a regular file can be cut back after a failure */
	off_t synced; /* file offset at the end of the last whole flush */
	uint8_t out[GZ_CHUNK];
};

struct gzsink *gzsink__new(int fd)
{
	struct gzsink *z;
	struct stat st;

	if (fd < 0) {
		errno = EINVAL;
		return NULL;
	}
	z = calloc(1, sizeof(*z));
	if (!z)
		return NULL;
	/* Speed over ratio: the capture must keep up with the rings. */
	if (deflateInit2(&z->zs, Z_BEST_SPEED, Z_DEFLATED, GZ_WINDOW_BITS, GZ_MEM_LEVEL,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		errno = ENOMEM;
		return NULL;
	}
	z->fd = fd;
	z->synced = lseek(fd, 0, SEEK_CUR);
	z->regular = !fstat(fd, &st) && S_ISREG(st.st_mode) && z->synced >= 0;
	return z;
}

void gzsink__free(struct gzsink *z)
{
	if (!z)
		return;
	deflateEnd(&z->zs);
	free(z);
}

/*
 * Cut a regular file back to the end of the last write that went out whole:
 * everything before it decompresses, and nothing half-written follows.
 */
static int fail(struct gzsink *z, int err)
{
	if (z->regular && ftruncate(z->fd, z->synced) == 0)
		lseek(z->fd, z->synced, SEEK_SET);
	z->err = err;
	return err;
}

/* Runs deflate with @flush until it has consumed the input and, for a
 * flush, emitted everything; each full output chunk goes to the fd. */
static int deflate_out(struct gzsink *z, int flush)
{
	size_t done;
	int ret, err;

	do {
		z->zs.next_out = z->out;
		z->zs.avail_out = sizeof(z->out);
		ret = deflate(&z->zs, flush);
		if (ret == Z_STREAM_ERROR)
			return fail(z, -EINVAL);
		err = fd_write_all(z->fd, z->out, sizeof(z->out) - z->zs.avail_out, &done);
		if (err)
			return fail(z, err);
	} while (z->zs.avail_out == 0 || z->zs.avail_in > 0);
	return 0;
}

int gzsink__write(struct gzsink *z, const void *data, size_t len)
{
	const uint8_t *p = data;
	int err;

	if (z->err)
		return z->err;
	if (z->finished)
		return fail(z, -EINVAL);
	/* avail_in is an unsigned int: feed very large writes in slices. */
	do {
		size_t n = len > UINT_MAX ? UINT_MAX : len;

		z->zs.next_in = (Bytef *)p;
		z->zs.avail_in = n;
		err = deflate_out(z, n == len ? Z_SYNC_FLUSH : Z_NO_FLUSH);
		p += n;
		len -= n;
	} while (!err && len);
	if (!err && z->regular)
		z->synced = lseek(z->fd, 0, SEEK_CUR);
	z->regular = z->regular && z->synced >= 0;
	return err;
}

int gzsink__finish(struct gzsink *z)
{
	int err;

	if (z->err || z->finished)
		return z->err;
	z->zs.next_in = NULL;
	z->zs.avail_in = 0;
	err = deflate_out(z, Z_FINISH);
	z->finished = true;
	return err;
}

int gzsink__sink_write(void *ctx, const void *data, size_t len)
{
	return gzsink__write(ctx, data, len);
}
