// SPDX-License-Identifier: GPL-2.0
/* What the session's parts share about an interface: the maps its programs
 * write to and the settings they read while they run, and the step from a
 * perf ring into the time-ordered merge. */
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "capture.skel.h"
#include "capture_session.h"
#include "log.h"

int capture_iface__events_fd(const struct capture_iface *ci)
{
	return ci->att.trace ? trace_attachment__events_fd(ci->att.trace) :
			       bpf_map__fd(ci->skel->maps.events);
}

int capture_iface__rb_fd(const struct capture_iface *ci)
{
	return ci->att.trace ? trace_attachment__rb_fd(ci->att.trace) :
			       bpf_map__fd(ci->skel->maps.rb);
}

/* One record (meta, then the packet) read from ring cpu of interface ci,
 * into the merge. */
int capture_loop__push(struct capture_iface *ci, unsigned int cpu, const void *data, size_t size)
{
	struct capture_session *s = ci->session;
	struct xdpdump_meta meta;
	unsigned int source;
	int err;

	/* The data of a perf sample sits at a 4-byte offset: copy the header
	 * out. */
	if (size < sizeof(meta))
		return 0;
	memcpy(&meta, data, sizeof(meta));
	if (meta.cap_len > size - sizeof(meta) || cpu >= s->nr_cpus)
		return 0;
	source = (ci - s->ifaces) * s->nr_cpus + cpu;
	err = reorder__push(s->reorder, source, meta.ts_ns, data, sizeof(meta) + meta.cap_len);
	if (err) {
		s->error = err;
		return err;
	}
	ci->captured++;
	return 0;
}

unsigned int capture_iface__if_id(const struct capture_iface *ci, unsigned int source)
{
	if (trace_attachment__count(ci->att.trace) > 1 && source < TRACE_MAX_PROGS)
		return ci->traced_if_ids[source];
	return ci->if_id;
}

void capture_iface__set_if_ids(struct capture_iface *ci)
{
	unsigned int traced = trace_attachment__count(ci->att.trace);

	if (ci->skel && ci->skel->data)
		ci->skel->data->epb_if_id = ci->if_id;
	for (unsigned int i = 0; i < traced; i++)
		trace_attachment__set_if_id(ci->att.trace, i, capture_iface__if_id(ci, i));
}

/* NTP slews the wall clock by up to 500 ppm: 0.5 ms a second at worst.
 * A larger change between two measurements is a step of the clock. */
#define CLOCK_REFRESH_NS (1000ull * 1000 * 1000)
#define CLOCK_SLEW_MAX_NS (2ll * 1000 * 1000)

void capture_session__refresh_clock(struct capture_session *s, uint64_t now)
{
	struct wall_clock c;
	int64_t change;

	if (now - s->last_clock_ns < CLOCK_REFRESH_NS)
		return;
	s->last_clock_ns = now;
	wall_clock__calibrate(&c);
	change = c.offset_ns - s->clock.offset_ns;
	/* Follow the slewing; a step (someone set the clock) would move
	 * the file's time by the step, back or forth: keep the offset. */
	if (change > CLOCK_SLEW_MAX_NS || change < -CLOCK_SLEW_MAX_NS) {
		if (!s->clock_steps++)
			pr_debug(
				"the wall clock was stepped by %lld ns; the capture keeps its time\n",
				(long long)change);
		return;
	}
	s->clock = c;
	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		struct capture_iface *ci = &s->ifaces[i];

		if (ci->skel && ci->skel->data)
			ci->skel->data->mono_to_wall_ns = s->clock.offset_ns;
		trace_attachment__set_wall_offset(ci->att.trace, s->clock.offset_ns);
	}
}

const char *capture_session__place(struct capture_session *s, uint64_t mono, uint64_t *wall,
				   char *note, size_t size)
{
	if (mono < s->last_ts) {
		/* It took longer than the reorder window to arrive. */
		snprintf(note, size,
			 "xdpdump: arrived after the reorder window; stamped %llu ns earlier",
			 (unsigned long long)(s->last_ts - mono));
		s->late++;
		*wall = s->last_wall_ns;
		return note;
	}
	s->last_ts = mono;
	if (*wall < s->last_wall_ns) {
		/* In order, but the offset was corrected between the two. */
		snprintf(note, size,
			 "xdpdump: the wall clock was slewed back; stamped %llu ns earlier",
			 (unsigned long long)(s->last_wall_ns - *wall));
		s->clock_held++;
		*wall = s->last_wall_ns;
		return note;
	}
	s->last_wall_ns = *wall;
	return NULL;
}
