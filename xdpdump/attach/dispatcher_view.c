// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <xdp/libxdp.h>
#include "dispatcher_view.h"
#include "xdp_state.h"
#include "xdpdump_shared.h"

/* The name libxdp gives its dispatcher programs. */
#define DISPATCHER_NAME "xdp_dispatcher"

bool multiprog_dispatcher_present(int ifindex)
{
	struct xdp_multiprog *mp;
	struct xdp_state st;
	bool present;

	/* libxdp 1.3 leaks a program descriptor on every look-up of a hook
	 * that holds no dispatcher (fixed in 1.4): ask it only when the name
	 * says there may be one. */
	if (xdp_state__query(ifindex, &st) || strcmp(st.prog_name, DISPATCHER_NAME))
		return false;
	mp = xdp_multiprog__get_from_ifindex(ifindex);
	if (libxdp_get_error(mp))
		return false;
	present = !xdp_multiprog__is_legacy(mp) && xdp_multiprog__main_prog(mp);
	xdp_multiprog__close(mp);
	return present;
}

static void add_prog(struct dispatcher_view *v, struct xdp_program *p)
{
	/* libxdp names a component by its function, which for ours is the
	 * capture program's kernel name. */
	bool ours = !strcmp(xdp_program__name(p), XDPDUMP_PROG_NAME);

	if (ours && v->nr_capture < DISPATCHER_MAX_PROGS)
		v->capture_ids[v->nr_capture++] = xdp_program__id(p);
	else if (!ours && v->nr_user < DISPATCHER_MAX_PROGS)
		v->user_ids[v->nr_user++] = xdp_program__id(p);
}

int dispatcher_view__read(int ifindex, struct dispatcher_view *v)
{
	struct xdp_program *p = NULL;
	struct xdp_multiprog *mp;
	int err;

	memset(v, 0, sizeof(*v));
	if (!multiprog_dispatcher_present(ifindex))
		return -ENOENT;
	mp = xdp_multiprog__get_from_ifindex(ifindex);
	err = libxdp_get_error(mp);
	if (err)
		return err;
	v->main_id = xdp_program__id(xdp_multiprog__main_prog(mp));
	v->mode = xdp_multiprog__attach_mode(mp);
	while ((p = xdp_multiprog__next_prog(p, mp)))
		add_prog(v, p);
	xdp_multiprog__close(mp);
	return 0;
}

bool dispatcher_view__same_user_progs(const struct dispatcher_view *a,
				      const struct dispatcher_view *b)
{
	return a->nr_user == b->nr_user &&
	       !memcmp(a->user_ids, b->user_ids, a->nr_user * sizeof(a->user_ids[0]));
}

bool dispatcher_view__holds_capture(const struct dispatcher_view *v, __u32 capture_id)
{
	for (unsigned int i = 0; i < v->nr_capture; i++) {
		if (v->capture_ids[i] == capture_id)
			return true;
	}
	return false;
}
