/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xdp_gen's fallback sender, for kernels that refuse live frames: the same
 * frames (gen_frame.h) through an AF_PACKET socket on the veth.
 */
#ifndef AFP_SEND_H
#define AFP_SEND_H

#include <signal.h>
#include "gen_frame.h"

/* Send o->count frames with sequence numbers 0..count-1 in order, until
 * done or *stop is set. *sent counts only frames the kernel accepted.
 * Returns 0 or a negative errno. */
int afp_send(const struct gen_opts *o, volatile sig_atomic_t *stop, unsigned long long *sent);

#endif
