/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -Z USER: who owns the capture files.
 *
 * tcpdump gives up root for USER once capturing has started. xdpdump cannot:
 * putting an interface back at exit swaps programs on the XDP hook over
 * netlink (CAP_NET_ADMIN) and removes its marker under /sys/fs/bpf/xdpdump,
 * whose directories are root's and mode 0700. Losing root would leave the
 * capture program on the hook. So xdpdump stays root and hands each file
 * it creates, rotated ones included, to USER and USER's primary group, before
 * anything is written into it.
 */
#ifndef XDPDUMP_PRIVS_H
#define XDPDUMP_PRIVS_H

#include <stdbool.h>
#include <sys/types.h>

struct file_owner {
	bool set; /* false: files stay with whoever runs xdpdump */
	uid_t uid;
	gid_t gid;
	char name[64];
};

/* Looks USER up in the password database. 0, or -ENOENT with one line on
 * stderr. */
int file_owner__lookup(struct file_owner *owner, const char *user);

/* Gives the file xdpdump just created to the owner. 0 or -errno. */
int file_owner__take(const struct file_owner *owner, int fd);

/* An existing file is reused only if it is already the owner's: root must not
 * truncate and hand over a file USER could not have written. 0 or -EPERM. */
int file_owner__check(const struct file_owner *owner, int fd);

#endif /* XDPDUMP_PRIVS_H */
