/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pcap filter inside the capture program: expression -> libpcap cBPF
 * -> our eBPF (lib/cbpf_xlate) -> injected in place of the capture
 * program's stub subprogram just before the kernel sees it.
 */
#ifndef XDPDUMP_FILTER_H
#define XDPDUMP_FILTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cbpf_xlate.h"

struct capture_filter {
	char *expression; /* NULL: no filter, keep everything */
	struct cbpf_insn *cbpf;
	size_t cbpf_len;
	struct bpf_insn *ebpf; /* for the XDP capture programs */
	size_t ebpf_len;
	struct bpf_insn *ebpf_trace; /* for fentry/fexit: CBPF_XLATE_F_KERNEL_MEM */
	size_t ebpf_trace_len;
};

/* Compile and translate; one line on stderr and -errno on failure. */
int capture_filter__build(struct capture_filter *f, const char *expr, uint32_t snaplen,
			  uint32_t netmask);
/* -d: the cBPF in libpcap's format, then the eBPF it became. */
void capture_filter__dump(const struct capture_filter *f, FILE *out);
void capture_filter__free(struct capture_filter *f);

/* Teach libbpf the capture programs' sections (XDP and fentry/fexit) and
 * have it inject f (NULL: keep the stub) into every capture program loaded
 * from now on. Once, before any skeleton is opened. */
int capture_filter__register(const struct capture_filter *f);

/* One line for a capture program the kernel refused, naming the filter
 * expression when there is one (its verifier log is shown with -v). */
void capture_filter__report_load_failure(const char *where, int err);

/* The IPv4 netmask of ifname for `ip broadcast`, or FILTER_NETMASK_UNKNOWN. */
uint32_t filter_netmask_of(const char *ifname);

#endif /* XDPDUMP_FILTER_H */
