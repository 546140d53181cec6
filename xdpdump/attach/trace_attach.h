/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strategy "trace": fentry and fexit programs (bpf/trace.bpf.c) on the XDP
 * programs already running on an interface — the one attached, or the
 * components of a libxdp dispatcher, chosen with -p. The hook itself is
 * never touched, so there is nothing to restore but our own links.
 */
#ifndef XDPDUMP_TRACE_ATTACH_H
#define XDPDUMP_TRACE_ATTACH_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>

/* Most programs traced on one interface (libxdp's dispatcher holds 10). */
#define TRACE_MAX_PROGS 10

struct trace_attachment;
struct attachment;
struct attach_request;
struct capture_bpf;

/*
 * Loads and attaches the tracing programs; the capture settings (snap
 * length, points, actions) come from the capture skeleton's read-only data.
 * -EOPNOTSUPP, with one line saying why, when the kernel refuses tracing
 * programs on this target: the caller may fall back to the exit hook.
 * Other -errno: a user error (-p names nothing) or a load failure.
 */
int attach_trace(struct attachment *a, const struct capture_bpf *settings,
		 const struct attach_request *req);
/* Removes our links; the maps stay for the final drain. */
int detach_trace(struct attachment *a);
void trace_attachment__free(struct trace_attachment *t);

/* The rings and counters that the traced programs share. */
int trace_attachment__events_fd(const struct trace_attachment *t);
int trace_attachment__rb_fd(const struct trace_attachment *t);
int trace_attachment__stats_fd(const struct trace_attachment *t);
/* The traced programs, in the order of the records' source field. */
unsigned int trace_attachment__count(const struct trace_attachment *t);
const char *trace_attachment__prog_name(const struct trace_attachment *t, unsigned int i);
__u32 trace_attachment__prog_id(const struct trace_attachment *t, unsigned int i);
/* The ring buffer records' wall-clock offset and interface ids, which the
 * programs write into each block (bpf/capture_common.h): set while they
 * run. */
void trace_attachment__set_wall_offset(struct trace_attachment *t, int64_t offset_ns);
void trace_attachment__set_if_id(struct trace_attachment *t, unsigned int i, __u32 if_id);

#endif /* XDPDUMP_TRACE_ATTACH_H */
