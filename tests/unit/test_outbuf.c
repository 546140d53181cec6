// SPDX-License-Identifier: GPL-2.0
/*
 * lib/outbuf with units held by reference (outbuf__write_ref) beside copied
 * ones, and lib/fdio's fd_writev_all: the file holds the units in order;
 * referenced memory is read at the flush, not before (no copy) and not after;
 * outbuf__size() and outbuf__ref_bytes() count what they say; the bytes and
 * iovec bounds flush on their own; a write that stops part way (RLIMIT_FSIZE
 * makes write(2) return short, then EFBIG) leaves the file ending at the last
 * whole unit and the error sticks; a writev stopped inside an entry goes on
 * from there; a sink outbuf gets the same bytes in order.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fdio.h"
#include "outbuf.h"

#define UNIT_NAME "test_outbuf"
#include "unit_check.h"

#define CAP 4096
#define ARENA (1 << 20)

static char dir[] = "/tmp/xdpdump-outbuf.XXXXXX";
static uint8_t src[ARENA]; /* what units are taken from */
static uint8_t want[4 * ARENA]; /* what the file must hold */
static uint8_t got[4 * ARENA];
static size_t want_len;

static void fill(uint8_t *p, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed * 131 + i * 7 + i / 253);
}

static int open_file(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

static off_t file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? -1 : st.st_size;
}

/* The file's bytes are exactly want[0, want_len). */
static bool file_is_want(int fd)
{
	ssize_t n = pread(fd, got, sizeof(got), 0);

	return n == (ssize_t)want_len && !memcmp(got, want, want_len);
}

/* One unit: copied, built in place, or by reference; remembered in want. */
enum how { COPY, RESERVE, REF };

static int put(struct outbuf *b, enum how how, const uint8_t *p, size_t len)
{
	uint8_t *dst;
	int err = 0;

	if (how == COPY) {
		err = outbuf__write(b, p, len);
	} else if (how == REF) {
		err = outbuf__write_ref(b, p, len);
	} else {
		dst = outbuf__reserve(b, len);
		if (!dst)
			return -errno;
		memcpy(dst, p, len);
		outbuf__commit(b, len);
	}
	if (!err) {
		memcpy(want + want_len, p, len);
		want_len += len;
	}
	return err;
}

static void test_order_and_size(void)
{
	struct outbuf *b;
	size_t off = 0;
	int fd, err;

	fill(src, sizeof(src), 1);
	want_len = 0;
	fd = open_file("order");
	CHECK(fd >= 0, "open: %s", strerror(errno));
	b = outbuf__new(fd, CAP);
	CHECK(b, "outbuf__new: %s", strerror(errno));
	for (unsigned int i = 0; i < 600; i++) {
		/* Sizes from 1 byte to beyond the capacity, either way. */
		size_t len = 1 + (i * 977) % (i % 50 == 7 ? 9000 : 2100);
		enum how how = i % 3 == 0 ? REF : i % 3 == 1 ? COPY : RESERVE;

		if (how == RESERVE && len > CAP)
			how = COPY;
		if (off + len > sizeof(src))
			off = 0;
		err = put(b, how, src + off, len);
		CHECK(!err, "unit %u (%d, %zu bytes): %s", i, how, len, strerror(-err));
		CHECK(outbuf__size(b) == want_len, "unit %u: size %llu, %zu written", i,
		      (unsigned long long)outbuf__size(b), want_len);
		off += len;
	}
	CHECK(outbuf__flush(b) == 0, "flush");
	CHECK(outbuf__ref_bytes(b) == 0, "references held after a flush");
	CHECK(outbuf__size(b) == want_len, "size after the flush");
	CHECK(file_is_want(fd), "the file does not hold the %zu bytes of the units in order",
	      want_len);
	outbuf__free(b);
	close(fd);
	printf("PASS " UNIT_NAME
	       ": 600 units copied, built in place and by reference, 1 B to 9 KB: the file holds them in order; size counts each at once\n");
}

