/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the capture needs of its caller, checked before anything is loaded:
 * the kernel's own answer (EPERM from bpf()) does not say which privilege
 * was missing.
 */
#ifndef XDPDUMP_CAPS_H
#define XDPDUMP_CAPS_H

/* 0 when this process may load and attach XDP programs and open their
 * rings: root's capabilities, or CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON
 * (CAP_SYS_ADMIN in place of the first and last, as kernels before 5.8
 * want). Otherwise -EPERM, with one line on stderr naming what is
 * missing. */
int caps__check(void);

#endif /* XDPDUMP_CAPS_H */
