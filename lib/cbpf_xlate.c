// SPDX-License-Identifier: GPL-2.0
/*
 * Classic BPF to eBPF for the XDP capture filter; see cbpf_xlate.h for the
 * contract and for where the semantics differ from libpcap.
 *
 * Machine model of the emitted code:
 *   r7 = A, r8 = X (always written with 32-bit operations, so the upper
 *   halves stay zero), r6 = ctx->data, r9 = ctx->data_end, r0..r5 scratch.
 *   Stack below r10:
 *     -8   ctx, spilled for bpf_xdp_load_bytes and ifindex
 *     -16  backward jumps left (u64: the verifier tracks a 64-bit spill of a
 *          constant exactly, which is what bounds the loop for it)
 *     -20  4-byte buffer for bpf_xdp_load_bytes, and see emit_ja()
 *     -24  wire length (u32), from bpf_xdp_get_buff_len() in the prologue
 *     -28 - 4 * i   M[i] (u32)
 *     -96  ifindex (u32), CBPF_XLATE_F_KERNEL_MEM only
 *
 * A packet load at constant offset k, size s (k + s <= 0xffff):
 *         r1 = r6; r1 += k + s; if r1 <= r9 goto fast
 *         r2 = k; A = bpf_xdp_load_bytes(ctx, r2, fp-20, s), no match on
 *         error; goto done
 *   fast: A = *(us *)(r1 - s)
 *   done: byte swap from network order (s > 1)
 * The helper covers the fragments of a multi-buffer frame; it fails exactly
 * when k + s is past the frame, which is libpcap's "return 0". It comes
 * first so that the verifier, which explores fall-through first, can prune
 * the fast path at "done" (see emit_load_ind()). An indirect load computes
 * X + k in 64 bits and clamps it to 0xffff - s before adding it to the
 * packet pointer, as the verifier needs a bounded offset.
 *
 * Jumps are emitted with a zero offset and patched once every cBPF
 * instruction has its eBPF address. Only instructions reachable from the
 * first are translated: the verifier rejects unreachable code.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>
#include <linux/filter.h>

#include "cbpf_xlate.h"

#define R_A BPF_REG_7
#define R_X BPF_REG_8
#define R_DATA BPF_REG_6
#define R_END BPF_REG_9

#define FP_CTX (-8)
#define FP_LOOP (-16)
#define FP_BUF (-20) /* not 8-aligned on purpose: see emit_ja() */
#define FP_LEN (-24)
#define FP_MEM(i) (-28 - 4 * (int)(i))
#define FP_IFINDEX (-96)

/* The verifier's limit on packet pointer offsets, and bpf_xdp_load_bytes'. */
#define MAX_PKT_OFF 0xffffU

#define AD_OFF ((uint32_t)SKF_AD_OFF)
#define LL_OFF ((uint32_t)SKF_LL_OFF)
#define NET_OFF ((uint32_t)SKF_NET_OFF)

#define LABEL_RET0 (-1L)

struct fixup {
	size_t at; /* index of the jump in out[] */
	long target; /* cBPF instruction, or LABEL_RET0 */
};

struct xlate {
	const struct cbpf_insn *prog;
	size_t len;
	uint32_t flags;
	uint32_t loop_limit;

	uint8_t *reach; /* per cBPF instruction: translated at all */
	size_t *addr; /* per cBPF instruction: its first eBPF instruction */

	struct bpf_insn *out;
	size_t n, cap;
	struct fixup *fix;
	size_t nfix, fix_cap;
	size_t ret0_refs;

	/* What the prologue has to set up, from the reachable code. */
	uint16_t mem_read;
	bool need_pkt, need_ctx, need_len, has_loop;

	int nomem;
	char *msg;
	size_t msg_size;
};

/* How a load at a constant offset can be done. */
enum access {
	ACC_FAST, /* direct when in the linear part, else the helper */
	ACC_SLOW, /* only with the helper */
	ACC_NEVER, /* can never succeed: no match */
	ACC_NEGATIVE, /* SKF_NET_OFF, SKF_LL_OFF, or ancillary but indirect: refused */
	ACC_ANCILLARY, /* SKF_AD_OFF + n */
};

static const char *const ancillary_names[SKF_AD_MAX / 4] = {
	[SKF_AD_PROTOCOL / 4] = "proto",
	[SKF_AD_PKTTYPE / 4] = "type",
	[SKF_AD_IFINDEX / 4] = "ifidx",
	[SKF_AD_NLATTR / 4] = "nla",
	[SKF_AD_NLATTR_NEST / 4] = "nlan",
	[SKF_AD_MARK / 4] = "mark",
	[SKF_AD_QUEUE / 4] = "queue",
	[SKF_AD_HATYPE / 4] = "hatype",
	[SKF_AD_RXHASH / 4] = "rxhash",
	[SKF_AD_CPU / 4] = "cpu",
	[SKF_AD_ALU_XOR_X / 4] = "xor_x",
	[SKF_AD_VLAN_TAG / 4] = "vlan_tci",
	[SKF_AD_VLAN_TAG_PRESENT / 4] = "vlanp",
	[SKF_AD_PAY_OFFSET / 4] = "poff",
	[SKF_AD_RANDOM / 4] = "random",
	[SKF_AD_VLAN_TPID / 4] = "vlan_tpid",
};

