/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPDUMP_XDP_SWAP_H
#define XDPDUMP_XDP_SWAP_H

#include "xdp_state.h"

/* Swap the program on the hook from old_fd to new_fd in a->found's mode,
 * through the link when the original was link-attached; fails if the hook
 * no longer holds old_fd. Shared by tail-call attach, detach and recovery. */
int xdp_swap_program(int ifindex, const struct xdp_state *st, int link_fd, int old_fd,
		     int new_fd);

#endif /* XDPDUMP_XDP_SWAP_H */
