// SPDX-License-Identifier: GPL-2.0
/*
 * Several xdpdump captures on one hook, each tail-calling the next through
 * slot 0 of its pinned "chain" map, down to the user's program: walking
 * that chain, and taking one capture out of it.
 */
#include <errno.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "attach.h"
#include "log.h"
#include "recover/pins.h"
#include "xdpdump_shared.h"

/* More xdpdump captures than this chained on one hook is a loop. */
#define MAX_CHAIN_DEPTH 16

__u32 tailcall_chain__next(__u32 capture_id)
{
	__u32 key = XDPDUMP_CHAIN_SLOT, prog_id = 0;
	int map_fd = pins__open_chain(capture_id);

	if (map_fd < 0)
		return 0;
	if (bpf_map_lookup_elem(map_fd, &key, &prog_id))
		prog_id = 0;
	close(map_fd);
	return prog_id;
}

bool tailcall_chain__reaches(__u32 hook_id, __u32 capture_id, __u32 *front)
{
	__u32 id = hook_id;

	*front = 0;
	for (int depth = 0; id && depth < MAX_CHAIN_DEPTH; depth++) {
		if (id == capture_id)
			return true;
		*front = id;
		id = tailcall_chain__next(id);
	}
	return false;
}

int tailcall_chain__splice_out(const char *ifname, __u32 front, int next_fd)
{
	__u32 key = XDPDUMP_CHAIN_SLOT;
	int map_fd = pins__open_chain(front), err = 0;

	if (map_fd < 0)
		return map_fd;
	if (bpf_map_update_elem(map_fd, &key, &next_fd, 0))
		err = -errno;
	close(map_fd);
	if (!err)
		pr_debug(
			"%s: another xdpdump (capture id %u) runs in front of ours: it now chains past us\n",
			ifname, front);
	return err;
}
