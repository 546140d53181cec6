/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -z COMMAND: run `COMMAND FILE` on each file that -C or -G rotation
 * closes, as tcpdump does (to compress it, or move it away), without
 * waiting for it.
 */
#ifndef XDPDUMP_POSTROTATE_H
#define XDPDUMP_POSTROTATE_H

/* Starts COMMAND (looked up in PATH) with FILE as its one argument. The
 * command holds none of xdpdump's descriptors (BPF programs and maps, the
 * rings), and xdpdump never waits for it. 0, or -errno when it could not be
 * started (logged). */
int postrotate__run(const char *command, const char *file);

#endif /* XDPDUMP_POSTROTATE_H */
