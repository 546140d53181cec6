// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "frags_probe.h"

/* A throwaway XDP program, loaded the way c says. fd or -1 + errno. */
static int load_probe(const struct bpf_insn *insns, size_t n, const struct tail_call_compat *c)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_flags = c->frags ? BPF_F_XDP_HAS_FRAGS : 0,
		    .expected_attach_type = c->attach_type);

	return bpf_prog_load(BPF_PROG_TYPE_XDP, "xdpdump_probe", "GPL", insns, n, &opts);
}

/* r0 = XDP_PASS; exit */
static int load_pass_prog(bool frags)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const struct tail_call_compat c = { .frags = frags };

	return load_probe(insns, sizeof(insns) / sizeof(insns[0]), &c);
}

/* tail_call(ctx, map, 0); return XDP_PASS — owns map's compatibility. */
static int load_tail_caller(int map_fd, const struct tail_call_compat *c)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_LD | BPF_DW | BPF_IMM,
		  .dst_reg = BPF_REG_2,
		  .src_reg = BPF_PSEUDO_MAP_FD,
		  .imm = map_fd },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_tail_call },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return load_probe(insns, sizeof(insns) / sizeof(insns[0]), c);
}

bool frags_probe__kernel_supports(void)
{
	int fd = load_pass_prog(true);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* 0 if a caller loaded this way may tail-call prog_fd, else -errno. */
static int try_tail_call(int prog_fd, const struct tail_call_compat *c)
{
	int map_fd, caller_fd, key = 0, err = 0;

	map_fd = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "xdpdump_probe", sizeof(int),
				sizeof(int), 1, NULL);
	if (map_fd < 0)
		return -errno;
	caller_fd = load_tail_caller(map_fd, c);
	if (caller_fd < 0) {
		err = -errno;
		goto out;
	}
	if (bpf_map_update_elem(map_fd, &key, &prog_fd, 0))
		err = -errno;
	close(caller_fd);
out:
	close(map_fd);
	return err;
}

int frags_probe__tail_call_needs(int prog_fd, struct tail_call_compat *out)
{
	/* Loaders differ: libbpf loads SEC("xdp") with BPF_XDP as expected
	 * attach type, older loaders leave it 0, and recent kernels make the
	 * caller match the callee in that too. */
	static const enum bpf_attach_type types[] = { BPF_XDP, 0 };
	bool kernel_frags = frags_probe__kernel_supports();
	int err = -EINVAL;

	for (int frags = kernel_frags; frags >= 0; frags--) {
		for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			struct tail_call_compat c = { .frags = frags, .attach_type = types[t] };

			err = try_tail_call(prog_fd, &c);
			if (!err) {
				*out = c;
				return 0;
			}
		}
	}
	return err;
}
