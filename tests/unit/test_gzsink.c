// SPDX-License-Identifier: GPL-2.0
/*
 * lib/gzsink under the capture writer: the same packets written plain and
 * through gzip must decompress (gzip -dc, an independent reader) to the
 * very same bytes, also for a block larger than the buffer; what is on disk
 * after a flush, before the stream is finished, must already decompress to
 * the plain file as it was at that flush; and a write error (/dev/full)
 * sticks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gzsink.h"
#include "pcapng.h"

#define UNIT_NAME "test_gzsink"
#include "unit_check.h"

#define NR_PKTS 300
#define BIG_PKT 123 /* larger than the writer's buffer: written through */
#define BUFFER_SIZE 4096
#define TS_BASE 1700000000000000000ULL

static char dir[] = "/tmp/xdpdump-gzsink.XXXXXX";
static uint8_t data[9000];

struct pair {
	int plain_fd, gz_fd;
	struct gzsink *gz;
	struct capture_writer *plain, *packed;
};

static const struct capture_interface iface = {
	.name = "veth0",
	.snaplen = 262144,
	.linktype = 1,
};

static int open_pair(struct pair *p)
{
	struct capture_writer_opts opts = { .sz = sizeof(opts), .buffer_size = BUFFER_SIZE };
	struct outbuf_sink sink = { .write = gzsink__sink_write };
	char path[64];

	snprintf(path, sizeof(path), "%s/plain", dir);
	p->plain_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	snprintf(path, sizeof(path), "%s/packed.gz", dir);
	p->gz_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (p->plain_fd < 0 || p->gz_fd < 0)
		return -errno;
	p->gz = gzsink__new(p->gz_fd);
	if (!p->gz)
		return -errno;
	sink.ctx = p->gz;
	p->plain = capture_writer__open_fd(p->plain_fd, &opts);
	p->packed = capture_writer__open_sink(&sink, &opts);
	if (!p->plain || !p->packed)
		return -errno;
	if (capture_writer__add_interface(p->plain, &iface) != 0 ||
	    capture_writer__add_interface(p->packed, &iface) != 0)
		return -EIO;
	return 0;
}

static int write_both(struct pair *p, int first, int last)
{
	for (int i = first; i < last; i++) {
		uint32_t len = i == BIG_PKT ? (uint32_t)sizeof(data) :
					      60 + (uint32_t)(i * 37) % 1400;
		struct capture_packet pkt = {
			.ts_ns = TS_BASE + i * 1000ull,
			.caplen = len,
			.origlen = len,
			.data = data,
			.has_packet_id = true,
			.packet_id = i,
		};
		int err = capture_writer__write_packet(p->plain, &pkt);

		if (!err)
			err = capture_writer__write_packet(p->packed, &pkt);
		if (err)
			return err;
	}
	return 0;
}

/* gzip -dc of the compressed file is the plain file, byte for byte. */
static int same_after_gunzip(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "gzip -dc %s/packed.gz 2>/dev/null | cmp -s - %s/plain", dir,
		 dir);
	return system(cmd) == 0;
}

static void test_round_trip(void)
{
	struct pair p = { .plain_fd = -1, .gz_fd = -1 };
	int err;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + i / 251);
	err = open_pair(&p);
	CHECK(!err, "opening the files and writers: %s", strerror(-err));
	err = write_both(&p, 0, NR_PKTS / 2);
	CHECK(!err, "writing: %s", strerror(-err));
	CHECK(!capture_writer__flush(p.plain) && !capture_writer__flush(p.packed), "flush");
	CHECK(same_after_gunzip(),
	      "after a flush, the unfinished gzip file does not decompress to the plain one");
	err = write_both(&p, NR_PKTS / 2, NR_PKTS);
	CHECK(!err, "writing: %s", strerror(-err));
	CHECK(!capture_writer__close(p.plain) && !capture_writer__close(p.packed), "close");
	CHECK(!gzsink__finish(p.gz), "finish");
	gzsink__free(p.gz);
	close(p.plain_fd);
	close(p.gz_fd);
	CHECK(same_after_gunzip(), "the finished gzip file does not decompress to the plain one");
	printf("PASS test_gzsink: %d packets (one of %zu bytes, over the %d-byte buffer) "
	       "decompress to the plain file, at a flush and at the end\n",
	       NR_PKTS, sizeof(data), BUFFER_SIZE);
}

static void test_dev_full(void)
{
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC), err;
	struct gzsink *z;

	CHECK(fd >= 0, "open /dev/full: %s", strerror(errno));
	z = gzsink__new(fd);
	CHECK(z, "gzsink__new: %s", strerror(errno));
	err = gzsink__write(z, data, sizeof(data));
	CHECK(err == -ENOSPC, "write: %d, want -ENOSPC", err);
	CHECK(gzsink__write(z, data, 1) == -ENOSPC, "the error did not stick");
	CHECK(gzsink__finish(z) == -ENOSPC, "finish after the error");
	gzsink__free(z);
	close(fd);
	printf("PASS test_gzsink: /dev/full: -ENOSPC, and it sticks\n");
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(dir)) {
		printf("FAIL test_gzsink: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_round_trip();
	test_dev_full();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (!failures && system(cmd))
		printf("test_gzsink: could not remove %s\n", dir);
	return failures ? 1 : 0;
}
