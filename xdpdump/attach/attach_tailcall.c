// SPDX-License-Identifier: GPL-2.0
/*
 * Strategy "tailcall": the user's program stays loaded and unchanged; the
 * capture program takes its place on the hook and tail-calls it from slot 0
 * of the "chain" PROG_ARRAY, so it sees the same packets and its verdict is
 * the verdict. Both swaps name the program they expect to replace, so a
 * loader that changed the hook meanwhile is never silently overwritten.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "xdp_swap.h"
#include "capture.skel.h"
#include "capture/filter.h"
#include "frags_probe.h"
#include "log.h"
#include "recover/pins.h"
#include "recover/recover.h"
#include "xdpdump_shared.h"

/* Load the capture program so the kernel lets it tail-call the original:
 * both must agree on multi-buffer support. */
static int load_compatible(struct attachment *a, struct capture_bpf *skel)
{
	/* The exit program is tail-called by the user's program through its
	 * hook map, whose owner is that program: the same rule applies. */
	struct bpf_program *progs[] = { skel->progs.xdpdump_capture,
					skel->progs.xdpdump_at_exit };
	struct tail_call_compat compat;
	int err;

	err = frags_probe__tail_call_needs(a->orig_fd, &compat);
	if (err) {
		pr_err("%s: %s (id %u) cannot be tail-called: %s\n", a->ifname,
		       a->found.prog_name, a->found.prog_id, strerror(-err));
		return err;
	}
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		bpf_program__set_flags(progs[i], compat.frags ? BPF_F_XDP_HAS_FRAGS : 0);
		bpf_program__set_expected_attach_type(progs[i], compat.attach_type);
	}
	err = capture_bpf__load(skel);
	if (err)
		capture_filter__report_load_failure(a->ifname, err);
	return err;
}

static int fill_chain(struct attachment *a, struct capture_bpf *skel)
{
	__u32 key = XDPDUMP_CHAIN_SLOT;
	int err;

	if (bpf_map_update_elem(bpf_map__fd(skel->maps.chain), &key, &a->orig_fd, 0)) {
		err = -errno;
		pr_err("%s: cannot chain %s (id %u): %s\n", a->ifname, a->found.prog_name,
		       a->found.prog_id, strerror(-err));
		return err;
	}
	err = pins__record(a->capture_id, bpf_map__fd(skel->maps.chain));
	if (err) {
		pr_err("%s: cannot pin the recovery marker under %s: %s\n", a->ifname,
		       XDPDUMP_PIN_ROOT,
		       err == -EPERM ? "it is not a directory owned by root; remove it" :
				       strerror(-err));
		pins__remove(a->capture_id);
		return err;
	}
	a->pinned = true;
	return 0;
}

static void release(struct attachment *a)
{
	if (a->pinned)
		pins__remove(a->capture_id);
	a->pinned = false;
	if (a->orig_fd >= 0)
		close(a->orig_fd);
	if (a->link_fd >= 0)
		close(a->link_fd);
	a->orig_fd = a->link_fd = -1;
}

int attach_tailcall(struct attachment *a, struct capture_bpf *skel,
		    const struct attach_request *req)
{
	int cap_fd, err;

	a->orig_fd = bpf_prog_get_fd_by_id(a->found.prog_id);
	if (a->orig_fd < 0) {
		err = -errno;
		pr_err("%s: program id %u went away: %s\n", a->ifname, a->found.prog_id,
		       strerror(-err));
		return err;
	}
	if (a->found.link_id) {
		a->link_fd = bpf_link_get_fd_by_id(a->found.link_id);
		if (a->link_fd < 0) {
			err = -errno;
			goto fail;
		}
	}
	err = load_compatible(a, skel);
	if (err)
		goto fail;
	cap_fd = bpf_program__fd(skel->progs.xdpdump_capture);
	bpf_prog_id_by_fd(cap_fd, &a->capture_id);
	if (req->after_load) {
		err = req->after_load(req->after_load_ctx);
		if (err)
			goto fail;
	}
	err = fill_chain(a, skel);
	if (err)
		goto fail;

	err = xdp_swap_program(a->ifindex, &a->found, a->link_fd, a->orig_fd, cap_fd);
	if (err) {
		pr_err("%s: cannot swap in the capture program in front of %s (id %u): %s\n",
		       a->ifname, a->found.prog_name, a->found.prog_id, strerror(-err));
		goto fail;
	}
	a->used = ATTACH_TAILCALL;
	a->mode = a->found.mode;
	snprintf(a->description, sizeof(a->description),
		 "tailcall: in front of %s id %u, %s mode%s", a->found.prog_name,
		 a->found.prog_id, hook_mode__name(a->mode),
		 a->found.link_id ? ", bpf_link" : "");
	return 0;
fail:
	release(a);
	return err;
}

