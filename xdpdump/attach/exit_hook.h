/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit capture through the cooperative hook (bpf/xdpdump_hook.h): find the
 * hook's maps in the user's program, put our exit capture program in its
 * slot, and take it out again.
 */
#ifndef XDPDUMP_EXIT_HOOK_H
#define XDPDUMP_EXIT_HOOK_H

#include <stdbool.h>
#include <linux/types.h>

struct exit_hook {
	int prog_map_fd; /* the user's PROG_ARRAY "xdpd_hook_prog" */
	int state_map_fd; /* the user's PERCPU_ARRAY "xdpd_hook_state" */
	__u32 installed_id; /* our exit program in the slot, 0: none */
};

void exit_hook__init(struct exit_hook *h);
/* Open the hook maps of program prog_id: 0, or -ENOENT when the program
 * does not use the hook, or another -errno. */
int exit_hook__find(struct exit_hook *h, __u32 prog_id);
int exit_hook__install(struct exit_hook *h, int exit_prog_fd);
/* Empty the slot if it still holds our program, and close the maps. */
void exit_hook__release(struct exit_hook *h);
/* Recovery: empty the slot of prog_id's hook if a killed xdpdump left its
 * exit program there. 1 if it did, 0 if not, -errno. */
int exit_hook__clear_leftover(__u32 prog_id);

#endif /* XDPDUMP_EXIT_HOOK_H */
