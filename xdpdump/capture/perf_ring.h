/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The perf ring records the capture programs produce, and the attributes of
 * the rings they go into; shared by live capture and -r replay.
 */
#ifndef XDPDUMP_PERF_RING_H
#define XDPDUMP_PERF_RING_H

#include <stddef.h>
#include <string.h>
#include <linux/perf_event.h>

/* PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW: our metadata, then the packet. */
struct ring_sample {
	struct perf_event_header header;
	__u32 size;
	unsigned char data[];
};

/* PERF_RECORD_LOST: samples the ring had no room for. */
struct ring_lost {
	struct perf_event_header header;
	__u64 id;
	__u64 lost;
};

/* A BPF output ring that wakes its reader every wakeup_events samples, or,
 * with 0, once watermark_bytes are waiting. */
static inline void perf_ring__attr(struct perf_event_attr *attr, unsigned int wakeup_events,
				   size_t watermark_bytes)
{
	memset(attr, 0, sizeof(*attr));
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = PERF_COUNT_SW_BPF_OUTPUT;
	attr->sample_type = PERF_SAMPLE_RAW;
	attr->sample_period = 1;
	if (wakeup_events) {
		attr->wakeup_events = wakeup_events;
	} else {
		attr->watermark = 1;
		attr->wakeup_watermark = watermark_bytes;
	}
}

#endif /* XDPDUMP_PERF_RING_H */