__attribute__((format(printf, 4, 5))) static int fail(struct xlate *x, int err, size_t i,
						      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!x->msg_size)
		return err;
	n = snprintf(x->msg, x->msg_size, "instruction %zu: ", i);
	if (n < 0 || (size_t)n >= x->msg_size)
		return err;
	va_start(ap, fmt);
	vsnprintf(x->msg + n, x->msg_size - n, fmt, ap);
	va_end(ap);
	return err;
}

/* ---- the cBPF side: opcodes, validation, reachability ---- */

static unsigned int load_size(uint16_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	default:
		return 4;
	}
}

/* Exactly the opcodes libpcap's interpreter runs. */
static bool opcode_known(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_IMM:
	case BPF_LDX | BPF_MEM:
	case BPF_LDX | BPF_MSH | BPF_B:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_ALU | BPF_NEG:
		return true;
	}
	switch (code & ~BPF_X) {
	case BPF_JMP | BPF_JEQ:
	case BPF_JMP | BPF_JGT:
	case BPF_JMP | BPF_JGE:
	case BPF_JMP | BPF_JSET:
	case BPF_ALU | BPF_ADD:
	case BPF_ALU | BPF_SUB:
	case BPF_ALU | BPF_MUL:
	case BPF_ALU | BPF_DIV:
	case BPF_ALU | BPF_MOD:
	case BPF_ALU | BPF_AND:
	case BPF_ALU | BPF_OR:
	case BPF_ALU | BPF_XOR:
	case BPF_ALU | BPF_LSH:
	case BPF_ALU | BPF_RSH:
		return true;
	}
	return false;
}

static bool is_mem_op(uint16_t code)
{
	return code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM) || code == BPF_ST ||
	       code == BPF_STX;
}

static bool is_packet_load(uint16_t code)
{
	if (BPF_CLASS(code) == BPF_LD)
		return BPF_MODE(code) == BPF_ABS || BPF_MODE(code) == BPF_IND;
	return code == (BPF_LDX | BPF_MSH | BPF_B);
}

/* Target of "ja": libpcap sign-extends k, protochain jumps backwards. */
static long ja_target(size_t i, uint32_t k)
{
	return (long)i + 1 + (int32_t)k;
}

static int validate_insn(struct xlate *x, size_t i)
{
	const struct cbpf_insn *p = &x->prog[i];
	long t;

	if (!opcode_known(p->code))
		return fail(x, -EINVAL, i, "unknown opcode 0x%02x", p->code);
	if (is_mem_op(p->code) && p->k >= BPF_MEMWORDS)
		return fail(x, -EINVAL, i, "scratch memory index M[%u] out of range", p->k);
	if ((p->code == (BPF_ALU | BPF_DIV | BPF_K) || p->code == (BPF_ALU | BPF_MOD | BPF_K)) &&
	    p->k == 0)
		return fail(x, -EINVAL, i, "division by constant 0");
	if (p->code == (BPF_JMP | BPF_JA)) {
		t = ja_target(i, p->k);
		if (t < 0 || (size_t)t >= x->len)
			return fail(x, -EINVAL, i, "jump to %ld is outside the program", t);
	} else if (BPF_CLASS(p->code) == BPF_JMP) {
		if (i + 1 + p->jt >= x->len || i + 1 + p->jf >= x->len)
			return fail(x, -EINVAL, i, "jump is outside the program");
	}
	return 0;
}

static int validate(struct xlate *x)
{
	size_t i;
	int err;

	if (x->len == 0 || x->len > CBPF_XLATE_MAX_INSNS)
		return fail(x, -EINVAL, 0, "program length %zu is not in 1..%d", x->len,
			    CBPF_XLATE_MAX_INSNS);
	for (i = 0; i < x->len; i++) {
		err = validate_insn(x, i);
		if (err)
			return err;
	}
	if (BPF_CLASS(x->prog[x->len - 1].code) != BPF_RET)
		return fail(x, -EINVAL, x->len - 1, "the program does not end in a return");
	return 0;
}

/* How a load of @size bytes at constant offset @k can be done. */
static enum access classify(const struct xlate *x, uint32_t k, unsigned int size)
{
	if (k >= AD_OFF)
		return ACC_ANCILLARY;
	if (k >= LL_OFF)
		return ACC_NEGATIVE;
	if (k + size <= MAX_PKT_OFF)
		return ACC_FAST;
	if (k <= MAX_PKT_OFF && !(x->flags & CBPF_XLATE_F_LINEAR))
		return ACC_SLOW;
	return ACC_NEVER;
}

