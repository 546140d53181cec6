// SPDX-License-Identifier: GPL-2.0
/* What the session's parts share about an interface: the maps its programs
 * write to, and the step from a ring into the time-ordered merge. */
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
