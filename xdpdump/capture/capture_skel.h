/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture object comes in two builds from one source: capture.bpf.o
 * (ring buffer records in size classes) and capture_dynptr.bpf.o (large
 * records copied with the dynptr kfuncs, which a kernel without them
 * refuses to load). Both have the same maps, programs and globals, so
 * one skeleton type, struct capture_bpf, drives either.
 */
#ifndef XDPDUMP_CAPTURE_SKEL_H
#define XDPDUMP_CAPTURE_SKEL_H

#include <stdbool.h>

struct capture_bpf;

/* capture_bpf__open() with the object that dynptr names. NULL + errno. */
struct capture_bpf *capture_skel__open(bool dynptr);

#endif /* XDPDUMP_CAPTURE_SKEL_H */