/* Access class of a packet load instruction; for [x + k], of its k part. */
static enum access insn_access(const struct xlate *x, const struct cbpf_insn *p)
{
	enum access a = classify(x, p->k, load_size(p->code));

	if (BPF_MODE(p->code) == BPF_ABS)
		return a;
	/* msh and [x + k] take no ancillary offsets: negative is negative. */
	if (a == ACC_ANCILLARY)
		return ACC_NEGATIVE;
	/* X can only add to k: k alone out of reach stays out of reach. */
	return a;
}

static bool falls_through(const struct xlate *x, size_t i)
{
	const struct cbpf_insn *p = &x->prog[i];

	if (BPF_CLASS(p->code) == BPF_RET || BPF_CLASS(p->code) == BPF_JMP)
		return false;
	if (is_packet_load(p->code) && insn_access(x, p) == ACC_NEVER)
		return false;
	return true;
}

static void mark(struct xlate *x, size_t *stack, size_t *depth, long t)
{
	if (!x->reach[t]) {
		x->reach[t] = 1;
		stack[(*depth)++] = (size_t)t;
	}
}

static int find_reachable(struct xlate *x)
{
	const struct cbpf_insn *p;
	size_t *stack, depth = 0, i;

	stack = calloc(x->len, sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	mark(x, stack, &depth, 0);
	while (depth) {
		i = stack[--depth];
		p = &x->prog[i];
		if (p->code == (BPF_JMP | BPF_JA)) {
			mark(x, stack, &depth, ja_target(i, p->k));
		} else if (BPF_CLASS(p->code) == BPF_JMP) {
			mark(x, stack, &depth, (long)(i + 1 + p->jt));
			mark(x, stack, &depth, (long)(i + 1 + p->jf));
		} else if (falls_through(x, i)) {
			mark(x, stack, &depth, (long)i + 1);
		}
	}
	free(stack);
	return 0;
}

static int check_ancillary(struct xlate *x, size_t i, uint32_t k)
{
	uint32_t off = k - AD_OFF;
	const char *name = NULL;

	if (off == SKF_AD_IFINDEX) {
		x->need_ctx = true;
		return 0;
	}
	if (off == SKF_AD_PKTTYPE)
		return 0;
	if (off < SKF_AD_MAX && off % 4 == 0)
		name = ancillary_names[off / 4];
	if (name)
		return fail(x, -EOPNOTSUPP, i,
			    "ancillary load '%s' (SKF_AD_OFF+%u) is not supported at XDP", name,
			    off);
	return fail(x, -EOPNOTSUPP, i, "ancillary load SKF_AD_OFF+%u is not supported at XDP",
		    off);
}

/* k in [SKF_LL_OFF, 0): the kernel's negative offsets, or ancillary data in
 * an indirect load or msh. */
static int refuse_negative(struct xlate *x, size_t i, uint32_t k)
{
	const char *base = "SKF_LL_OFF";
	uint32_t off = k - LL_OFF;

	if (k >= AD_OFF)
		base = "SKF_AD_OFF", off = k - AD_OFF;
	else if (k >= NET_OFF)
		base = "SKF_NET_OFF", off = k - NET_OFF;
	return fail(x, -EOPNOTSUPP, i, "load at %s+%u (negative offset) is not supported at XDP",
		    base, off);
}

static int scan_load(struct xlate *x, size_t i)
{
	const struct cbpf_insn *p = &x->prog[i];

	switch (insn_access(x, p)) {
	case ACC_ANCILLARY:
		return check_ancillary(x, i, p->k);
	case ACC_NEGATIVE:
		return refuse_negative(x, i, p->k);
	case ACC_NEVER:
		return 0;
	case ACC_SLOW:
	case ACC_FAST:
		break;
	}
	x->need_pkt = true;
	if (!(x->flags & CBPF_XLATE_F_LINEAR))
		x->need_ctx = true;
	return 0;
}

/* Refuses what XDP cannot do and notes what the prologue must set up. */
static int scan(struct xlate *x)
{
	const struct cbpf_insn *p;
	size_t i;
	int err;

	for (i = 0; i < x->len; i++) {
		if (!x->reach[i])
			continue;
		p = &x->prog[i];
		if (is_packet_load(p->code)) {
			err = scan_load(x, i);
			if (err)
				return err;
		}
		if (p->code == (BPF_LD | BPF_MEM) || p->code == (BPF_LDX | BPF_MEM))
			x->mem_read |= 1U << p->k;
		if (p->code == (BPF_LD | BPF_W | BPF_LEN) ||
		    p->code == (BPF_LDX | BPF_W | BPF_LEN))
			x->need_len = true;
		if (p->code == (BPF_JMP | BPF_JA) && ja_target(i, p->k) <= (long)i)
			x->has_loop = true;
	}
	return 0;
}

/* ---- the eBPF side: emitting ---- */

static size_t emit(struct xlate *x, uint8_t code, uint8_t dst, uint8_t src, int16_t off,
		   int32_t imm)
{
	struct bpf_insn *grown;
	size_t cap;

	if (x->n == x->cap) {
		cap = x->cap ? x->cap * 2 : 256;
		grown = realloc(x->out, cap * sizeof(*grown));
		if (!grown) {
			x->nomem = 1;
			return x->n; /* the caller's index stays harmless */
		}
		x->out = grown;
		x->cap = cap;
	}
	x->out[x->n] = (struct bpf_insn){
		.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm
	};
	return x->n++;
}

/* A jump to a cBPF instruction or LABEL_RET0, patched in resolve(). */
static void emit_jump(struct xlate *x, uint8_t code, uint8_t dst, uint8_t src, int32_t imm,
		      long target)
{
	struct fixup *grown;
	size_t at = emit(x, code, dst, src, 0, imm);
	size_t cap;

	if (x->nomem)
		return;
	if (x->nfix == x->fix_cap) {
		cap = x->fix_cap ? x->fix_cap * 2 : 64;
		grown = realloc(x->fix, cap * sizeof(*grown));
		if (!grown) {
			x->nomem = 1;
			return;
		}
		x->fix = grown;
		x->fix_cap = cap;
	}
	x->fix[x->nfix++] = (struct fixup){ .at = at, .target = target };
	if (target == LABEL_RET0)
		x->ret0_refs++;
}

static void emit_goto(struct xlate *x, long target)
{
	emit_jump(x, BPF_JMP | BPF_JA, 0, 0, 0, target);
}

/* Points the local forward jump at out[at] to the next instruction. */
static void land_here(struct xlate *x, size_t at)
{
	if (!x->nomem)
		x->out[at].off = (int16_t)(x->n - at - 1);
}

static void emit_mov32_imm(struct xlate *x, uint8_t dst, uint32_t k)
{
	emit(x, BPF_ALU | BPF_MOV | BPF_K, dst, 0, 0, (int32_t)k);
}

static void emit_mov64_reg(struct xlate *x, uint8_t dst, uint8_t src)
{
	emit(x, BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0);
}

static void emit_add64_imm(struct xlate *x, uint8_t dst, int32_t imm)
{
	emit(x, BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, imm);
}

static void emit_ldx(struct xlate *x, unsigned int size, uint8_t dst, uint8_t src, int16_t off)
{
	uint8_t sz = size == 1 ? BPF_B : size == 2 ? BPF_H : size == 4 ? BPF_W : BPF_DW;

	emit(x, BPF_LDX | BPF_MEM | sz, dst, src, off, 0);
}

static void emit_stx(struct xlate *x, unsigned int size, uint8_t dst, int16_t off, uint8_t src)
{
	emit(x, BPF_STX | BPF_MEM | (size == 4 ? BPF_W : BPF_DW), dst, src, off, 0);
}

/* Packet data is in network order; A and X hold host order values. */
static void emit_ntoh(struct xlate *x, uint8_t reg, unsigned int size)
{
	if (size > 1)
		emit(x, BPF_ALU | BPF_END | BPF_TO_BE, reg, 0, 0, (int32_t)size * 8);
}

static void emit_ret0(struct xlate *x)
{
	emit_mov32_imm(x, BPF_REG_0, 0);
	emit(x, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/*
 * dst = @size bytes at the offset in r2 through bpf_xdp_load_bytes(); no
 * match when it fails (past the end of the frame, or beyond 0xffff).
 */
static void emit_helper_load(struct xlate *x, uint8_t dst, unsigned int size)
{
	emit_ldx(x, 8, BPF_REG_1, BPF_REG_10, FP_CTX);
	emit_mov64_reg(x, BPF_REG_3, BPF_REG_10);
	emit_add64_imm(x, BPF_REG_3, FP_BUF);
	emit(x, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0, 0, (int32_t)size);
	emit(x, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_xdp_load_bytes);
	emit_jump(x, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 0, LABEL_RET0);
	emit_ldx(x, size, dst, BPF_REG_10, FP_BUF);
}

/*
 * CBPF_XLATE_F_KERNEL_MEM: dst = @size bytes at the offset in r2 (at most
 * 0xffff) of the buffer whose address is spilled at FP_CTX, no match past
 * the readable length. bpf_probe_read_kernel() rather than a direct load:
 * to the verifier the address is a plain number.
 */
static void emit_kernel_load(struct xlate *x, uint8_t dst, unsigned int size)
{
	emit_mov64_reg(x, BPF_REG_3, BPF_REG_2);
	emit_add64_imm(x, BPF_REG_3, (int32_t)size);
	emit_ldx(x, 4, BPF_REG_4, BPF_REG_10, FP_LEN);
	emit_jump(x, BPF_JMP | BPF_JGT | BPF_X, BPF_REG_3, BPF_REG_4, 0, LABEL_RET0);
	emit_ldx(x, 8, BPF_REG_3, BPF_REG_10, FP_CTX);
	emit(x, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
	emit_mov64_reg(x, BPF_REG_1, BPF_REG_10);
	emit_add64_imm(x, BPF_REG_1, FP_BUF);
	emit(x, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, (int32_t)size);
	emit(x, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_probe_read_kernel);
	emit_jump(x, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 0, LABEL_RET0);
	emit_ldx(x, size, dst, BPF_REG_10, FP_BUF);
	emit_ntoh(x, dst, size);
}

/* dst = [k], for k + size <= 0xffff directly when in the linear part. */
static void emit_load_abs(struct xlate *x, uint8_t dst, uint32_t k, unsigned int size)
{
	bool linear = x->flags & CBPF_XLATE_F_LINEAR;
	bool fast = classify(x, k, size) == ACC_FAST;
	size_t to_fast = 0, to_done;

	if (x->flags & CBPF_XLATE_F_KERNEL_MEM) {
		emit(x, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, (int32_t)k);
		emit_kernel_load(x, dst, size);
		return;
	}
	if (fast) {
		emit_mov64_reg(x, BPF_REG_1, R_DATA);
		emit_add64_imm(x, BPF_REG_1, (int32_t)(k + size));
		if (linear) {
			emit_jump(x, BPF_JMP | BPF_JGT | BPF_X, BPF_REG_1, R_END, 0, LABEL_RET0);
			emit_ldx(x, size, dst, BPF_REG_1, (int16_t) - (int)size);
			emit_ntoh(x, dst, size);
			return;
		}
		/* slow path first, for the verifier: see emit_load_ind() */
		to_fast = emit(x, BPF_JMP | BPF_JLE | BPF_X, BPF_REG_1, R_END, 0, 0);
	}
	emit(x, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, (int32_t)k);
	emit_helper_load(x, dst, size);
	if (fast) {
		to_done = emit(x, BPF_JMP | BPF_JA, 0, 0, 0, 0);
		land_here(x, to_fast);
		emit_ldx(x, size, dst, BPF_REG_1, (int16_t) - (int)size);
		land_here(x, to_done);
	}
	emit_ntoh(x, dst, size);
}

/*
 * A = [x + k]. r2 = k + X in 64 bits, so it cannot wrap, and clamped to
 * 0xffff - size before it touches the packet pointer: the verifier needs the
 * offset bounded. "r2 = k; r2 += X" rather than "r2 = X; r2 += k", or the
 * verifier links r2 to X and the clamp splits X's range, and with it every
 * later state, in two.
 *
 * The slow path (bpf_xdp_load_bytes) is the fall-through of the data_end
 * check: the verifier explores fall-through first, and the state it leaves
 * at "done" covers the fast path's, which is then pruned.
 */
static void emit_load_ind(struct xlate *x, uint32_t k, unsigned int size)
{
	bool linear = x->flags & CBPF_XLATE_F_LINEAR;
	int32_t max_off = (int32_t)(MAX_PKT_OFF - size);
	size_t to_slow = 0, to_fast, to_done;

	emit(x, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, (int32_t)k);
	emit(x, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_2, R_X, 0, 0);
	if (x->flags & CBPF_XLATE_F_KERNEL_MEM) {
		emit_jump(x, BPF_JMP | BPF_JGT | BPF_K, BPF_REG_2, 0, max_off, LABEL_RET0);
		emit_kernel_load(x, R_A, size);
		return;
	}
	if (linear)
		emit_jump(x, BPF_JMP | BPF_JGT | BPF_K, BPF_REG_2, 0, max_off, LABEL_RET0);
	else
		to_slow = emit(x, BPF_JMP | BPF_JGT | BPF_K, BPF_REG_2, 0, 0, max_off);
	emit_mov64_reg(x, BPF_REG_1, R_DATA);
	emit(x, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_2, 0, 0);
	emit_add64_imm(x, BPF_REG_1, (int32_t)size);
	if (linear) {
		emit_jump(x, BPF_JMP | BPF_JGT | BPF_X, BPF_REG_1, R_END, 0, LABEL_RET0);
		emit_ldx(x, size, R_A, BPF_REG_1, (int16_t) - (int)size);
		emit_ntoh(x, R_A, size);
		return;
	}
	to_fast = emit(x, BPF_JMP | BPF_JLE | BPF_X, BPF_REG_1, R_END, 0, 0);
	land_here(x, to_slow);
	/* The helper takes a u32 offset: X + k must not be cut short. */
	emit_jump(x, BPF_JMP | BPF_JGT | BPF_K, BPF_REG_2, 0, MAX_PKT_OFF, LABEL_RET0);
	emit_helper_load(x, R_A, size);
	to_done = emit(x, BPF_JMP | BPF_JA, 0, 0, 0, 0);
	land_here(x, to_fast);
	emit_ldx(x, size, R_A, BPF_REG_1, (int16_t) - (int)size);
	land_here(x, to_done);
	emit_ntoh(x, R_A, size);
}

/* Ancillary data: only ifindex and the packet type exist at XDP. */
static void emit_load_ancillary(struct xlate *x, uint32_t k)
{
	if (k - AD_OFF == SKF_AD_IFINDEX && (x->flags & CBPF_XLATE_F_KERNEL_MEM)) {
		emit_ldx(x, 4, R_A, BPF_REG_10, FP_IFINDEX);
		return;
	}
	if (k - AD_OFF == SKF_AD_IFINDEX) {
		emit_ldx(x, 8, BPF_REG_1, BPF_REG_10, FP_CTX);
		emit_ldx(x, 4, R_A, BPF_REG_1, offsetof(struct xdp_md, ingress_ifindex));
		return;
	}
	/*
	 * SKF_AD_PKTTYPE: XDP runs on received frames only, all of them
	 * PACKET_HOST as far as a filter can tell. So libpcap's "inbound"
	 * (type != PACKET_OUTGOING) matches everything, "outbound" nothing.
	 */
	emit_mov32_imm(x, R_A, 0 /* PACKET_HOST */);
}

static void emit_ld(struct xlate *x, const struct cbpf_insn *p)
{
	unsigned int size = load_size(p->code);

	switch (BPF_MODE(p->code)) {
	case BPF_ABS:
		if (insn_access(x, p) == ACC_ANCILLARY)
			emit_load_ancillary(x, p->k);
		else if (insn_access(x, p) == ACC_NEVER)
			emit_goto(x, LABEL_RET0);
		else
			emit_load_abs(x, R_A, p->k, size);
		break;
	case BPF_IND:
		if (insn_access(x, p) == ACC_NEVER)
			emit_goto(x, LABEL_RET0);
		else
			emit_load_ind(x, p->k, size);
		break;
	case BPF_LEN:
		emit_ldx(x, 4, R_A, BPF_REG_10, FP_LEN);
		break;
	case BPF_IMM:
		emit_mov32_imm(x, R_A, p->k);
		break;
	case BPF_MEM:
		emit_ldx(x, 4, R_A, BPF_REG_10, FP_MEM(p->k));
		break;
	}
}

static void emit_ldx_insn(struct xlate *x, const struct cbpf_insn *p)
{
	switch (BPF_MODE(p->code)) {
	case BPF_MSH: /* X = 4 * ([k] & 0xf), the IPv4 header length */
		if (insn_access(x, p) == ACC_NEVER) {
			emit_goto(x, LABEL_RET0);
			break;
		}
		emit_load_abs(x, R_X, p->k, 1);
		emit(x, BPF_ALU | BPF_AND | BPF_K, R_X, 0, 0, 0xf);
		emit(x, BPF_ALU | BPF_LSH | BPF_K, R_X, 0, 0, 2);
		break;
	case BPF_LEN:
		emit_ldx(x, 4, R_X, BPF_REG_10, FP_LEN);
		break;
	case BPF_IMM:
		emit_mov32_imm(x, R_X, p->k);
		break;
	case BPF_MEM:
		emit_ldx(x, 4, R_X, BPF_REG_10, FP_MEM(p->k));
		break;
	}
}

/* libpcap: a shift by X >= 32 leaves 0; eBPF would shift by X & 31. */
static void emit_shift_x(struct xlate *x, uint8_t op)
{
	size_t to_zero, to_done;

	to_zero = emit(x, BPF_JMP32 | BPF_JGT | BPF_K, R_X, 0, 0, 31);
	emit(x, BPF_ALU | op | BPF_X, R_A, R_X, 0, 0);
	to_done = emit(x, BPF_JMP | BPF_JA, 0, 0, 0, 0);
	land_here(x, to_zero);
	emit_mov32_imm(x, R_A, 0);
	land_here(x, to_done);
}

static void emit_alu(struct xlate *x, const struct cbpf_insn *p)
{
	uint8_t op = BPF_OP(p->code);

	if (op == BPF_NEG) {
		emit(x, BPF_ALU | BPF_NEG, R_A, 0, 0, 0);
		return;
	}
	if (BPF_SRC(p->code) == BPF_X) {
		if (op == BPF_DIV || op == BPF_MOD) /* libpcap: no match */
			emit_jump(x, BPF_JMP32 | BPF_JEQ | BPF_K, R_X, 0, 0, LABEL_RET0);
		if (op == BPF_LSH || op == BPF_RSH)
			emit_shift_x(x, op);
		else
			emit(x, BPF_ALU | op | BPF_X, R_A, R_X, 0, 0);
		return;
	}
	/* What libpcap's optimizer folds a constant shift >= 32 into. */
	if ((op == BPF_LSH || op == BPF_RSH) && p->k >= 32)
		emit_mov32_imm(x, R_A, 0);
	else
		emit(x, BPF_ALU | op | BPF_K, R_A, 0, 0, (int32_t)p->k);
}

/* The opposite comparison, for when jt is the fall-through; JSET has none. */
static int invert_jmp(uint8_t op)
{
	switch (op) {
	case BPF_JEQ:
		return BPF_JNE;
	case BPF_JGT:
		return BPF_JLE;
	case BPF_JGE:
		return BPF_JLT;
	default:
		return -1;
	}
}

/*
 * JMP32: A and X are u32 and k is compared as u32; a 64-bit compare would
 * sign-extend an immediate with bit 31 set.
 */
static void emit_cond(struct xlate *x, size_t i, const struct cbpf_insn *p)
{
	long t = (long)i + 1 + p->jt, f = (long)i + 1 + p->jf;
	uint8_t op = BPF_OP(p->code), src = BPF_SRC(p->code);
	uint8_t src_reg = src == BPF_X ? R_X : 0;
	int32_t imm = src == BPF_X ? 0 : (int32_t)p->k;
	size_t skip;
	int inv;

	if (t == f) {
		if (p->jt)
			emit_goto(x, t);
		return;
	}
	if (p->jt == 0) {
		inv = invert_jmp(op);
		if (inv >= 0) {
			emit_jump(x, BPF_JMP32 | inv | src, R_A, src_reg, imm, f);
			return;
		}
		/* if (A & k) fall through to t, else goto f */
		skip = emit(x, BPF_JMP32 | op | src, R_A, src_reg, 0, imm);
		emit_goto(x, f);
		land_here(x, skip);
		return;
	}
	emit_jump(x, BPF_JMP32 | op | src, R_A, src_reg, imm, t);
	if (p->jf)
		emit_goto(x, f);
}

/*
 * A backward "ja" (libpcap's protochain walking IPv6 extension headers)
 * costs one from the budget at FP_LOOP; with none left the packet does not
 * match. The budget is what lets the verifier see that the loop ends.
 *
 * Before jumping back, A and X go through a stack slot that is not 8-byte
 * aligned, which the verifier does not track as a spilled register: they
 * come back as plain unknown u32s. Otherwise each way round the loop leaves
 * them with different ranges, no state at the loop head covers another, and
 * the verifier's work doubles with every branch in the body. Nothing needs
 * their ranges: packet offsets are clamped at run time anyway.
 */
static void emit_forget(struct xlate *x, uint8_t reg)
{
	emit_stx(x, 4, BPF_REG_10, FP_BUF, reg);
	emit_ldx(x, 4, reg, BPF_REG_10, FP_BUF);
}

static void emit_ja(struct xlate *x, size_t i, const struct cbpf_insn *p)
{
	long t = ja_target(i, p->k);

	if (t == (long)i + 1)
		return;
	if (t <= (long)i) {
		emit_ldx(x, 8, BPF_REG_1, BPF_REG_10, FP_LOOP);
		emit_jump(x, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_1, 0, 0, LABEL_RET0);
		emit_add64_imm(x, BPF_REG_1, -1);
		emit_stx(x, 8, BPF_REG_10, FP_LOOP, BPF_REG_1);
		emit_forget(x, R_A);
		emit_forget(x, R_X);
	}
	emit_goto(x, t);
}

static void emit_ret(struct xlate *x, const struct cbpf_insn *p)
{
	if (BPF_RVAL(p->code) == BPF_A)
		emit(x, BPF_ALU | BPF_MOV | BPF_X, BPF_REG_0, R_A, 0, 0);
	else
		emit_mov32_imm(x, BPF_REG_0, p->k);
	emit(x, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static void emit_insn(struct xlate *x, size_t i)
{
	const struct cbpf_insn *p = &x->prog[i];

	switch (BPF_CLASS(p->code)) {
	case BPF_LD:
		emit_ld(x, p);
		break;
	case BPF_LDX:
		emit_ldx_insn(x, p);
		break;
	case BPF_ST:
		emit_stx(x, 4, BPF_REG_10, FP_MEM(p->k), R_A);
		break;
	case BPF_STX:
		emit_stx(x, 4, BPF_REG_10, FP_MEM(p->k), R_X);
		break;
	case BPF_ALU:
		emit_alu(x, p);
		break;
	case BPF_JMP:
		if (BPF_OP(p->code) == BPF_JA)
			emit_ja(x, i, p);
		else
			emit_cond(x, i, p);
		break;
	case BPF_RET:
		emit_ret(x, p);
		break;
	case BPF_MISC:
		if (BPF_MISCOP(p->code) == BPF_TAX)
			emit(x, BPF_ALU | BPF_MOV | BPF_X, R_X, R_A, 0, 0);
		else
			emit(x, BPF_ALU | BPF_MOV | BPF_X, R_A, R_X, 0, 0);
		break;
	}
}

/*
 * The wire length costs a helper call, so only filters that load "len" pay
 * for it, once, before anything else is in a register: ctx survives the
 * call in r6, which the rest of the prologue sets afresh.
 */
static void emit_wire_len(struct xlate *x)
{
	emit_mov64_reg(x, R_DATA, BPF_REG_1);
	emit(x, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_xdp_get_buff_len);
	emit_stx(x, 4, BPF_REG_10, FP_LEN, BPF_REG_0);
	emit_mov64_reg(x, BPF_REG_1, R_DATA);
}

/* A, X and every M[] slot that is read start at 0, as the verifier demands. */
static void emit_prologue(struct xlate *x)
{
	bool kernel_mem = x->flags & CBPF_XLATE_F_KERNEL_MEM;
	unsigned int i;

	if (kernel_mem) {
		/* The caller passes what an XDP ctx would give. */
		if (x->need_ctx || x->need_pkt)
			emit_stx(x, 8, BPF_REG_10, FP_CTX, BPF_REG_1);
		if (x->need_len || x->need_pkt)
			emit_stx(x, 4, BPF_REG_10, FP_LEN, BPF_REG_2);
		if (x->need_ctx)
			emit_stx(x, 4, BPF_REG_10, FP_IFINDEX, BPF_REG_3);
	} else {
		if (x->need_len)
			emit_wire_len(x);
		if (x->need_ctx)
			emit_stx(x, 8, BPF_REG_10, FP_CTX, BPF_REG_1);
	}
	if (x->has_loop) {
		emit(x, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, (int32_t)x->loop_limit);
		emit_stx(x, 8, BPF_REG_10, FP_LOOP, BPF_REG_3);
	}
	if (x->need_pkt && !kernel_mem) {
		/* 32-bit ctx loads, which the verifier turns into packet pointers */
		emit_ldx(x, 4, R_DATA, BPF_REG_1, offsetof(struct xdp_md, data));
		emit_ldx(x, 4, R_END, BPF_REG_1, offsetof(struct xdp_md, data_end));
	}
	emit_mov32_imm(x, R_A, 0);
	emit_mov32_imm(x, R_X, 0);
	for (i = 0; i < BPF_MEMWORDS; i++)
		if (x->mem_read & (1U << i))
			emit(x, BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, FP_MEM(i), 0);
}

/* Fills in every jump offset now that each cBPF instruction has an address. */
static int resolve(struct xlate *x, size_t ret0_at)
{
	const struct fixup *f;
	size_t i, to;
	long off;

	for (i = 0; i < x->nfix; i++) {
		f = &x->fix[i];
		to = f->target == LABEL_RET0 ? ret0_at : x->addr[f->target];
		off = (long)to - (long)f->at - 1;
		if (off < INT16_MIN || off > INT16_MAX)
			return fail(x, -E2BIG, f->target == LABEL_RET0 ? 0 : (size_t)f->target,
				    "jump of %ld eBPF instructions does not fit in 16 bits", off);
		x->out[f->at].off = (int16_t)off;
	}
	return 0;
}

static int translate(struct xlate *x)
{
	size_t i, ret0_at;
	int err;

	err = validate(x);
	if (err)
		return err;
	err = find_reachable(x);
	if (err)
		return err;
	err = scan(x);
	if (err)
		return err;
	emit_prologue(x);
	for (i = 0; i < x->len; i++) {
		x->addr[i] = x->n;
		if (x->reach[i])
			emit_insn(x, i);
	}
	ret0_at = x->n;
	if (x->ret0_refs)
		emit_ret0(x);
	if (x->nomem)
		return -ENOMEM;
	return resolve(x, ret0_at);
}

#define OPT(opts, field, def)                                                    \
	((opts) &&                                                               \
			 (opts)->sz >= offsetof(struct cbpf_xlate_opts, field) + \
					       sizeof((opts)->field) &&          \
			 (opts)->field ?                                         \
		 (opts)->field :                                                 \
		 (def))

int cbpf_xlate(const struct cbpf_insn *prog, size_t len, const struct cbpf_xlate_opts *opts,
	       struct bpf_insn **out, size_t *out_len, char *err, size_t err_size)
{
	struct xlate x = {
		.prog = prog,
		.len = len,
		.flags = OPT(opts, flags, 0),
		.loop_limit = OPT(opts, loop_limit, CBPF_XLATE_LOOP_LIMIT),
		.msg = err,
		.msg_size = err_size,
	};
	int ret;

	if (err_size)
		err[0] = '\0';
	/* Only the readable head is reachable through a kernel pointer. */
	if (x.flags & CBPF_XLATE_F_KERNEL_MEM)
		x.flags |= CBPF_XLATE_F_LINEAR;
	if (!prog || !out || !out_len)
		return fail(&x, -EINVAL, 0, "no program");
	x.reach = calloc(len ? len : 1, sizeof(*x.reach));
	x.addr = calloc(len ? len : 1, sizeof(*x.addr));
	if (!x.reach || !x.addr)
		ret = -ENOMEM;
	else
		ret = translate(&x);
	if (ret == -ENOMEM && err_size && !err[0])
		snprintf(err, err_size, "out of memory");
	free(x.reach);
	free(x.addr);
	free(x.fix);
	if (ret) {
		free(x.out);
		return ret;
	}
	*out = x.out;
	*out_len = x.n;
	return 0;
}
