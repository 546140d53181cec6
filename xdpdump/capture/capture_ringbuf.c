// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF ring buffer transport (--ring ringbuf): one ring per interface
 * shared by the CPUs, so a burst on one CPU may use the whole budget. Every
 * record is a finished pcapng block; epb_merge.c reads, orders, writes
 * and releases them.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <bpf/libbpf.h>
#include "capture_session.h"
#include "epb_merge.h"
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

int capture_ringbuf__open(struct capture_iface *ci)
{
	struct capture_session *s = ci->session;
	/* Edge triggered: the records held until the reorder window passes
	 * keep the map readable; only the kernel's wakeups should wake us
	 * (epb_merge__wait_ms). */
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u32 = ci - s->ifaces };
	int err;

	ci->epb = epb_queue__new();
	if (!ci->epb)
		return -ENOMEM;
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
