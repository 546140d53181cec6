/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What is attached to an interface's XDP hook right now: the program, the
 * mode it runs in and whether a bpf_link holds it. Attach, restore, recovery
 * and `-D` all start from this.
 */
#ifndef XDPDUMP_XDP_STATE_H
#define XDPDUMP_XDP_STATE_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>

enum hook_mode {
	HOOK_MODE_NONE = 0,
	HOOK_MODE_NATIVE,
	HOOK_MODE_SKB,
	HOOK_MODE_HW,
};

struct xdp_state {
	__u32 prog_id; /* 0: nothing attached */
	enum hook_mode mode;
	__u32 link_id; /* bpf_link holding the program; 0: netlink attach */
	char prog_name[BPF_OBJ_NAME_LEN];
};

int xdp_state__query(int ifindex, struct xdp_state *st);
/* XDP_FLAGS_*_MODE for a mode, so a swap runs in the mode it found. */
__u32 hook_mode__flags(enum hook_mode mode);
const char *hook_mode__name(enum hook_mode mode);
int hook_mode__parse(const char *text, enum hook_mode *mode);

/* Kernel name of a program (15 characters at most); -errno if it is gone. */
int bpf_prog_name_by_id(__u32 id, char *name, size_t size);
int bpf_prog_name_by_fd(int fd, char *name, size_t size);
/* Id of the program behind fd, or -errno. */
int bpf_prog_id_by_fd(int fd, __u32 *id);

#endif /* XDPDUMP_XDP_STATE_H */
