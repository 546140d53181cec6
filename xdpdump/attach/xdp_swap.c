// SPDX-License-Identifier: GPL-2.0
/* Swapping the program on a hook, naming the one we expect there: the
 * kernel refuses the swap when someone else changed the hook meanwhile. */
#include <errno.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xdp_swap.h"

int xdp_swap_program(int ifindex, const struct xdp_state *st, int link_fd, int old_fd, int new_fd)
{
	if (link_fd >= 0) {
		LIBBPF_OPTS(bpf_link_update_opts, opts, .flags = BPF_F_REPLACE,
			    .old_prog_fd = old_fd);

		return bpf_link_update(link_fd, new_fd, &opts) ? -errno : 0;
	}
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = old_fd);
	return bpf_xdp_attach(ifindex, new_fd, hook_mode__flags(st->mode) | XDP_FLAGS_REPLACE,
			      &opts);
}
