// SPDX-License-Identifier: GPL-2.0
/* What the session's parts share about an interface: the maps its programs
 * write to and the settings they read while they run, and the step from a
 * perf ring into the time-ordered merge. */
#include <string.h>
#include <bpf/libbpf.h>
#include "capture.skel.h"
#include "capture_session.h"

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

void capture_iface__set_if_ids(struct capture_iface *ci)
{
	unsigned int traced = trace_attachment__count(ci->att.trace);

	if (ci->skel && ci->skel->data)
		ci->skel->data->epb_if_id = ci->if_id;
	for (unsigned int i = 0; i < traced; i++)
		trace_attachment__set_if_id(ci->att.trace, i,
					    traced > 1 ? ci->traced_if_ids[i] : ci->if_id);
}

/* NTP slews the wall clock by up to 500 ppm: 0.5 ms a second at worst. */
#define CLOCK_REFRESH_NS (1000ull * 1000 * 1000)

void capture_session__refresh_clock(struct capture_session *s, uint64_t now)
{
	if (now - s->last_clock_ns < CLOCK_REFRESH_NS)
		return;
	s->last_clock_ns = now;
	wall_clock__calibrate(&s->clock);
	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		struct capture_iface *ci = &s->ifaces[i];

		if (ci->skel && ci->skel->data)
			ci->skel->data->mono_to_wall_ns = s->clock.offset_ns;
		trace_attachment__set_wall_offset(ci->att.trace, s->clock.offset_ns);
	}
}
