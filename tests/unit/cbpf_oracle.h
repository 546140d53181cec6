// SPDX-License-Identifier: GPL-2.0
/*
 * libpcap as the reference for tests/unit/test_cbpf_xlate.c. This side
 * includes <pcap/pcap.h>, the test includes <linux/bpf.h>; both define a
 * struct bpf_insn, so they are separate translation units that share only
 * struct cbpf_insn.
 */
#ifndef XDPDUMP_CBPF_ORACLE_H
#define XDPDUMP_CBPF_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include "cbpf_xlate.h"

#define ORACLE_SNAPLEN 262144

/*
 * pcap_compile() for DLT_EN10MB, optimized, netmask unknown. 0, or -1 with
 * libpcap's message in @err. *@prog is malloc'd.
 */
int oracle_compile(const char *expr, struct cbpf_insn **prog, size_t *len, char *err,
		   size_t err_size);

/* pcap_offline_filter() with hdr.len = hdr.caplen = @len. */
unsigned int oracle_offline_filter(const struct cbpf_insn *prog, size_t n, const uint8_t *pkt,
				   size_t len);

/* libpcap's interpreter, bpf_filter(), for hand-made programs. */
unsigned int oracle_interpret(const struct cbpf_insn *prog, const uint8_t *pkt,
			      unsigned int wirelen, unsigned int buflen);

/* bpf_validate(): 1 if libpcap accepts the program. */
int oracle_validate(const struct cbpf_insn *prog, size_t n);

/* Prints the program the way tcpdump -d does. */
void oracle_print(const struct cbpf_insn *prog, size_t n);

#endif /* XDPDUMP_CBPF_ORACLE_H */
