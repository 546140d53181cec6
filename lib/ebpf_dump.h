// SPDX-License-Identifier: GPL-2.0
/*
 * A readable listing of eBPF instructions, one per line with its index, in
 * the verifier's notation:
 *     12: r0 = *(u8 *)(r9 + 23)
 *     13: if w7 != 0x800 goto +5 <19>
 *     20: call bpf_xdp_load_bytes#189
 * For xdpdump -d. Does not include <linux/bpf.h>: callers that hold pcap's
 * struct bpf_insn can still include it.
 */
#ifndef XDPDUMP_EBPF_DUMP_H
#define XDPDUMP_EBPF_DUMP_H

#include <stddef.h>
#include <stdio.h>

struct bpf_insn;

void ebpf_dump(FILE *out, const struct bpf_insn *insns, size_t n);

/*
 * One instruction into @buf; a 16-byte immediate load takes two slots and
 * the return value says how many @insn used (1 or 2). @idx is its index,
 * used to print jump targets.
 */
size_t ebpf_dump_insn(char *buf, size_t size, const struct bpf_insn *insn, size_t left,
		      size_t idx);

#endif /* XDPDUMP_EBPF_DUMP_H */
