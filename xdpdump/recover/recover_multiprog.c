// SPDX-License-Identifier: GPL-2.0
/*
 * A killed xdpdump that joined a libxdp dispatcher (strategy multiprog)
 * leaves its capture program in it: libxdp pins every component in bpffs,
 * so the dispatcher keeps running it. Any component named xdpdump_capture
 * is a candidate; it is a leftover when its owner (the marker in pins.h)
 * no longer holds it, since a running xdpdump keeps its program's
 * descriptor for as long as it captures. Only the owner is asked: another
 * process may hold the program for a moment (a capture reading the
 * dispatcher for its hook watch, bpftool). Without a marker (killed
 * between joining and pinning it) it is a leftover when no process holds
 * it. libxdp takes leftovers out the way it takes out any component: a new
 * dispatcher with the others, at their priorities and chain actions (so in
 * their order), swapped in atomically.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xdp/libxdp.h>
#include "attach/dispatcher_view.h"
#include "log.h"
#include "pins.h"
#include "prog_owner.h"
#include "recover.h"

/* Whether any process but us holds prog_id. */
static bool held_by_anyone(__u32 prog_id)
{
	struct dirent *ent;
	bool held = false;
	DIR *d = opendir("/proc");

	if (!d)
		return true; /* cannot tell: leave it alone */
	while (!held && (ent = readdir(d))) {
		pid_t pid;

		if (!isdigit((unsigned char)ent->d_name[0]))
			continue;
		pid = atoi(ent->d_name);
		held = pid != getpid() && process_holds_prog(pid, prog_id);
	}
	closedir(d);
	return held;
}

static bool owner_running(__u32 capture_id)
{
	pid_t owner;

	if (pins__owner(capture_id, &owner))
		return held_by_anyone(capture_id);
	return owner != getpid() && process_holds_prog(owner, capture_id);
}

static int remove_leftovers(int ifindex, const char *ifname, const struct dispatcher_view *v,
			    const __u32 *ids, unsigned int nr)
{
	struct xdp_program *progs[DISPATCHER_MAX_PROGS] = { 0 };
	unsigned int opened = 0;
	int err = 0;

	for (; opened < nr; opened++) {
		progs[opened] = xdp_program__from_id(ids[opened]);
		err = libxdp_get_error(progs[opened]);
		if (err)
			goto out_close; /* that one is not opened */
	}
	err = xdp_program__detach_multi(progs, nr, ifindex, v->mode, 0);
out_close:
	for (unsigned int i = 0; i < opened; i++)
		xdp_program__close(progs[i]);
	if (err)
		pr_err("%s: cannot take the capture program left by a killed xdpdump out of the libxdp dispatcher (id %u): %s\n",
		       ifname, v->main_id, strerror(-err));
	return err;
}

int recover_dispatcher(int ifindex, const char *ifname)
{
	__u32 leftovers[DISPATCHER_MAX_PROGS];
	unsigned int nr = 0, live = 0;
	struct dispatcher_view v;
	int err;

	err = dispatcher_view__read(ifindex, &v);
	if (err == -ENOENT || (!err && !v.nr_capture))
		return RECOVER_NOTHING;
	if (err)
		return err;
	for (unsigned int i = 0; i < v.nr_capture; i++) {
		if (owner_running(v.capture_ids[i]))
			live++;
		else
			leftovers[nr++] = v.capture_ids[i];
	}
	if (!nr) {
		pr_debug(
			"%s: the capture program in the libxdp dispatcher belongs to a running xdpdump; leaving it\n",
			ifname);
		return RECOVER_LIVE_OWNER;
	}
	err = remove_leftovers(ifindex, ifname, &v, leftovers, nr);
	if (err)
		return err;
	for (unsigned int i = 0; i < nr; i++)
		pins__remove(leftovers[i]);
	pr_info("%s: took %u capture program%s left by a killed xdpdump out of the libxdp dispatcher; its %u program%s run as before\n",
		ifname, nr, nr == 1 ? "" : "s", v.nr_user, v.nr_user == 1 ? "" : "s");
	return live ? RECOVER_LIVE_OWNER : RECOVER_RESTORED;
}
