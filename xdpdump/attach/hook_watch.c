// SPDX-License-Identifier: GPL-2.0
/*
 * The hook watch for the strategies that leave the user's program on the
 * hook: multiprog (our program inside a libxdp dispatcher) and trace
 * (fentry/fexit on the program there). attach.c watches the others.
 *
 * multiprog: libxdp rebuilds the dispatcher, under a new id, whenever a
 * loader adds or removes a component, and keeps the components it did not
 * touch. Another xdpdump joining or leaving changes only capture
 * programs; anything that changes the user's programs or their order is
 * someone else, and the capture stops (one line, non-zero exit). Our
 * program, if that dispatcher still holds it, is then taken out through
 * libxdp like at any stop; if the dispatcher is gone, nothing is touched.
 *
 * trace: our links hang on one program. If the hook no longer runs it (a
 * loader replaced the dispatcher or the program), the capture would go on
 * silently seeing nothing: it stops instead.
 */
#include <errno.h>
#include "attach.h"
#include "dispatcher_view.h"
#include "log.h"

static int check_multiprog(struct attachment *a, const struct xdp_state *now)
{
	struct dispatcher_view v;
	bool ours;
	int err;

	/* libxdp changes a dispatcher's programs only by building a new one:
	 * the same id on the hook needs no closer look (which costs libxdp
	 * opening every component and its BTF). */
	if (now->prog_id == a->dispatcher.main_id)
		return 0;
	err = dispatcher_view__read(a->ifindex, &v);
	if (err && err != -ENOENT)
		return 0; /* cannot tell now; the next check may */
	ours = !err && dispatcher_view__holds_capture(&v, a->capture_id);
	if (ours && dispatcher_view__same_user_progs(&v, &a->dispatcher)) {
		a->dispatcher = v;
		return 0;
	}
	if (ours) {
		pr_err("%s: the libxdp dispatcher was changed by someone else while capturing (now id %u with %u programs besides captures, %u before); stopping, and taking the capture program out of it\n",
		       a->ifname, v.main_id, v.nr_user, a->dispatcher.nr_user);
		return -EBUSY;
	}
	pr_err("%s: the libxdp dispatcher was %s by someone else while capturing (now %s id %u); stopping, and leaving it in place\n",
	       a->ifname, now->prog_id ? "replaced" : "removed",
	       now->prog_id ? now->prog_name : "none", now->prog_id);
	a->hook_lost = true;
	return -EBUSY;
}

static int check_trace(struct attachment *a, const struct xdp_state *now)
{
	if (now->prog_id == a->found.prog_id)
		return 0;
	pr_err("%s: the XDP program we trace on the hook, %s (id %u), was %s by someone else while capturing (now %s id %u); stopping\n",
	       a->ifname, a->found.prog_name, a->found.prog_id,
	       now->prog_id ? "replaced" : "removed", now->prog_id ? now->prog_name : "none",
	       now->prog_id);
	a->hook_lost = true;
	return -EBUSY;
}

int hook_watch__check(struct attachment *a, const struct xdp_state *now)
{
	switch (a->used) {
	case ATTACH_MULTIPROG:
		return check_multiprog(a, now);
	case ATTACH_TRACE:
		return check_trace(a, now);
	default:
		return 1;
	}
}
