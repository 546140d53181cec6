// SPDX-License-Identifier: GPL-2.0
/*
 * The hot path in user space: rings -> reorder buffer -> output. The perf
 * rings are opened and merged here; the BPF ring buffer's records, which
 * are finished blocks, go their own way (capture_ringbuf.c, epb_merge.c).
 *
 * Ordering argument: every CPU's ring holds its records in time order (an
 * XDP program runs to completion on its CPU before the next packet there).
 * If we note the time T before reading all rings, anything not read yet was
 * either stamped after T or is a record whose program was between its
 * timestamp and its ring commit at T — a few microseconds at most, since
 * XDP runs with preemption off. So all held records older than T minus a
 * small window can be written in merged order. A record that arrives older
 * than one already written (it took longer than the window) is written with
 * the last written time and a comment with its real time, and counted.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <bpf/libbpf.h>
#include "capture.skel.h"
#include "capture_session.h"
#include "epb_merge.h"
#include "log.h"
#include "perf_ring.h"

/* Hold at most this much in the reorder buffer; past it, write in order
 * without waiting for the window (a late record is then counted, not lost). */
#define MAX_HELD_BYTES (256ull << 20)
/* Flush the output at least this often, so a pipe reader sees packets. */
#define FLUSH_INTERVAL_NS (100ull * 1000 * 1000)

static enum bpf_perf_event_ret on_sample(struct capture_iface *ci, int cpu,
					 const struct ring_sample *sample)
{
	if (capture_loop__push(ci, cpu, sample->data, sample->size))
		return LIBBPF_PERF_EVENT_ERROR;
	return LIBBPF_PERF_EVENT_CONT;
}

static enum bpf_perf_event_ret on_ring_event(void *ctx, int cpu, struct perf_event_header *event)
{
	struct capture_iface *ci = ctx;

	switch (event->type) {
	case PERF_RECORD_SAMPLE:
		return on_sample(ci, cpu, (const struct ring_sample *)event);
	case PERF_RECORD_LOST:
		ci->ring_lost += ((const struct ring_lost *)event)->lost;
		return LIBBPF_PERF_EVENT_CONT;
	default:
		return LIBBPF_PERF_EVENT_CONT;
	}
}

static size_t ring_pages(unsigned int kib)
{
	size_t want = (size_t)kib * 1024 / sysconf(_SC_PAGESIZE), pages = 1;

	while (pages < want)
		pages <<= 1;
	return pages;
}

/*
 * The default ring size. A ring must hold what arrives while the reader is
 * not running: a busy machine can keep it off its CPU for tens of
 * milliseconds, and at line rate on veth (1.3 Mpps of 64-byte frames, 120
 * bytes a record) 4 MiB lasts 27 ms. Traffic often lands on a few CPUs, so
 * each ring gets a share of a budget per interface, but never less than
 * 4 MiB and never more than 32 MiB: 64 MiB in all on 2 CPUs, as much as
 * the tcpdump -B 65536 we compare with, and 4 MiB each from 16 CPUs on.
 */
#define RING_BUDGET_KIB (64u << 10)
#define RING_MIN_KIB (4u << 10)
#define RING_MAX_KIB (32u << 10)

static unsigned int ring_size_kib(unsigned int requested_kib, unsigned int nr_cpus)
{
	unsigned int share = RING_BUDGET_KIB / (nr_cpus ? nr_cpus : 1);

	if (requested_kib)
		return requested_kib;
	return share < RING_MIN_KIB ? RING_MIN_KIB : share > RING_MAX_KIB ? RING_MAX_KIB : share;
}

static int perf_ring__open(struct capture_iface *ci)
{
	struct capture_session *s = ci->session;
	unsigned int kib = ring_size_kib(s->opts.ring_kib, s->nr_cpus);
	size_t pages = ring_pages(kib);
	struct perf_event_attr attr;
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = ci - s->ifaces };
	int err;

	/*
	 * Each wakeup is an irq_work on the CPU that runs XDP (a self-IPI,
	 * about 12 us in a VM), paid by the packet path. By default wake us
	 * only when a quarter of the ring is full: the 50 ms poll timeout
	 * picks up whatever never gets that far. --perf-wakeup N wakes every
	 * N samples instead.
	 */
	perf_ring__attr(&attr, s->opts.wakeup, pages * sysconf(_SC_PAGESIZE) / 4);
	ci->pb = perf_buffer__new_raw(capture_iface__events_fd(ci), pages, &attr, on_ring_event,
				      ci, NULL);
	if (!ci->pb) {
		err = -errno;
		/* Past kernel.perf_event_mlock_kb, only CAP_IPC_LOCK maps rings. */
		pr_err("%s: cannot open the per-CPU perf rings (%u KiB each): %s%s\n", ci->name,
		       kib, strerror(-err),
		       err == -EPERM ?
			       " (rings this large need CAP_IPC_LOCK: add it, or use a smaller -B)" :
			       "");
		return err;
	}
	if (epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, perf_buffer__epoll_fd(ci->pb), &ev))
		return -errno;
	ci->ring_open = true;
	return 0;
}

int capture_ring__open(struct capture_iface *ci)
{
	if (ci->session->opts.ring == XDPDUMP_RING_RINGBUF)
		return capture_ringbuf__open(ci);
	return perf_ring__open(ci);
}

static int emit_record(void *ctx, unsigned int source, uint64_t ts, const void *data, size_t len)
{
	struct capture_session *s = ctx;
	struct capture_iface *ci = &s->ifaces[source / s->nr_cpus];
	const struct xdpdump_meta *meta = data;
	uint64_t wall = wall_clock__from_mono(&s->clock, ts);
	const char *note;
	char comment[96];
	int err;

	(void)len;
	if (s->opts.count && s->written >= s->opts.count)
		return -ECANCELED;
	note = capture_session__place(s, ts, &wall, comment, sizeof(comment));
	err = output__packet(s->out, capture_iface__if_id(ci, meta->source), ci->name, wall, meta,
			     meta + 1, note);
	if (err)
		return err;
	s->written++;
	return 0;
}

/* Read every perf ring once, then write what no unread record can
 * precede. */
static long perf_drain(struct capture_session *s, uint64_t now, bool final)
{
	uint64_t limit;

	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		struct capture_iface *ci = &s->ifaces[i];
		int err = ci->pb ? perf_buffer__consume(ci->pb) : 0;

		if (s->error)
			return s->error;
		if (err < 0)
			return err;
	}
	limit = now > s->opts.reorder_window_ns ? now - s->opts.reorder_window_ns : 0;
	if (final || reorder__held_bytes(s->reorder) > MAX_HELD_BYTES)
		limit = final ? UINT64_MAX : now;
	return reorder__pop_until(s->reorder, limit, emit_record, s);
}

int capture_loop__drain(struct capture_session *s, bool idle, bool final)
{
	uint64_t now = mono_now_ns();
	long emitted;

	capture_session__refresh_clock(s, now);
	emitted = s->opts.ring == XDPDUMP_RING_RINGBUF ? epb_merge__drain(s, now, final) :
							 perf_drain(s, now, final);
	if (emitted == -ECANCELED)
		s->count_reached = true;
	else if (emitted < 0)
		return emitted;
	if (idle || final || s->count_reached || now - s->last_flush_ns >= FLUSH_INTERVAL_NS) {
		s->last_flush_ns = now;
		return output__flush(s->out);
	}
	return 0;
}
