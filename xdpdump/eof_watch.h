/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --exit-on-eof: a capture run for someone at the other end of a pipe (a
 * remote capture point under ssh, Wireshark's sshdump) stops, restoring its
 * interfaces, as soon as that someone is gone: stdin reaches end of file or
 * stdout's reader has closed it. Both are seen by the capture loop's epoll,
 * so this works while no packet flows; a write to a closed stdout (EPIPE)
 * stops the capture as any output error does.
 */
#ifndef XDPDUMP_EOF_WATCH_H
#define XDPDUMP_EOF_WATCH_H

#include <stdint.h>

/* The epoll data of the watched descriptors. */
#define EOF_WATCH_EVENT (UINT32_MAX - 1)

/* Add stdin (and stdout, when it is a pipe or socket) to epfd. 0 or -errno
 * (reported: stdin must be something that can reach end of file). */
int eof_watch__add(int epfd);
/* On an EOF_WATCH_EVENT: SIGHUP once the peer is gone (the capture stops
 * as on that signal), else 0. Whatever arrives on stdin is discarded. */
int eof_watch__check(void);

#endif /* XDPDUMP_EOF_WATCH_H */
