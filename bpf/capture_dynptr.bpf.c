// SPDX-License-Identifier: GPL-2.0
/*
 * The capture programs again, with the ring buffer records of large
 * packets made by the dynptr copy (record_dynptr.h). Same maps, programs
 * and globals as capture.bpf.c, in the same order, so the one skeleton
 * (capture.skel.h) drives either object (xdpdump/capture/capture_skel.c).
 */
#define XDPDUMP_DYNPTR 1
#include "capture.bpf.c"
