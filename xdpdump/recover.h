/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Undo what a killed xdpdump left on an interface: its capture program on
 * the hook, with the user's program waiting in the pinned chain map.
 */
#ifndef XDPDUMP_RECOVER_H
#define XDPDUMP_RECOVER_H

enum recover_result {
	RECOVER_NOTHING = 0,	/* no capture program on the hook */
	RECOVER_RESTORED = 1,	/* a leftover was found and the hook restored */
	RECOVER_LIVE_OWNER = 2, /* it belongs to a running xdpdump: left alone */
};

/* enum recover_result, or -errno on failure. Undoes a whole chain of
 * leftovers, down to the original or to a capture that is still running. */
int recover_interface(int ifindex, const char *ifname);

#endif /* XDPDUMP_RECOVER_H */
