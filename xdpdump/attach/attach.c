// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "capture.skel.h"
#include "log.h"
#include "trace_attach.h"

static const char *const strategy_names[] = {
	[ATTACH_AUTO] = "auto",		  [ATTACH_LOAD] = "load",
	[ATTACH_MULTIPROG] = "multiprog", [ATTACH_TAILCALL] = "tailcall",
	[ATTACH_TRACE] = "trace",
};

const char *attach_strategy__name(enum attach_strategy s)
{
	return strategy_names[s];
}

int attach_strategy__parse(const char *text, enum attach_strategy *s)
{
	for (size_t i = 0; i < sizeof(strategy_names) / sizeof(strategy_names[0]); i++) {
		if (!strcmp(text, strategy_names[i])) {
			*s = i;
			return 0;
		}
	}
	return -EINVAL;
}

void attachment__init(struct attachment *a, int ifindex, const char *ifname)
{
	memset(a, 0, sizeof(*a));
	a->ifindex = ifindex;
	snprintf(a->ifname, sizeof(a->ifname), "%s", ifname);
	a->orig_fd = -1;
	a->link_fd = -1;
	exit_hook__init(&a->hook);
}

/*
 * Exit capture without fexit needs the user's program to use
 * bpf/xdpdump_hook.h, and our exit program to share its state map, so this
 * happens before the load.
 */
static int prepare_exit_hook(struct attachment *a, struct capture_bpf *skel,
			     enum attach_strategy strategy)
{
	int err;

	if (!a->found.prog_id) {
		pr_err("%s: exit capture needs an XDP program on the interface, and none is attached\n",
		       a->ifname);
		return -ENOENT;
	}
	if (strategy != ATTACH_TAILCALL) {
		pr_err("%s: exit capture through xdpdump_hook.h needs --attach tailcall or auto\n",
		       a->ifname);
		return -EOPNOTSUPP;
	}
	err = exit_hook__find(&a->hook, a->found.prog_id);
	if (err == -ENOENT && a->trace_refused) {
		pr_err("%s: cannot capture the verdicts of %s (id %u): this kernel refuses fexit (%s) and the program does not use xdpdump_hook.h; build it with xdpdump_hook.h (see EXIT CAPTURE in xdpdump(8)) or run on a kernel that allows fentry/fexit on XDP programs\n",
		       a->ifname, a->found.prog_name, a->found.prog_id,
		       strerror(-a->trace_refused));
		return err;
	}
	if (err == -ENOENT) {
		pr_err("%s: --attach tailcall captures verdicts only through xdpdump_hook.h, which %s (id %u) does not use; leave out --attach to use fexit\n",
		       a->ifname, a->found.prog_name, a->found.prog_id);
		return err;
	}
	if (err)
		goto err_out;
	err = bpf_map__reuse_fd(skel->maps.hook_state, a->hook.state_map_fd);
	if (err)
		goto err_out;
	return 0;

err_out:
	pr_err("%s: cannot use the exit hook of %s (id %u): %s\n", a->ifname, a->found.prog_name,
	       a->found.prog_id, strerror(-err));
	return err;
}

static int install_exit_hook(struct attachment *a, struct capture_bpf *skel)
{
	int err = exit_hook__install(&a->hook, bpf_program__fd(skel->progs.xdpdump_at_exit));

	if (err)
		pr_err("%s: cannot install the exit capture program in the hook of %s (id %u): %s\n",
		       a->ifname, a->found.prog_name, a->found.prog_id, strerror(-err));
	return err;
}

/* Which strategy fits what is on the hook; -errno with the reason logged
 * when the user forced one that cannot work here. */
static int choose_strategy(const struct attachment *a, enum attach_strategy wanted,
			   bool want_trace, const char *programs, enum attach_strategy *out)
{
	const struct xdp_state *st = &a->found;
	bool dispatcher = st->prog_id && multiprog_dispatcher_present(a->ifindex);

	if (st->mode == HOOK_MODE_HW) {
		pr_err("%s: program %s (id %u) is offloaded to hardware; capturing beside it is not supported\n",
		       a->ifname, st->prog_name, st->prog_id);
		return -EOPNOTSUPP;
	}
	if (programs && wanted != ATTACH_AUTO && wanted != ATTACH_TRACE) {
		pr_err("%s: -p picks programs to trace with fentry/fexit, which --attach %s does not do\n",
		       a->ifname, strategy_names[wanted]);
		return -EINVAL;
	}
	if (programs && !st->prog_id) {
		pr_err("%s: -p %s: no XDP program is attached to the interface\n", a->ifname,
		       programs);
		return -ENOENT;
	}
	switch (wanted) {
	case ATTACH_AUTO:
		if (st->prog_id && (want_trace || programs))
			*out = ATTACH_TRACE;
		else
			*out = !st->prog_id ? ATTACH_LOAD :
			       dispatcher   ? ATTACH_MULTIPROG :
					      ATTACH_TAILCALL;
		return 0;
	case ATTACH_LOAD:
		if (st->prog_id) {
			pr_err("%s: --attach load needs a free XDP hook, but %s (id %u) is attached\n",
			       a->ifname, st->prog_name, st->prog_id);
			return -EBUSY;
		}
		break;
	case ATTACH_MULTIPROG:
		if (!dispatcher) {
			pr_err("%s: --attach multiprog needs a libxdp dispatcher on the interface, but %s\n",
			       a->ifname,
			       st->prog_id ? "the attached program is not one" :
					     "nothing is attached");
			return -ENOENT;
		}
		break;
	case ATTACH_TAILCALL:
		if (!st->prog_id) {
			pr_err("%s: --attach tailcall needs an XDP program to chain to, but none is attached\n",
			       a->ifname);
			return -ENOENT;
		}
		break;
	case ATTACH_TRACE:
		if (!st->prog_id) {
			pr_err("%s: --attach trace needs an XDP program to trace, but none is attached\n",
			       a->ifname);
			return -ENOENT;
		}
		break;
	}
	*out = wanted;
	return 0;
}