/* What our chain holds now: the original, unless an xdpdump we chained to
 * stopped first and spliced itself out. */
static int chained_fd(const struct attachment *a)
{
	__u32 next = tailcall_chain__next(a->capture_id);

	if (!next || next == a->found.prog_id)
		return dup(a->orig_fd);
	return bpf_prog_get_fd_by_id(next);
}

/* Swap tries before giving up when captures on one hook keep handing it
 * over while we stop. */
#define SWAP_BACK_TRIES 4

static int swap_from(const struct attachment *a, __u32 old_id, int new_fd)
{
	int old_fd = bpf_prog_get_fd_by_id(old_id), err;

	if (old_fd < 0)
		return -errno;
	err = xdp_swap_program(a->ifindex, &a->found, a->link_fd, old_fd, new_fd);
	close(old_fd);
	return err;
}

static int report_changed(const struct attachment *a, const struct xdp_state *now)
{
	pr_err("%s: the XDP program was changed by someone else while capturing (now %s id %u); leaving it, not restoring %s id %u\n",
	       a->ifname, now->prog_id ? now->prog_name : "none", now->prog_id,
	       a->found.prog_name, a->found.prog_id);
	return -EBUSY;
}

/*
 * Put next (what our chain holds) on the hook in place of our capture
 * program. Another xdpdump may run in front of us: then splice ourselves
 * out of its chain instead. It may be stopping at the same moment and hand
 * the hook back to us, or finish our job: look again after each step.
 */
static int swap_back(struct attachment *a, int next_fd, __u32 next_id)
{
	struct xdp_state now;
	__u32 front;
	int err = 0;

	for (int tries = 0; tries < SWAP_BACK_TRIES; tries++) {
		err = swap_from(a, a->capture_id, next_fd);
		if (!err)
			return 0;
		if (xdp_state__query(a->ifindex, &now))
			break;
		if (next_id && now.prog_id == next_id)
			return 0;
		if (now.prog_id == a->capture_id)
			continue;
		if (!tailcall_chain__reaches(now.prog_id, a->capture_id, &front) || !front) {
			/* The xdpdump in front may have handed the hook back
			 * to us and gone between our query and its chain's
			 * lookup: its program is gone, ours is on the hook. */
			if (!xdp_state__query(a->ifindex, &now) && now.prog_id == a->capture_id)
				continue;
			return report_changed(a, &now);
		}
		err = tailcall_chain__splice_out(a->ifname, front, next_fd);
		if (err)
			break;
		if (xdp_state__query(a->ifindex, &now) || now.prog_id != a->capture_id)
			return 0;
	}
	pr_err("%s: cannot restore %s (id %u): %s\n", a->ifname, a->found.prog_name,
	       a->found.prog_id, strerror(-err));
	return -EBUSY;
}

/*
 * We put back the capture program of an xdpdump behind us, and it may have
 * spliced itself out of our chain in the meantime, leaving it pointing
 * further on: follow it, or that program would stay on the hook after its
 * owner is gone.
 */
static void follow_splice(struct attachment *a, __u32 restored_id)
{
	__u32 moved = tailcall_chain__next(a->capture_id);
	int fd;

	if (!moved || moved == restored_id)
		return;
	fd = bpf_prog_get_fd_by_id(moved);
	if (fd < 0)
		return;
	/* Failing means that xdpdump did it itself. */
	swap_from(a, restored_id, fd);
	close(fd);
}

/*
 * An xdpdump chained beside ours was killed: we just put its leftover
 * capture program back on the hook, or it sits in front of us and we
 * spliced ourselves out behind it. It goes now, not at the next run.
 */
static void remove_killed_neighbours(const struct attachment *a)
{
	struct xdp_state now;

	if (xdp_state__query(a->ifindex, &now) || strcmp(now.prog_name, XDPDUMP_PROG_NAME) ||
	    !tailcall_chain__next(now.prog_id))
		return;
	recover_interface(a->ifindex, a->ifname);
}

int detach_tailcall(struct attachment *a)
{
	int next_fd, err = 0;

	/* The loss was reported when it was noticed; the hook is theirs. */
	if (!a->hook_lost) {
		next_fd = chained_fd(a);
		if (next_fd < 0) {
			err = -errno;
			pr_err("%s: cannot restore %s (id %u): %s\n", a->ifname,
			       a->found.prog_name, a->found.prog_id, strerror(-err));
		} else {
			__u32 next_id = 0;

			bpf_prog_id_by_fd(next_fd, &next_id);
			err = swap_back(a, next_fd, next_id);
			if (!err)
				follow_splice(a, next_id);
			close(next_fd);
		}
	}
	release(a);
	a->used = ATTACH_AUTO;
	if (!err)
		remove_killed_neighbours(a);
	return err;
}
