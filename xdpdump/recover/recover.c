// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach/attach.h"
#include "attach/xdp_swap.h"
#include "attach/exit_hook.h"
#include "log.h"
#include "pins.h"
#include "prog_owner.h"
#include "recover.h"
#include "attach/xdp_state.h"
#include "xdpdump_shared.h"

/* A recorded owner still capturing: it holds its capture program. Pids get
 * reused, and a process of any name (a debugger, valgrind) may run us, so
 * the program is what tells, not the pid or the command name. */
static bool owner_alive(__u32 capture_id, pid_t *owner)
{
	if (pins__owner(capture_id, owner) || *owner == getpid())
		return false;
	return process_holds_prog(*owner, capture_id);
}

static bool pinned(__u32 capture_id)
{
	int fd = pins__open_chain(capture_id);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static int put_back(int ifindex, const char *ifname, const struct xdp_state *st, int cap_fd,
		    __u32 orig_id)
{
	int orig_fd = -1, link_fd = -1, err;

	if (orig_id) {
		orig_fd = bpf_prog_get_fd_by_id(orig_id);
		if (orig_fd < 0)
			return -errno;
	}
	if (st->link_id) {
		link_fd = bpf_link_get_fd_by_id(st->link_id);
		if (link_fd < 0) {
			err = -errno;
			goto out;
		}
	}
	if (link_fd >= 0 && orig_fd < 0) {
		/* A link cannot be emptied, only closed by its owner. */
		pr_err("%s: a leftover capture program sits in a bpf_link with nothing recorded to restore\n",
		       ifname);
		err = -ENOENT;
		goto out;
	}
	err = xdp_swap_program(ifindex, st, link_fd, cap_fd, orig_fd);
out:
	if (orig_fd >= 0)
		close(orig_fd);
	if (link_fd >= 0)
		close(link_fd);
	return err;
}

static int recover_one(int ifindex, const char *ifname)
{
	struct xdp_state st;
	char orig_name[BPF_OBJ_NAME_LEN] = "?";
	__u32 orig_id;
	pid_t owner;
	int cap_fd, err;

	err = xdp_state__query(ifindex, &st);
	if (err || !st.prog_id || strcmp(st.prog_name, XDPDUMP_PROG_NAME))
		return err;
	if (owner_alive(st.prog_id, &owner)) {
		pr_debug(
			"%s: the capture program (id %u) belongs to a running xdpdump (pid %d); leaving it\n",
			ifname, st.prog_id, (int)owner);
		return RECOVER_LIVE_OWNER;
	}
	if (st.link_id && !pinned(st.prog_id)) {
		/* Only the load strategy holds its program in a link without
		 * pins, and that link goes when its xdpdump exits: whatever
		 * chained to it would go too. */
		pr_err("%s: another xdpdump captures here with its own program (id %u) in a bpf_link that ends with it; stop that one first\n",
		       ifname, st.prog_id);
		return -EBUSY;
	}

	cap_fd = bpf_prog_get_fd_by_id(st.prog_id);
	if (cap_fd < 0)
		return -errno;
	orig_id = tailcall_chain__next(st.prog_id);
	if (orig_id)
		bpf_prog_name_by_id(orig_id, orig_name, sizeof(orig_name));
	err = put_back(ifindex, ifname, &st, cap_fd, orig_id);
	close(cap_fd);
	if (err) {
		pr_err("%s: cannot remove the capture program left by a killed xdpdump: %s\n",
		       ifname, strerror(-err));
		return err;
	}
	pins__remove(st.prog_id);
	/* Its exit program may still sit in the original's hook (when the
	 * user pinned the hook map); it would only cost, but take it out. */
	if (orig_id)
		exit_hook__clear_leftover(orig_id);
	if (orig_id)
		pr_info("%s: restored %s (id %u, %s mode), left behind by a killed xdpdump\n",
			ifname, orig_name, orig_id, hook_mode__name(st.mode));
	else
		pr_info("%s: removed a capture program left behind by a killed xdpdump\n",
			ifname);
	return RECOVER_RESTORED;
}

/* Captures killed while chained one in front of another leave one leftover
 * behind the other. */
#define MAX_LEFTOVERS 16

int recover_interface(int ifindex, const char *ifname)
{
	int in_dispatcher = recover_dispatcher(ifindex, ifname);
	bool restored = in_dispatcher == RECOVER_RESTORED;

	if (in_dispatcher < 0)
		return in_dispatcher;

	for (int i = 0; i < MAX_LEFTOVERS; i++) {
		int ret = recover_one(ifindex, ifname);

		if (ret < 0)
			return ret;
		if (ret == RECOVER_NOTHING && in_dispatcher == RECOVER_LIVE_OWNER)
			return RECOVER_LIVE_OWNER;
		if (ret != RECOVER_RESTORED)
			return restored ? RECOVER_RESTORED : ret;
		restored = true;
	}
	return RECOVER_RESTORED;
}
