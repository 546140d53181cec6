/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -r --verify-filter: the filter libpcap compiled for the file, translated
 * to eBPF as a live capture would run it (lib/cbpf_xlate), loaded as an XDP
 * program of its own and run by the kernel on every packet with
 * BPF_PROG_TEST_RUN. Each packet is shown to the kernel as the frame a live
 * capture would see: its wire length, the bytes the file lacks zero
 * filled; libpcap's interpreter decides the same frame, and every packet
 * where the two verdicts differ is reported.
 */
#ifndef XDPDUMP_VERIFY_FILTER_H
#define XDPDUMP_VERIFY_FILTER_H

#include <stdint.h>
#include "cbpf_xlate.h"
#include "pcap_front.h"

struct filter_verify;

/* For a file of link type dlt (DLT_*): only Ethernet frames can run at
 * XDP; any other file's packets are all counted as not run. NULL + errno,
 * the reason logged. */
struct filter_verify *filter_verify__new(const char *expr, const struct cbpf_insn *insns,
					 size_t len, int dlt);
/* Packet number n (from 1) of the file; a disagreement is reported at
 * once. file_verdict is libpcap's on the record as read. */
void filter_verify__packet(struct filter_verify *v, uint64_t n,
			   const struct pcap_source_packet *pkt, uint32_t file_verdict);
/* The closing lines; returns the number of disagreements. */
uint64_t filter_verify__report(const struct filter_verify *v, const char *path);
void filter_verify__free(struct filter_verify *v);

#endif /* XDPDUMP_VERIFY_FILTER_H */
