// SPDX-License-Identifier: GPL-2.0
/* eBPF disassembly in the verifier's notation; see ebpf_dump.h. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/bpf.h>

#include "ebpf_dump.h"

#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80 /* sign-extending load, kernel 6.6 */
#endif

/* Helper names from the UAPI header this is built against. */
#define HELPER_NAME(x) [BPF_FUNC_##x] = "bpf_" #x
static const char *const helper_names[] = { __BPF_FUNC_MAPPER(HELPER_NAME) };
#undef HELPER_NAME

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=",	[BPF_SUB >> 4] = "-=",	[BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=",	[BPF_OR >> 4] = "|=",	[BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=", [BPF_MOD >> 4] = "%=",
	[BPF_XOR >> 4] = "^=",	[BPF_MOV >> 4] = "=",	[BPF_ARSH >> 4] = "s>>=",
};

static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==",	 [BPF_JGT >> 4] = ">",	  [BPF_JGE >> 4] = ">=",
	[BPF_JSET >> 4] = "&",	 [BPF_JNE >> 4] = "!=",	  [BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<",	  [BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<",	 [BPF_JSLE >> 4] = "s<=",
};

static const char *size_name(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return "u8";
	case BPF_H:
		return "u16";
	case BPF_W:
		return "u32";
	default:
		return "u64";
	}
}

/* Small values in decimal, the rest in hex: 14, 0x800, -24, 0xffffffff. */
static void fmt_imm(char *buf, size_t size, int32_t imm, bool is32)
{
	if (imm > -256 && imm < 256)
		snprintf(buf, size, "%" PRId32, imm);
	else if (is32 || imm > 0)
		snprintf(buf, size, "0x%" PRIx32, (uint32_t)imm);
	else
		snprintf(buf, size, "-0x%" PRIx32, -(uint32_t)imm);
}

/* "(r9 + 23)", "(r10 - 24)" */
static void fmt_mem(char *buf, size_t size, uint8_t reg, int16_t off)
{
	if (off < 0)
		snprintf(buf, size, "(r%u - %d)", reg, -(int)off);
	else
		snprintf(buf, size, "(r%u + %d)", reg, off);
}

static void dump_alu(char *buf, size_t size, const struct bpf_insn *in)
{
	bool is32 = BPF_CLASS(in->code) == BPF_ALU;
	char r = is32 ? 'w' : 'r', imm[24];
	uint8_t op = BPF_OP(in->code);
	const char *name = alu_ops[op >> 4];

	if (op == BPF_NEG) {
		snprintf(buf, size, "%c%u = -%c%u", r, in->dst_reg, r, in->dst_reg);
		return;
	}
	if (op == BPF_END) {
		const char *kind = BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le";

		if (!is32)
			kind = "bswap";
		snprintf(buf, size, "r%u = %s%d r%u", in->dst_reg, kind, in->imm, in->dst_reg);
		return;
	}
	if (!name) {
		snprintf(buf, size, "(bad alu op 0x%02x)", in->code);
		return;
	}
	/* off 1 on div/mod: signed; off 8/16/32 on mov: sign extension */
	if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
		name = op == BPF_DIV ? "s/=" : "s%=";
	if (BPF_SRC(in->code) == BPF_X) {
		if (op == BPF_MOV && in->off)
			snprintf(buf, size, "%c%u = (s%d)%c%u", r, in->dst_reg, in->off, r,
				 in->src_reg);
		else
			snprintf(buf, size, "%c%u %s %c%u", r, in->dst_reg, name, r, in->src_reg);
		return;
	}
	fmt_imm(imm, sizeof(imm), in->imm, is32);
	snprintf(buf, size, "%c%u %s %s", r, in->dst_reg, name, imm);
}

static void dump_call(char *buf, size_t size, const struct bpf_insn *in, size_t idx)
{
	size_t n = sizeof(helper_names) / sizeof(helper_names[0]);

	if (in->src_reg == BPF_PSEUDO_CALL)
		snprintf(buf, size, "call pc%+d <%ld>", in->imm, (long)idx + 1 + in->imm);
	else if (in->src_reg == BPF_PSEUDO_KFUNC_CALL)
		snprintf(buf, size, "call kfunc#%d", in->imm);
	else if (in->imm >= 0 && (size_t)in->imm < n && helper_names[in->imm])
		snprintf(buf, size, "call %s#%d", helper_names[in->imm], in->imm);
	else
		snprintf(buf, size, "call #%d", in->imm);
}