/* The file is read from the caller's memory at the flush, and only then. */
static void test_no_copy(void)
{
	uint8_t mem[2000], head[10] = "head.....", back[2000];
	struct outbuf *b;
	int fd;

	fd = open_file("nocopy");
	CHECK(fd >= 0, "open: %s", strerror(errno));
	b = outbuf__new(fd, CAP);
	CHECK(b, "outbuf__new: %s", strerror(errno));
	memset(mem, 'a', sizeof(mem));
	CHECK(!outbuf__write(b, head, sizeof(head)), "write");
	CHECK(!outbuf__write_ref(b, mem, sizeof(mem)), "write_ref");
	CHECK(outbuf__ref_bytes(b) == sizeof(mem), "ref_bytes %zu, want %zu",
	      outbuf__ref_bytes(b), sizeof(mem));
	CHECK(outbuf__size(b) == sizeof(head) + sizeof(mem), "size %llu",
	      (unsigned long long)outbuf__size(b));
	CHECK(file_size(fd) == 0, "something reached the file before the flush");
	memset(mem, 'b', sizeof(mem));
	CHECK(!outbuf__flush(b), "flush");
	CHECK(outbuf__ref_bytes(b) == 0, "still held after the flush");
	memset(mem, 'c', sizeof(mem));
	CHECK(pread(fd, back, sizeof(back), sizeof(head)) == sizeof(back), "read back");
	CHECK(back[0] == 'b' && back[sizeof(back) - 1] == 'b',
	      "the file has '%c', want 'b' (changed before the flush; 'a' means it was copied)",
	      back[0]);
	outbuf__free(b);
	close(fd);
	printf("PASS " UNIT_NAME
	       ": a reference is read at the flush: a change before it is in the file, one after it is not\n");
}

/* More than a capacity's worth of references flushes before the next one. */
static void test_bytes_bound(void)
{
	struct outbuf *b;
	int fd;

	fill(src, sizeof(src), 2);
	want_len = 0;
	fd = open_file("bytes");
	CHECK(fd >= 0, "open: %s", strerror(errno));
	b = outbuf__new(fd, CAP);
	CHECK(b, "outbuf__new: %s", strerror(errno));
	for (int i = 0; i < 4; i++)
		CHECK(!put(b, REF, src + i * 1000, 1000), "write_ref %d", i);
	CHECK(outbuf__ref_bytes(b) == 4000 && file_size(fd) == 0,
	      "4000 bytes held: ref_bytes %zu, file %lld", outbuf__ref_bytes(b),
	      (long long)file_size(fd));
	CHECK(!put(b, REF, src + 4000, 1000), "write_ref 4");
	CHECK(outbuf__ref_bytes(b) == 1000 && file_size(fd) == 4000,
	      "over the capacity: ref_bytes %zu (want 1000), file %lld (want 4000)",
	      outbuf__ref_bytes(b), (long long)file_size(fd));
	/* A unit larger than the capacity flushes what is held, then is held alone. */
	CHECK(!put(b, REF, src + 5000, 3 * CAP), "write_ref of 3 capacities");
	CHECK(outbuf__ref_bytes(b) == 3 * CAP && file_size(fd) == 5000,
	      "a large reference: ref_bytes %zu, file %lld", outbuf__ref_bytes(b),
	      (long long)file_size(fd));
	CHECK(!outbuf__flush(b) && file_is_want(fd), "flush, content");
	outbuf__free(b);
	close(fd);
	printf("PASS " UNIT_NAME
	       ": references beyond the capacity flush first; one larger than it is held alone\n");
}

/* More references than one writev takes, between copied units. */
static void test_iov_bound(void)
{
	size_t most = 0, flushed_at = 0;
	struct outbuf *b;
	int fd;

	fill(src, sizeof(src), 3);
	want_len = 0;
	fd = open_file("iov");
	CHECK(fd >= 0, "open: %s", strerror(errno));
	b = outbuf__new(fd, ARENA); /* the bytes bound stays far away */
	CHECK(b, "outbuf__new: %s", strerror(errno));
	for (size_t i = 0; i < 3000; i++) {
		CHECK(!put(b, COPY, src + 32 * i, 8), "write %zu", i);
		CHECK(!put(b, REF, src + 32 * i + 8, 16), "write_ref %zu", i);
		if (outbuf__ref_bytes(b) > most)
			most = outbuf__ref_bytes(b);
		if (!flushed_at && file_size(fd) > 0)
			flushed_at = i;
	}
	CHECK(flushed_at > 0, "3000 references and no flush of its own");
	CHECK(most / 16 < 1024, "%zu references held at once, more than one writev takes",
	      most / 16);
	CHECK(flushed_at > 400, "flushed after %zu references already", flushed_at);
	CHECK(!outbuf__flush(b) && file_is_want(fd), "flush, content");
	outbuf__free(b);
	close(fd);
	printf("PASS " UNIT_NAME
	       ": 3000 references between copied units: flushed before one writev would take too many\n");
}

