// SPDX-License-Identifier: GPL-2.0
/*
 * What a record costs on its way to the file through lib/outbuf: copied
 * (outbuf__write) or held by reference and written with writev
 * (outbuf__write_ref), for the record sizes of issue 12 (a 64, 512 and 1500
 * byte frame in a pcapng EPB). The records sit back to back in a 64 MiB
 * arena, as in a ring buffer's mapping, touched before the clock starts.
 * Each size is written once to warm the file's pages, then each way ROUNDS
 * times in turn into the same file cut back to 0; the best round counts.
 *
 * Usage: outbuf_ref [FILE [RECORDS [BUFFER]]]
 * Defaults: /tmp/outbuf_ref.PID, 500000 records a size, a 256 KiB buffer
 * (the capture writer's default). The file is removed at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "outbuf.h"

#define ARENA (64u << 20)
#define ROUNDS 5

static const size_t sizes[] = { 108, 556, 1544 };

typedef int (*put_fn)(struct outbuf *b, const void *data, size_t len);

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ns per record for @n records of @len bytes written with @put; < 0 on error. */
static double run(int fd, const uint8_t *arena, size_t len, size_t n, size_t cap, put_fn put)
{
	size_t per_pass = ARENA / len, off;
	struct outbuf *b;
	double t0, t1;
	int err = 0;

	if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET))
		return -errno;
	b = outbuf__new(fd, cap);
	if (!b)
		return -errno;
	t0 = now_ns();
	for (size_t i = 0; i < n && !err; i++) {
		off = (i % per_pass) * len;
		err = put(b, arena + off, len);
	}
	if (!err)
		err = outbuf__flush(b);
	t1 = now_ns();
	outbuf__free(b);
	return err ? err : (t1 - t0) / n;
}

int main(int argc, char **argv)
{
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 0) : 500000;
	size_t cap = argc > 3 ? strtoul(argv[3], NULL, 0) : 256 * 1024;
	char def[64], *path = def;
	uint8_t *arena;
	int fd, ret = 1;

	snprintf(def, sizeof(def), "/tmp/outbuf_ref.%d", (int)getpid());
	if (argc > 1)
		path = argv[1];
	arena = malloc(ARENA);
	if (!arena || !n) {
		fprintf(stderr, "outbuf_ref: no memory, or RECORDS is 0\n");
		return 1;
	}
	for (size_t i = 0; i < ARENA; i++)
		arena[i] = (uint8_t)(i * 7);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "outbuf_ref: %s: %s\n", path, strerror(errno));
		goto out;
	}
	printf("%zu records a size to %s, buffer %zu B, best of %d rounds\n", n, path, cap,
	       ROUNDS);
	printf("%8s %12s %12s %8s\n", "record", "copy ns", "ref ns", "ref/copy");
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		double copy = 1e30, ref = 1e30, t;

		t = run(fd, arena, sizes[s], n, cap, outbuf__write);
		for (int r = 0; r < ROUNDS && t >= 0; r++) {
			t = run(fd, arena, sizes[s], n, cap, outbuf__write);
			copy = t >= 0 && t < copy ? t : copy;
			if (t >= 0)
				t = run(fd, arena, sizes[s], n, cap, outbuf__write_ref);
			ref = t >= 0 && t < ref ? t : ref;
		}
		if (t < 0) {
			fprintf(stderr, "outbuf_ref: %s: %s\n", path, strerror((int)-t));
			goto out;
		}
		printf("%6zu B %12.1f %12.1f %8.2f\n", sizes[s], copy, ref, ref / copy);
	}
	ret = 0;
out:
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	free(arena);
	return ret;
}
