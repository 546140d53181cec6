// SPDX-License-Identifier: GPL-2.0
/*
 * The invariants listed in cbpf_check.h. The loop pattern and the budget
 * slot follow lib/cbpf_xlate.c's stack map and emit_ja(): a change there
 * shows up here as a fuzzer crash on the first program with a loop, which
 * is the point.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/bpf.h>

#include "cbpf_check.h"
#include "cbpf_xlate.h"

/* The translator's FP_LOOP: the u64 budget of backward jumps. */
#define LOOP_SLOT (-16)
/* Instructions of emit_ja() before the jump: ldx, test, decrement, store,
 * and the two-instruction spill and fill of A and of X. */
#define LOOP_TAIL 8
/* Largest buffer a helper gets a stack pointer to (bpf_xdp_load_bytes). */
#define HELPER_BUF 4

struct checker {
	const struct bpf_insn *in;
	size_t n;
	uint32_t flags, loop_limit;
	uint8_t *target; /* per instruction: some jump lands here */
	bool seen_jump, budget_set;
	char *why;
	size_t why_size;
};

__attribute__((format(printf, 3, 4))) static int bad(struct checker *c, size_t i, const char *fmt,
						     ...)
{
	va_list ap;
	int n;

	n = snprintf(c->why, c->why_size, "insn %zu (code 0x%02x): ", i, c->in[i].code);
	if (n >= 0 && (size_t)n < c->why_size) {
		va_start(ap, fmt);
		vsnprintf(c->why + n, c->why_size - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int mem_size(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

static bool is_jump(uint8_t code)
{
	uint8_t cls = BPF_CLASS(code), op = BPF_OP(code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT;
}

static bool alu_op_known(uint8_t op)
{
	switch (op) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_MUL:
	case BPF_DIV:
	case BPF_MOD:
	case BPF_OR:
	case BPF_AND:
	case BPF_LSH:
	case BPF_RSH:
	case BPF_NEG:
	case BPF_XOR:
	case BPF_MOV:
	case BPF_END:
		return true;
	}
	return false;
}

static bool jmp_op_known(uint8_t cls, uint8_t op)
{
	switch (op) {
	case BPF_JEQ:
	case BPF_JNE:
	case BPF_JGT:
	case BPF_JGE:
	case BPF_JLT:
	case BPF_JLE:
	case BPF_JSET:
		return true;
	case BPF_JA:
	case BPF_CALL:
	case BPF_EXIT:
		return cls == BPF_JMP;
	}
	return false;
}

/* What the verifier would refuse in an ALU instruction on its own. */
static int check_alu(struct checker *c, size_t i)
{
	const struct bpf_insn *p = &c->in[i];
	uint8_t op = BPF_OP(p->code);
	int bits = BPF_CLASS(p->code) == BPF_ALU64 ? 64 : 32;

	if (!alu_op_known(op))
		return bad(c, i, "ALU operation the translator never emits");
	if (p->dst_reg == BPF_REG_10)
		return bad(c, i, "writes r10");
	if (BPF_SRC(p->code) == BPF_X || op == BPF_NEG || op == BPF_END)
		return 0;
	if ((op == BPF_DIV || op == BPF_MOD) && p->imm == 0)
		return bad(c, i, "division by constant 0");
	if ((op == BPF_LSH || op == BPF_RSH) && (p->imm < 0 || p->imm >= bits))
		return bad(c, i, "shift by %d in %d bits", p->imm, bits);
	return 0;
}

/* off..off+size within the CBPF_XLATE_STACK bytes below r10. */
static bool in_stack(int off, int size)
{
	return off >= -CBPF_XLATE_STACK && off + size <= 0;
}

static bool overlaps_budget(int off, int size)
{
	return off < LOOP_SLOT + 8 && off + size > LOOP_SLOT;
}

/* The prologue's "r3 = loop limit; *(u64 *)(r10 - 16) = r3", before any jump. */
static bool is_budget_init(struct checker *c, size_t i)
{
	const struct bpf_insn *p = &c->in[i];

	return !c->seen_jump && i > 0 && p->code == (BPF_STX | BPF_MEM | BPF_DW) &&
	       p->src_reg == BPF_REG_3 && p->off == LOOP_SLOT &&
	       c->in[i - 1].code == (BPF_ALU64 | BPF_MOV | BPF_K) &&
	       c->in[i - 1].dst_reg == BPF_REG_3 && (uint32_t)c->in[i - 1].imm == c->loop_limit;
}

/* emit_ja(): "r1 = budget; if r1 == 0 goto no-match; r1 += -1; budget = r1". */
static bool is_budget_decrement(const struct checker *c, size_t i)
{
	const struct bpf_insn *p = c->in + i;

	return i >= 3 && p->code == (BPF_STX | BPF_MEM | BPF_DW) && p->src_reg == BPF_REG_1 &&
	       p->off == LOOP_SLOT && p[-1].code == (BPF_ALU64 | BPF_ADD | BPF_K) &&
	       p[-1].dst_reg == BPF_REG_1 && p[-1].imm == -1 &&
	       p[-2].code == (BPF_JMP | BPF_JEQ | BPF_K) && p[-2].dst_reg == BPF_REG_1 &&
	       p[-2].imm == 0 && p[-2].off >= 0 && p[-3].code == (BPF_LDX | BPF_MEM | BPF_DW) &&
	       p[-3].dst_reg == BPF_REG_1 && p[-3].src_reg == BPF_REG_10 &&
	       p[-3].off == LOOP_SLOT;
}

static int check_stack_store(struct checker *c, size_t i)
{
	const struct bpf_insn *p = &c->in[i];
	int size = mem_size(p->code);

	if (!in_stack(p->off, size))
		return bad(c, i, "stack store at r10%+d, %d bytes", p->off, size);
	if (!overlaps_budget(p->off, size))
		return 0;
	if (is_budget_init(c, i)) {
		c->budget_set = true;
		return 0;
	}
	if (is_budget_decrement(c, i))
		return 0;
	return bad(c, i, "store to the loop budget outside the prologue and the loop");
}

static int check_mem(struct checker *c, size_t i)
{
	const struct bpf_insn *p = &c->in[i];
	uint8_t cls = BPF_CLASS(p->code);

	if (BPF_MODE(p->code) != BPF_MEM)
		return bad(c, i, "memory mode 0x%02x", BPF_MODE(p->code));
	if (cls == BPF_LDX) {
		if (p->dst_reg == BPF_REG_10)
			return bad(c, i, "loads into r10");
		if (p->src_reg == BPF_REG_10 && !in_stack(p->off, mem_size(p->code)))
			return bad(c, i, "stack load at r10%+d", p->off);
		return 0;
	}
	if (p->dst_reg == BPF_REG_10)
		return check_stack_store(c, i);
	return 0;
}

/* "rN = r10" only to point a helper at its buffer: the very next
 * instruction moves it into the stack, with room for the buffer. */
static int check_stack_pointer(struct checker *c, size_t i)
{
	const struct bpf_insn *p = &c->in[i];

	if (i + 1 >= c->n || p[1].code != (BPF_ALU64 | BPF_ADD | BPF_K) ||
	    p[1].dst_reg != p->dst_reg || !in_stack(p[1].imm, HELPER_BUF))
		return bad(c, i, "stack pointer not moved to a %d-byte buffer in the stack",
			   HELPER_BUF);
	return 0;
}

static int check_call(struct checker *c, size_t i)
{
	const struct bpf_insn *p = &c->in[i];
	bool kernel_mem = c->flags & CBPF_XLATE_F_KERNEL_MEM;
	bool linear = c->flags & (CBPF_XLATE_F_LINEAR | CBPF_XLATE_F_KERNEL_MEM);

	if (p->src_reg || p->dst_reg || p->off)
		return bad(c, i, "not a plain helper call");
	switch (p->imm) {
	case BPF_FUNC_probe_read_kernel:
		return kernel_mem ? 0 : bad(c, i, "bpf_probe_read_kernel outside kernel mode");
	case BPF_FUNC_xdp_get_buff_len:
		return kernel_mem ? bad(c, i, "bpf_xdp_get_buff_len in kernel mode") : 0;
	case BPF_FUNC_xdp_load_bytes:
		return linear ? bad(c, i, "bpf_xdp_load_bytes in a linear mode") : 0;
	}
	return bad(c, i, "call of helper %d", p->imm);
}

/* The bounded loop: nothing jumps into emit_ja()'s tail, which starts
 * with the budget decrement, and the prologue set the budget. */
static int check_backward(struct checker *c, size_t i)
{
	size_t j;

	if (c->in[i].code != (BPF_JMP | BPF_JA))
		return bad(c, i, "conditional backward jump");
	if (!c->budget_set)
		return bad(c, i, "backward jump without a loop budget in the prologue");
	if (i < LOOP_TAIL || !is_budget_decrement(c, i - LOOP_TAIL + 3))
		return bad(c, i, "backward jump without a budget decrement before it");
	for (j = i - LOOP_TAIL + 1; j <= i; j++)
		if (c->target[j])
			return bad(c, i, "a jump lands in the loop's decrement, at %zu", j);
	return 0;
}

static int check_jump(struct checker *c, size_t i)
{
	const struct bpf_insn *p = &c->in[i];
	long to = (long)i + 1 + p->off;

	if (BPF_SRC(p->code) == BPF_X && p->src_reg == BPF_REG_10)
		return bad(c, i, "compares r10");
	c->seen_jump = true;
	if (to < 0 || (size_t)to >= c->n)
		return bad(c, i, "jump to %ld, outside 0..%zu", to, c->n - 1);
	return p->off < 0 ? check_backward(c, i) : 0;
}

static int check_insn(struct checker *c, size_t i)
{
	const struct bpf_insn *p = &c->in[i];
	uint8_t cls = BPF_CLASS(p->code);

	if (p->dst_reg > BPF_REG_10 || p->src_reg > BPF_REG_10)
		return bad(c, i, "register r%u/r%u", p->dst_reg, p->src_reg);
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (p->code == (BPF_ALU64 | BPF_MOV | BPF_X) && p->src_reg == BPF_REG_10)
			return check_stack_pointer(c, i);
		return check_alu(c, i);
	case BPF_LDX:
	case BPF_STX:
	case BPF_ST:
		return check_mem(c, i);
	case BPF_JMP:
	case BPF_JMP32:
		if (!jmp_op_known(cls, BPF_OP(p->code)))
			return bad(c, i, "jump operation the translator never emits");
		if (BPF_OP(p->code) == BPF_CALL)
			return check_call(c, i);
		if (BPF_OP(p->code) == BPF_EXIT)
			return p->dst_reg || p->src_reg || p->off || p->imm ?
				       bad(c, i, "exit with reserved fields set") :
				       0;
		return check_jump(c, i);
	}
	return bad(c, i, "instruction class the translator never emits");
}

/* First pass: where jumps land, for check_backward(); bounds come later. */
static void mark_targets(struct checker *c)
{
	long to;

	for (size_t i = 0; i < c->n; i++) {
		if (!is_jump(c->in[i].code))
			continue;
		to = (long)i + 1 + c->in[i].off;
		if (to >= 0 && (size_t)to < c->n)
			c->target[to] = 1;
	}
}

int cbpf_check(const struct bpf_insn *insns, size_t n, uint32_t flags, uint32_t loop_limit,
	       char *why, size_t why_size)
{
	struct checker c = {
		.in = insns, .n = n, .flags = flags, .why = why, .why_size = why_size
	};
	int err = 0;

	c.loop_limit = loop_limit ? loop_limit : CBPF_XLATE_LOOP_LIMIT;
	if (!n) {
		snprintf(why, why_size, "no instructions");
		return -EINVAL;
	}
	c.target = calloc(n, 1);
	if (!c.target)
		return -ENOMEM;
	mark_targets(&c);
	for (size_t i = 0; i < n && !err; i++)
		err = check_insn(&c, i);
	if (!err && insns[n - 1].code != (BPF_JMP | BPF_EXIT))
		err = bad(&c, n - 1, "the last instruction is not an exit");
	free(c.target);
	return err;
}