struct unit {
	enum how how;
	size_t len;
};

/* Ends at 100, 1100, 1150, 3150 and 3450: references among copied units. */
static const struct unit mixed[] = {
	{ COPY, 100 }, { REF, 1000 }, { COPY, 50 }, { REF, 2000 }, { RESERVE, 300 }, { 0, 0 },
};

/* Ends at 100, 6100 and 6150: a reference larger than the capacity. */
static const struct unit large[] = {
	{ COPY, 100 },
	{ REF, 6000 },
	{ COPY, 50 },
	{ 0, 0 },
};

/* With the file limited to @limit bytes, the flush keeps the units up to @keep. */
static void fsize_case(const struct unit *units, off_t limit, off_t keep)
{
	struct rlimit old, rl;
	struct outbuf *b;
	size_t off = 0;
	int fd, err;

	fill(src, sizeof(src), 4);
	want_len = 0;
	fd = open_file("fsize");
	CHECK(fd >= 0, "open: %s", strerror(errno));
	b = outbuf__new(fd, CAP);
	CHECK(b, "outbuf__new: %s", strerror(errno));
	for (size_t i = 0; units[i].len; i++) {
		err = put(b, units[i].how, src + off, units[i].len);
		CHECK(!err, "unit %zu: %s", i, strerror(-err));
		off += units[i].len;
	}
	CHECK(file_size(fd) == 0, "written before the flush");
	CHECK(!getrlimit(RLIMIT_FSIZE, &old), "getrlimit");
	rl = old;
	rl.rlim_cur = limit;
	CHECK(!setrlimit(RLIMIT_FSIZE, &rl), "setrlimit: %s", strerror(errno));
	err = outbuf__flush(b);
	setrlimit(RLIMIT_FSIZE, &old);
	CHECK(err == -EFBIG, "limit %lld: flush gave %d, want -EFBIG", (long long)limit, err);
	CHECK(file_size(fd) == keep, "limit %lld: the file has %lld bytes, want %lld",
	      (long long)limit, (long long)file_size(fd), (long long)keep);
	want_len = keep;
	CHECK(file_is_want(fd), "limit %lld: the kept units are not the first ones",
	      (long long)limit);
	CHECK(lseek(fd, 0, SEEK_CUR) == keep, "the fd's offset is not at the new end");
	CHECK(outbuf__ref_bytes(b) == 0, "references held after the error");
	CHECK((off_t)outbuf__size(b) == keep, "size %llu after the error, want %lld",
	      (unsigned long long)outbuf__size(b), (long long)keep);
	CHECK(outbuf__write(b, src, 10) == -EFBIG, "write after the error");
	CHECK(outbuf__write_ref(b, src, 10) == -EFBIG, "write_ref after the error");
	CHECK(!outbuf__reserve(b, 10) && errno == EFBIG, "reserve after the error");
	CHECK(outbuf__flush(b) == -EFBIG, "flush after the error");
	CHECK(file_size(fd) == keep, "the file grew after the error");
	outbuf__free(b);
	close(fd);
}

static void test_fsize(void)
{
	int before = failures;

	signal(SIGXFSZ, SIG_IGN);
	fsize_case(mixed, 2000, 1150); /* inside a reference */
	fsize_case(mixed, 3300, 3150); /* inside a copied unit after a reference */
	fsize_case(mixed, 1120, 1100); /* inside a copied unit right after one */
	fsize_case(mixed, 50, 0); /* inside the first unit */
	fsize_case(large, 3000, 100); /* inside a reference larger than the capacity */
	fsize_case(large, 6120, 6100); /* inside the copied unit after it */
	signal(SIGXFSZ, SIG_DFL);
	if (failures == before)
		printf("PASS " UNIT_NAME ": RLIMIT_FSIZE part way through a flush, 6 places: the "
		       "file ends at the last whole unit, the error sticks, nothing is held\n");
}