static void dump_jmp(char *buf, size_t size, const struct bpf_insn *in, size_t idx)
{
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	char r = is32 ? 'w' : 'r', rhs[24];
	uint8_t op = BPF_OP(in->code);
	int32_t off = in->off;

	if (op == BPF_CALL) {
		dump_call(buf, size, in, idx);
		return;
	}
	if (op == BPF_EXIT) {
		snprintf(buf, size, "exit");
		return;
	}
	if (op == BPF_JA) {
		if (is32) /* gotol: the offset is in imm */
			off = in->imm;
		snprintf(buf, size, "goto %+d <%ld>", off, (long)idx + 1 + off);
		return;
	}
	if (!jmp_ops[op >> 4]) {
		snprintf(buf, size, "(bad jump op 0x%02x)", in->code);
		return;
	}
	if (BPF_SRC(in->code) == BPF_X)
		snprintf(rhs, sizeof(rhs), "%c%u", r, in->src_reg);
	else
		fmt_imm(rhs, sizeof(rhs), in->imm, is32);
	snprintf(buf, size, "if %c%u %s %s goto %+d <%ld>", r, in->dst_reg, jmp_ops[op >> 4], rhs,
		 off, (long)idx + 1 + off);
}

static void dump_ldx(char *buf, size_t size, const struct bpf_insn *in)
{
	const char *sz = size_name(in->code);
	char mem[32];

	fmt_mem(mem, sizeof(mem), in->src_reg, in->off);
	if (BPF_MODE(in->code) == BPF_MEMSX)
		snprintf(buf, size, "r%u = *(s%s *)%s", in->dst_reg, sz + 1, mem);
	else if (BPF_MODE(in->code) == BPF_MEM)
		snprintf(buf, size, "r%u = *(%s *)%s", in->dst_reg, sz, mem);
	else
		snprintf(buf, size, "(bad load 0x%02x)", in->code);
}

static void dump_st(char *buf, size_t size, const struct bpf_insn *in)
{
	const char *sz = size_name(in->code);
	char mem[32], imm[24];

	fmt_mem(mem, sizeof(mem), in->dst_reg, in->off);
	if (BPF_CLASS(in->code) == BPF_ST && BPF_MODE(in->code) == BPF_MEM) {
		fmt_imm(imm, sizeof(imm), in->imm, BPF_SIZE(in->code) != BPF_DW);
		snprintf(buf, size, "*(%s *)%s = %s", sz, mem, imm);
	} else if (BPF_MODE(in->code) == BPF_MEM) {
		snprintf(buf, size, "*(%s *)%s = r%u", sz, mem, in->src_reg);
	} else if (BPF_MODE(in->code) == BPF_ATOMIC) {
		snprintf(buf, size, "lock *(%s *)%s atomic(0x%x) r%u", sz, mem, (unsigned)in->imm,
			 in->src_reg);
	} else {
		snprintf(buf, size, "(bad store 0x%02x)", in->code);
	}
}

/* BPF_LD: the 16-byte immediate, or the old skb loads. */
static size_t dump_ld(char *buf, size_t size, const struct bpf_insn *in, size_t left)
{
	uint64_t v;

	if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		if (left < 2) {
			snprintf(buf, size, "(truncated 16-byte load)");
			return 1;
		}
		v = (uint64_t)(uint32_t)in[1].imm << 32 | (uint32_t)in->imm;
		if (in->src_reg == BPF_PSEUDO_MAP_FD)
			snprintf(buf, size, "r%u = map[fd:%d] ll", in->dst_reg, in->imm);
		else if (in->src_reg == BPF_PSEUDO_MAP_VALUE)
			snprintf(buf, size, "r%u = map[fd:%d][0]+%d ll", in->dst_reg, in->imm,
				 in[1].imm);
		else
			snprintf(buf, size, "r%u = 0x%" PRIx64 " ll", in->dst_reg, v);
		return 2;
	}
	if (BPF_MODE(in->code) == BPF_ABS)
		snprintf(buf, size, "r0 = *(%s *)skb[%d]", size_name(in->code), in->imm);
	else if (BPF_MODE(in->code) == BPF_IND)
		snprintf(buf, size, "r0 = *(%s *)skb[r%u + %d]", size_name(in->code), in->src_reg,
			 in->imm);
	else
		snprintf(buf, size, "(bad load 0x%02x)", in->code);
	return 1;
}

size_t ebpf_dump_insn(char *buf, size_t size, const struct bpf_insn *insn, size_t left,
		      size_t idx)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		dump_alu(buf, size, insn);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		dump_jmp(buf, size, insn, idx);
		break;
	case BPF_LDX:
		dump_ldx(buf, size, insn);
		break;
	case BPF_ST:
	case BPF_STX:
		dump_st(buf, size, insn);
		break;
	case BPF_LD:
		return dump_ld(buf, size, insn, left);
	}
	return 1;
}

void ebpf_dump(FILE *out, const struct bpf_insn *insns, size_t n)
{
	char line[128];
	size_t i = 0;

	while (i < n) {
		size_t used = ebpf_dump_insn(line, sizeof(line), &insns[i], n - i, i);

		fprintf(out, "%4zu: %s\n", i, line);
		i += used;
	}
}
