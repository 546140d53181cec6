/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Undo what a killed xdpdump left on an interface: its capture program on
 * the hook, with the user's program waiting in the pinned chain map.
 */
#ifndef XDPDUMP_RECOVER_H
#define XDPDUMP_RECOVER_H

/* 1: a leftover was found and the hook restored; 0: nothing to do (no
 * leftover, or it belongs to a running xdpdump); -errno on failure. */
int recover_interface(int ifindex, const char *ifname);

#endif /* XDPDUMP_RECOVER_H */
