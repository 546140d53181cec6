// SPDX-License-Identifier: GPL-2.0
/*
 * Classic BPF (what libpcap's pcap_compile() emits for DLT_EN10MB) to eBPF,
 * as the body of a BPF-to-BPF subprogram inside an XDP program.
 *
 * This header includes neither <linux/bpf.h> nor <pcap/pcap.h>: both define a
 * struct bpf_insn, and callers include one or the other.
 *
 * Calling convention of the emitted code:
 *   entry  r1 = struct xdp_md * (PTR_TO_CTX), nothing else
 *   exit   r0 = what cBPF "ret" gave (u32): the snap length, 0 = reject
 * It uses r6..r9, at most CBPF_XLATE_STACK bytes below r10, the helper
 * bpf_xdp_load_bytes for loads past the linear part of a multi-buffer frame,
 * and, only when the program loads "len" (the wire length of the whole frame,
 * all fragments included), one call of bpf_xdp_get_buff_len at the start.
 * The caller need not know the length: a rejecting filter that never looks
 * at it costs no helper call.
 * It is one function: every jump stays inside it and it ends in an exit.
 *
 * Semantics follow libpcap's interpreter (bpf_filter.c) with these
 * differences, all forced by XDP:
 *  - packet loads at offsets above 0xffff never match (the verifier's and
 *    bpf_xdp_load_bytes' limit); libpcap would read them in frames > 64 KiB;
 *  - ancillary loads: "ifidx" reads xdp_md->ingress_ifindex; "type" (used by
 *    inbound/outbound) is always PACKET_HOST, since XDP only sees received
 *    frames: "inbound" matches everything and "outbound" nothing; any other
 *    ancillary load, and the SKF_NET_OFF/SKF_LL_OFF ranges, are refused;
 *  - a backward "ja" (libpcap's protochain) is taken at most loop_limit times
 *    per packet; one more and the packet does not match;
 *  - shifts by a constant >= 32 give 0, as libpcap's optimizer folds them
 *    (its interpreter leaves them to the CPU); by X >= 32 give 0, as libpcap;
 *  - the scratch memory M[] starts zeroed (libpcap leaves it undefined).
 */
#ifndef XDPDUMP_CBPF_XLATE_H
#define XDPDUMP_CBPF_XLATE_H

#include <stddef.h>
#include <stdint.h>

/* Same layout as libpcap's struct bpf_insn and the kernel's sock_filter. */
struct cbpf_insn {
	uint16_t code;
	uint8_t jt;
	uint8_t jf;
	uint32_t k;
};

/* The kernel's eBPF instruction, from <linux/bpf.h>. */
struct bpf_insn;

/* Bytes of stack the emitted code uses below r10. */
#define CBPF_XLATE_STACK 96

/* Longest cBPF program accepted (libpcap's and the kernel's BPF_MAXINSNS). */
#define CBPF_XLATE_MAX_INSNS 4096

/*
 * Default for cbpf_xlate_opts.loop_limit: 32 IPv6 extension headers for
 * protochain. The verifier walks every way round, about 400 instructions
 * each for "ip6 protochain"; past ~500 it gives up ("The sequence of 8193
 * jumps is too complex").
 */
#define CBPF_XLATE_LOOP_LIMIT 32

enum cbpf_xlate_flags {
	/*
	 * The program is loaded without BPF_F_XDP_HAS_FRAGS, so a frame is
	 * all linear and a load past data_end is past the wire length: leave
	 * out the bpf_xdp_load_bytes fallback.
	 */
	CBPF_XLATE_F_LINEAR = 1U << 0,
	/*
	 * For a tracing program (fentry/fexit on an XDP program), which has no
	 * packet pointers: the entry convention becomes
	 *   r1 = address of the first byte (xdp_buff->data, a kernel pointer
	 *        the verifier sees as a number), r2 = bytes readable from it,
	 *        which is also what "len" gives, r3 = ifindex (u32)
	 * and every packet load is a bounds check against r2 followed by
	 * bpf_probe_read_kernel(). Implies CBPF_XLATE_F_LINEAR.
	 */
	CBPF_XLATE_F_KERNEL_MEM = 1U << 1,
};

struct cbpf_xlate_opts {
	size_t sz; /* sizeof(struct cbpf_xlate_opts), for compatibility */
	uint32_t flags; /* enum cbpf_xlate_flags */
	/*
	 * Backward jumps taken per packet before it counts as no match; each
	 * one multiplies the verifier's work. 0 = CBPF_XLATE_LOOP_LIMIT.
	 */
	uint32_t loop_limit;
};

/*
 * Translates @len cBPF instructions. Returns 0 and a malloc'd array of
 * *@out_len eBPF instructions in *@out (free() it), or -errno with one line
 * in @err naming the instruction:
 *   -EINVAL      not a valid cBPF program (unknown opcode, jump out of
 *                range, M[k] with k >= 16, division by constant 0, ...)
 *   -EOPNOTSUPP  valid, but not possible at XDP (an ancillary load other
 *                than ifidx/type, a negative SKF_NET_OFF/SKF_LL_OFF offset)
 *   -E2BIG       the result has a jump longer than eBPF's 16-bit offset
 *   -ENOMEM
 * @opts may be NULL; @err may be NULL when @err_size is 0.
 */
int cbpf_xlate(const struct cbpf_insn *prog, size_t len, const struct cbpf_xlate_opts *opts,
	       struct bpf_insn **out, size_t *out_len, char *err, size_t err_size);

#endif /* XDPDUMP_CBPF_XLATE_H */
