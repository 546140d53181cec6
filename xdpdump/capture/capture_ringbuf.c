// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF ring buffer transport (--ring ringbuf): one ring per interface
 * shared by the CPUs, so a burst on one CPU may use the whole budget. Every
 * record is struct xdpdump_meta and the packet, as in a perf sample; the
 * CPU that wrote it is in its packet id, so the merge still sees one
 * time-ordered source per (interface, CPU): a CPU reserves its records in
 * the order it stamps them.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <bpf/libbpf.h>
#include "capture_session.h"
#include "log.h"
#include "ringbuf_reader.h"

/* The default: the whole budget of 64 MiB an interface gets with the perf
 * rings on 2 CPUs (and as much as tcpdump -B 65536), now usable by any
 * CPU. */
#define RINGBUF_DEFAULT_KIB (64u << 10)

size_t capture_ringbuf__size(unsigned int requested_kib)
{
	size_t want = (size_t)(requested_kib ? requested_kib : RINGBUF_DEFAULT_KIB) << 10;
	size_t size = sysconf(_SC_PAGESIZE);

	while (size < want)
		size <<= 1;
	return size;
}

/* Records read from one ring in one pass: without a bound a busy ring
 * would keep the loop from ever writing (and the merge would grow). */
#define RINGBUF_BATCH 16384

static int on_record(void *ctx, const void *data, size_t size)
{
	struct capture_iface *ci = ctx;
	const struct xdpdump_meta *meta = data;
	int err;

	if (size < sizeof(*meta))
		return 0;
	err = capture_loop__push(ci, meta->packet_id >> XDPDUMP_PACKET_ID_CPU_SHIFT, data, size);
	if (err)
		return err;
	ci->rb_last_ts = meta->ts_ns;
	return 0;
}

int capture_ringbuf__consume(struct capture_iface *ci)
{
	long n = ringbuf_reader__consume(ci->rb, RINGBUF_BATCH, on_record, ci);

	if (n < 0)
		return n;
	ci->rb_truncated = n == RINGBUF_BATCH && ringbuf_reader__pending(ci->rb);
	return 0;
}

int capture_ringbuf__open(struct capture_iface *ci)
{
	struct capture_session *s = ci->session;
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = ci - s->ifaces };
	int err;

	ci->rb = ringbuf_reader__new(capture_iface__rb_fd(ci));
	if (!ci->rb) {
		err = -errno;
		pr_err("%s: cannot map the ring buffer: %s\n", ci->name, strerror(-err));
		return err;
	}
	/* The map itself is readable when records wait. */
	if (epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, capture_iface__rb_fd(ci), &ev))
		return -errno;
	ci->ring_open = true;
	return 0;
}
