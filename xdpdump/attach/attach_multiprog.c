// SPDX-License-Identifier: GPL-2.0
/*
 * Strategy "multiprog": a libxdp dispatcher is on the hook. libxdp builds a
 * new dispatcher with the capture program first and the existing programs
 * after it, each with its own priority and chain-call actions, and swaps it
 * in atomically; detaching builds one without us again. This needs freplace
 * (BPF_PROG_TYPE_EXT) in the kernel; where the kernel refuses it the caller
 * falls back to the tail-call chain in front of the dispatcher.
 */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "attach.h"
#include "capture.skel.h"
#include "log.h"
#include "recover/pins.h"
#include "xdpdump_shared.h"

/* Lower runs earlier; libxdp's default is 50. Nothing normal asks for 0,
 * so we see packets before any of the user's programs. */
#define CAPTURE_RUN_PRIO 0

static enum xdp_attach_mode libxdp_mode(enum hook_mode mode)
{
	return mode == HOOK_MODE_SKB ? XDP_MODE_SKB : XDP_MODE_NATIVE;
}

static int configure_program(struct attachment *a, struct xdp_program *prog,
			     struct xdp_multiprog *mp)
{
	int err;

	err = xdp_program__set_run_prio(prog, CAPTURE_RUN_PRIO);
	if (err)
		goto err_out;
	err = xdp_program__set_chain_call_enabled(prog, XDP_PASS, true);
	if (err)
		goto err_out;
	err = xdp_program__set_xdp_frags_support(prog, xdp_multiprog__xdp_frags_support(mp));
	if (err)
		goto err_out;
	return 0;

err_out:
	pr_err("%s: cannot configure the capture program for libxdp: %s\n", a->ifname,
	       strerror(-err));
	return err;
}

int attach_multiprog(struct attachment *a, struct capture_bpf *skel,
		     const struct attach_request *req)
{
	struct xdp_multiprog *mp;
	struct xdp_program *prog;
	int err, count;

	mp = xdp_multiprog__get_from_ifindex(a->ifindex);
	err = libxdp_get_error(mp);
	if (err)
		return err;
	count = xdp_multiprog__program_count(mp);
	prog = xdp_program__from_bpf_obj(skel->obj, XDPDUMP_PROG_SECTION);
	err = libxdp_get_error(prog);
	if (err) {
		pr_err("%s: libxdp cannot use the capture program: %s\n", a->ifname,
		       strerror(-err));
		goto out;
	}
	err = configure_program(a, prog, mp);
	if (err)
		goto out_prog;
	err = xdp_program__attach(prog, a->ifindex, libxdp_mode(a->found.mode), 0);
	if (err) {
		/* EPERM/EOPNOTSUPP/EINVAL here mean no freplace: the case the
		 * tail-call fallback exists for. */
		pr_info("%s: libxdp could not add the capture program to the dispatcher: %s\n",
			a->ifname, strerror(-err));
		err = -EOPNOTSUPP;
		goto out_prog;
	}
	a->xdp_prog = prog;
	a->used = ATTACH_MULTIPROG;
	a->mode = a->found.mode;
	a->capture_id = xdp_program__id(prog);
	/* Recovery's marker of who owns the program; without it (killed just
	 * before this), recovery asks every process instead. */
	if (pins__record_owner(a->capture_id, bpf_map__fd(skel->maps.stats)))
		pr_debug("%s: no owner marker for the capture program (id %u) under %s\n",
			 a->ifname, a->capture_id, XDPDUMP_PIN_ROOT);
	else
		a->pinned = true;
	/* libxdp loads and attaches in one step: the rings open just after,
	 * and packets in between count as output failures, not silently. */
	if (req->after_load) {
		err = req->after_load(req->after_load_ctx);
		if (err) {
			detach_multiprog(a);
			goto out;
		}
	}
	/* The hook watch's reference: the user's programs as they run with
	 * us among them. */
	err = dispatcher_view__read(a->ifindex, &a->dispatcher);
	if (err) {
		pr_err("%s: cannot read back the libxdp dispatcher after joining it: %s\n",
		       a->ifname, strerror(-err));
		detach_multiprog(a);
		goto out;
	}
	snprintf(a->description, sizeof(a->description),
		 "multiprog: first of %d programs in libxdp dispatcher id %u, %s mode", count + 1,
		 a->found.prog_id, hook_mode__name(a->mode));
	goto out;
out_prog:
	xdp_program__close(prog);
out:
	xdp_multiprog__close(mp);
	return err;
}

int detach_multiprog(struct attachment *a)
{
	int err = 0;

	/* The dispatcher we were in is gone (the hook watch said so): its
	 * replacement is someone else's, without us. */
	if (!a->hook_lost)
		err = xdp_program__detach(a->xdp_prog, a->ifindex, libxdp_mode(a->mode), 0);
	if (err)
		pr_err("%s: libxdp could not remove the capture program from the dispatcher: %s\n",
		       a->ifname, strerror(-err));
	if (a->pinned && !err)
		pins__remove(a->capture_id);
	a->pinned = false;
	xdp_program__close(a->xdp_prog);
	a->xdp_prog = NULL;
	a->used = ATTACH_AUTO;
	return err;
}
