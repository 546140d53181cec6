/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a libxdp dispatcher on a hook holds, as far as xdpdump cares: the
 * dispatcher's own id, the user's programs in run order, and the capture
 * programs of xdpdump among them. Used to watch the dispatcher during a
 * capture (multiprog and trace strategies) and to find what a killed
 * xdpdump left in it.
 */
#ifndef XDPDUMP_DISPATCHER_VIEW_H
#define XDPDUMP_DISPATCHER_VIEW_H

#include <stdbool.h>
#include <linux/types.h>

/* libxdp's dispatcher has 10 slots. */
#define DISPATCHER_MAX_PROGS 10

struct dispatcher_view {
	__u32 main_id; /* the dispatcher program */
	unsigned int mode; /* enum xdp_attach_mode */
	unsigned int nr_user; /* the user's programs, in run order */
	__u32 user_ids[DISPATCHER_MAX_PROGS];
	unsigned int nr_capture; /* xdpdump capture programs in it */
	__u32 capture_ids[DISPATCHER_MAX_PROGS];
};

/* 0 and *v filled; -ENOENT: no libxdp dispatcher on the hook; -errno. */
int dispatcher_view__read(int ifindex, struct dispatcher_view *v);
/* Whether both hold the same user programs in the same order. */
bool dispatcher_view__same_user_progs(const struct dispatcher_view *a,
				      const struct dispatcher_view *b);
bool dispatcher_view__holds_capture(const struct dispatcher_view *v, __u32 capture_id);

/* Whether the hook holds a libxdp dispatcher (not its legacy fallback). */
bool multiprog_dispatcher_present(int ifindex);

#endif /* XDPDUMP_DISPATCHER_VIEW_H */
