/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture points on other hosts: -i [USER@]HOST:IF and HOST:NETNS/IF. Each
 * host runs `xdpdump -w -` over the user's own ssh (or --rsh CMD) and
 * streams pcapng back; local points (IF, NETNS/IF) in the same run go to
 * one local `xdpdump -w -` child. This process only merges the streams by
 * timestamp into one file (docs/capture-points.md).
 */
#ifndef XDPDUMP_POINTS_H
#define XDPDUMP_POINTS_H

#include <stdbool.h>
#include "cli/options.h"

/* Whether any -i names a point on another host. */
bool points__any_remote(const struct xdpdump_args *args);
/* Run the capture; the exit status (0 or 1). expression may be NULL. */
int points__run(const struct xdpdump_args *args, const char *expression);

/* The remote side of --clock-probe, before its capture starts: 1 to go on
 * with the capture, 0 when the local side went away first (exit quietly),
 * -errno on an I/O error. */
int clock_probe__serve(void);

#endif /* XDPDUMP_POINTS_H */
