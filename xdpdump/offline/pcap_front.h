/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything xdpdump asks of libpcap, behind an interface that does not
 * expose libpcap's types: its <pcap/bpf.h> defines a struct bpf_insn that
 * clashes with the kernel's, so only pcap_front.c includes libpcap.
 *
 * - compiling a filter expression to classic BPF (pcap_compile), and
 *   printing it the way `tcpdump -d` does;
 * - reading packets from a pcap or pcapng file for -r.
 */
#ifndef XDPDUMP_PCAP_FRONT_H
#define XDPDUMP_PCAP_FRONT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cbpf_xlate.h"

/* libpcap's "netmask unknown": `ip broadcast` then fails to compile. */
#define FILTER_NETMASK_UNKNOWN 0xffffffffu

/* Compile expr for Ethernet with the optimizer on. 0, or -EINVAL with
 * libpcap's own message in err. *out is malloc'd. */
int pcap_front__compile(const char *expr, uint32_t snaplen, uint32_t netmask,
			struct cbpf_insn **out, size_t *len, char *err, size_t err_size);
/* libpcap's own version text, e.g. "libpcap version 1.10.3 (...)". */
const char *pcap_front__version(void);
/* The program in libpcap's -d format, one instruction per line. */
void pcap_front__dump(FILE *out, const struct cbpf_insn *insns, size_t len);

struct pcap_source;
struct pcap_source_packet {
	const uint8_t *data;
	uint32_t caplen, len;
	uint64_t ts_ns;
};
/* NULL with the reason in err (not a file, not one libpcap reads, ...).
 * Every link type libpcap reads is opened. */
struct pcap_source *pcap_source__open(const char *path, char *err, size_t err_size);
/* 1 and *pkt filled, 0 at the end, -EIO with libpcap's reason in err.
 * Every record libpcap reads is returned as it is, a captured length
 * larger than its length included; a time before 1970 or past 2554 (64-bit
 * nanoseconds) becomes the nearest one that fits. The data stays valid
 * until the next call. */
int pcap_source__next(struct pcap_source *src, struct pcap_source_packet *pkt, char *err,
		      size_t err_size);
void pcap_source__close(struct pcap_source *src);
/* The file's link type (DLT_*, as pcap_datalink()), its name, its
 * snapshot length. */
int pcap_source__linktype(const struct pcap_source *src);
const char *pcap_source__linktype_name(const struct pcap_source *src);
uint32_t pcap_source__snaplen(const struct pcap_source *src);
/* The LINKTYPE_* a file stores for a DLT_* value. */
uint16_t pcap_front__file_linktype(int dlt);
/* Compile expr as tcpdump -r does: for the file's link type and snapshot
 * length, optimizer on. 0, or -EINVAL with libpcap's message in err. */
int pcap_source__compile(struct pcap_source *src, const char *expr, uint32_t netmask, char *err,
			 size_t err_size);
/* The compiled program (NULL, *len 0: none). Valid until close. */
const struct cbpf_insn *pcap_source__program(const struct pcap_source *src, size_t *len);
/* libpcap's verdict on a packet, as pcap_offline_filter() reaches it (the
 * filter sees the wire length, reads the captured bytes): the snap length
 * it returns, 0 = rejected; without a program, 1. */
uint32_t pcap_source__verdict(const struct pcap_source *src,
			      const struct pcap_source_packet *pkt);
/* libpcap's interpreter on any buffer. */
uint32_t pcap_front__run(const struct cbpf_insn *insns, const uint8_t *data, uint32_t wirelen,
			 uint32_t buflen);

#endif /* XDPDUMP_PCAP_FRONT_H */
