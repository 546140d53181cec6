/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Undo what a killed xdpdump left on an interface: its capture program on
 * the hook, with the user's program waiting in the pinned chain map; or
 * its capture program inside a libxdp dispatcher (recover_multiprog.c).
 */
#ifndef XDPDUMP_RECOVER_H
#define XDPDUMP_RECOVER_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/types.h>

enum recover_result {
	RECOVER_NOTHING = 0, /* no capture program on the hook */
	RECOVER_RESTORED = 1, /* a leftover was found and the hook restored */
	RECOVER_LIVE_OWNER = 2, /* it belongs to a running xdpdump: left alone */
};

/* enum recover_result, or -errno on failure. Undoes a whole chain of
 * leftovers, down to the original or to a capture that is still running. */
int recover_interface(int ifindex, const char *ifname);
/* The same for a libxdp dispatcher on the hook: takes out the capture
 * programs no running process holds, through libxdp, which rebuilds the
 * dispatcher with the user's programs, their order, priorities and chain
 * actions as they were. RECOVER_NOTHING when there is no dispatcher. */
int recover_dispatcher(int ifindex, const char *ifname);

#endif /* XDPDUMP_RECOVER_H */