/* Reads what the pipe has now and appends it to got[*len...]. */
static void drain(int fd, size_t *len)
{
	ssize_t n;

	while ((n = read(fd, got + *len, sizeof(got) - *len)) > 0)
		*len += n;
}

/*
 * A non-blocking pipe takes 64 KiB and then says EAGAIN, inside the third
 * entry: what is left in the iovec must be exactly the rest, and a second
 * call carries on from there.
 */
static void test_writev_resume(void)
{
	static const size_t sizes[] = { 10000, 30001, 50000, 7, 0, 40000, 3 };
	struct iovec iov[7];
	size_t done, total = 0, left = 0, have = 0;
	int p[2], err, rounds = 0;

	fill(src, sizeof(src), 5);
	for (int i = 0; i < 7; i++) {
		iov[i].iov_base = src + total;
		iov[i].iov_len = sizes[i];
		total += sizes[i];
	}
	CHECK(!pipe2(p, O_NONBLOCK | O_CLOEXEC), "pipe2: %s", strerror(errno));
	err = fd_writev_all(p[1], iov, 7, &done);
	CHECK(err == -EAGAIN, "a full pipe: %d, want -EAGAIN", err);
	CHECK(done > 0 && done < total, "done %zu of %zu", done, total);
	for (int i = 0; i < 7; i++)
		left += iov[i].iov_len;
	CHECK(left == total - done, "%zu bytes left in the iovec, %zu not written", left,
	      total - done);
	do {
		drain(p[0], &have);
		err = fd_writev_all(p[1], iov, 7, &done);
		rounds++;
	} while (err == -EAGAIN && rounds < 100);
	CHECK(!err, "the rest: %s", strerror(-err));
	drain(p[0], &have);
	CHECK(have == total && !memcmp(got, src, total), "the pipe gave %zu bytes of %zu%s", have,
	      total, have == total ? ", not the same" : "");
	close(p[0]);
	close(p[1]);
	printf("PASS " UNIT_NAME
	       ": fd_writev_all stopped inside an entry (EAGAIN) leaves exactly the rest and carries on\n");
}

struct mem_sink {
	size_t len;
	int calls;
};

static int mem_sink_write(void *ctx, const void *data, size_t len)
{
	struct mem_sink *s = ctx;

	memcpy(got + s->len, data, len);
	s->len += len;
	s->calls++;
	return 0;
}

/* A sink outbuf copies references at once: in order, and nothing is held. */
static void test_sink(void)
{
	struct mem_sink ms = { 0 };
	struct outbuf_sink sink = { .write = mem_sink_write, .ctx = &ms };
	struct outbuf *b;
	size_t off = 0;

	fill(src, sizeof(src), 6);
	want_len = 0;
	b = outbuf__new_sink(&sink, CAP);
	CHECK(b, "outbuf__new_sink: %s", strerror(errno));
	for (unsigned int i = 0; i < 100; i++) {
		size_t len = 1 + (i * 613) % (i % 10 == 3 ? 7000 : 1600);

		CHECK(!put(b, i % 2 ? REF : COPY, src + off, len), "unit %u", i);
		CHECK(outbuf__ref_bytes(b) == 0, "a sink outbuf holds a reference");
		off += len;
	}
	/* Copied at outbuf__write_ref(): a change afterwards is not seen. */
	memset(src, 0xee, off);
	CHECK(!outbuf__flush(b), "flush");
	CHECK(outbuf__size(b) == want_len, "size");
	CHECK(ms.len == want_len && !memcmp(got, want, want_len),
	      "the sink got %zu bytes of %zu, or not these", ms.len, want_len);
	outbuf__free(b);
	printf("PASS " UNIT_NAME
	       ": a sink outbuf copies references at once, in order, and holds none\n");
}

static int rm_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("FAIL " UNIT_NAME ": mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_order_and_size();
	test_no_copy();
	test_bytes_bound();
	test_iov_bound();
	test_fsize();
	test_writev_resume();
	test_sink();
	if (failures) {
		printf("FAIL " UNIT_NAME ": %d failed; files kept in %s\n", failures, dir);
		return 1;
	}
	rm_dir();
	return 0;
}
