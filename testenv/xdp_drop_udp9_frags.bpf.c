// SPDX-License-Identifier: GPL-2.0
/*
 * The frags (multi-buffer) variant of the existing program: same code,
 * SEC("xdp.frags"), so a test can check that xdpdump captures beside a
 * program that accepts frames larger than one page.
 */
#define XDP_DROP_FRAGS 1
#include "xdp_drop_udp9.bpf.c"