/* libxdp may have loaded (or half-loaded) the object while trying; a fresh
 * one with the same settings is needed for the tail-call chain. */
static int reopen_skeleton(struct capture_bpf **skel)
{
	struct capture_bpf__rodata settings = *(*skel)->rodata;
	bool exit_prog = bpf_program__autoload((*skel)->progs.xdpdump_at_exit);

	capture_bpf__destroy(*skel);
	*skel = capture_bpf__open();
	if (!*skel)
		return -errno;
	*(*skel)->rodata = settings;
	bpf_program__set_autoload((*skel)->progs.xdpdump_at_exit, exit_prog);
	return 0;
}

int attachment__attach(struct attachment *a, struct capture_bpf **skel,
		       const struct attach_request *req)
{
	enum attach_strategy strategy;
	int err;

	err = xdp_state__query(a->ifindex, &a->found);
	if (err) {
		pr_err("%s: cannot query the XDP hook: %s\n", a->ifname, strerror(-err));
		return err;
	}
	err = choose_strategy(a, req->strategy, req->want_exit, req->programs, &strategy);
	if (err)
		return err;
	if (strategy == ATTACH_TRACE) {
		err = attach_trace(a, *skel, req);
		if (!err)
			goto attached;
		if (err != -EOPNOTSUPP)
			return err;
		if (req->strategy != ATTACH_AUTO || req->programs) {
			pr_err("%s: %s needs fentry/fexit, which this kernel refuses for XDP programs (%s)\n",
			       a->ifname, req->programs ? "-p" : "--attach trace",
			       strerror(-a->trace_refused));
			return err;
		}
		pr_debug("%s: trying the program's xdpdump_hook.h instead\n", a->ifname);
		strategy = ATTACH_TAILCALL;
	}
	if (req->want_exit) {
		err = prepare_exit_hook(a, *skel, strategy);
		if (err)
			goto fail;
	}
	if (req->load_mode && strategy != ATTACH_LOAD)
		pr_info("%s: --load-mode does not apply: chaining to %s in the mode it runs in (%s)\n",
			a->ifname, a->found.prog_name, hook_mode__name(a->found.mode));

	switch (strategy) {
	case ATTACH_LOAD:
		err = attach_load(a, *skel, req);
		break;
	case ATTACH_MULTIPROG:
		err = attach_multiprog(a, *skel, req);
		/* Auto mode may still chain in front of the dispatcher; a
		 * forced multiprog must fail with the reason it gave. */
		if (err == -EOPNOTSUPP && req->strategy == ATTACH_AUTO) {
			pr_info("%s: falling back to the tail-call chain\n", a->ifname);
			err = reopen_skeleton(skel);
			if (!err)
				err = attach_tailcall(a, *skel, req);
		}
		break;
	default:
		err = attach_tailcall(a, *skel, req);
		break;
	}
	if (err)
		goto fail;
	if (req->want_exit) {
		err = install_exit_hook(a, *skel);
		if (err) {
			attachment__detach(a);
			goto fail;
		}
	}
	pr_info("%s: attached (%s%s)\n", a->ifname, a->description,
		req->want_exit ? ", exit capture through xdpdump_hook.h" : "");
	return 0;
attached:
	pr_info("%s: attached (%s)\n", a->ifname, a->description);
	return 0;
fail:
	exit_hook__release(&a->hook);
	return err;
}

static int report_hook_lost(struct attachment *a, int err)
{
	a->hook_lost = true;
	return err;
}

int attachment__check(struct attachment *a)
{
	struct xdp_state now;
	char name[IF_NAMESIZE];
	__u32 front;
	int err;

	if (a->used == ATTACH_AUTO)
		return 0;
	err = xdp_state__query(a->ifindex, &now);
	if (err == -ENODEV || !if_indextoname(a->ifindex, name)) {
		pr_err("%s: the interface went away; stopping the capture\n", a->ifname);
		return report_hook_lost(a, -ENODEV);
	}
	if (err)
		return 0; /* cannot tell now; the next check may */
	if (a->used == ATTACH_MULTIPROG || a->used == ATTACH_TRACE)
		return hook_watch__check(a, &now);
	if (tailcall_chain__reaches(now.prog_id, a->capture_id, &front))
		return 0;
	pr_err("%s: the XDP program was %s by someone else while capturing (now %s id %u); stopping, and leaving it in place\n",
	       a->ifname, now.prog_id ? "replaced" : "removed",
	       now.prog_id ? now.prog_name : "none", now.prog_id);
	return report_hook_lost(a, -EBUSY);
}

int attachment__detach(struct attachment *a)
{
	/* Stop exit records first: the user's program must not tail-call
	 * into a capture that is going away. */
	exit_hook__release(&a->hook);
	switch (a->used) {
	case ATTACH_LOAD:
		return detach_load(a);
	case ATTACH_MULTIPROG:
		return detach_multiprog(a);
	case ATTACH_TAILCALL:
		return detach_tailcall(a);
	case ATTACH_TRACE:
		return detach_trace(a);
	default:
		return 0;
	}
}
