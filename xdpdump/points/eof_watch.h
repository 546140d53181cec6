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
 * as on that signal), else 0. Whatever arrives on stdin is discarded, but
 * its arrival counts as a heartbeat. */
int eof_watch__check(void);

/*
 * A connection can also die silently (a cable, a firewall, a host that
 * vanished): no end of file ever arrives. A remote capture point's local
 * side therefore writes a heartbeat line to its stdin every
 * EOF_WATCH_HEARTBEAT_NS; after the clock handshake (--clock-probe) the
 * remote expects one at least every EOF_WATCH_HEARTBEAT_TIMEOUT_NS.
 */
#define EOF_WATCH_HEARTBEAT_NS (1000ull * 1000 * 1000)
#define EOF_WATCH_HEARTBEAT_TIMEOUT_NS (3000ull * 1000 * 1000)
void eof_watch__expect_heartbeat(void);
/* SIGHUP (reported) once an expected heartbeat is overdue, else 0. */
int eof_watch__heartbeat_lost(void);

#endif /* XDPDUMP_EOF_WATCH_H */
