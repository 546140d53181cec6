// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "log.h"
#include "ring_kind.h"

int ring_kind__parse(const char *text, int *kind)
{
	if (!strcmp(text, "perf"))
		*kind = XDPDUMP_RING_PERF;
	else if (!strcmp(text, "ringbuf"))
		*kind = XDPDUMP_RING_RINGBUF;
	else if (!strcmp(text, "auto"))
		*kind = XDPDUMP_RING_AUTO;
	else {
		pr_err("invalid --ring '%s': expected perf, ringbuf or auto\n", text);
		return -EINVAL;
	}
	return 0;
}

static bool kernel_has_ringbuf(void)
{
	return libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) == 1;
}

int ring_kind__resolve(int requested)
{
	bool has = kernel_has_ringbuf();

	if (requested == XDPDUMP_RING_AUTO)
		return has ? XDPDUMP_RING_RINGBUF : XDPDUMP_RING_PERF;
	if (requested == XDPDUMP_RING_RINGBUF && !has) {
		pr_err("--ring ringbuf: this kernel has no BPF ring buffers (5.8 or later); use --ring perf\n");
		return -EOPNOTSUPP;
	}
	return requested;
}

const char *ring_kind__name(int kind)
{
	return kind == XDPDUMP_RING_RINGBUF ? "ringbuf" :
	       kind == XDPDUMP_RING_PERF    ? "perf" :
					      "auto";
}

/* Whether the running kernel's BTF names this kfunc. */
static bool kernel_has_kfunc(struct btf *vmlinux, const char *name)
{
	return vmlinux && btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) > 0;
}

void ring_kind__print_version(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	bool dynptr = kernel_has_kfunc(vmlinux, "bpf_dynptr_from_xdp") &&
		      kernel_has_kfunc(vmlinux, "bpf_dynptr_copy");

	if (!kernel_has_ringbuf()) {
		printf("record path: perf event array per CPU (this kernel has no BPF ring buffer)\n");
	} else {
		printf("record path: BPF ring buffer shared by the CPUs (--ring auto), "
		       "size-class records (bpf_ringbuf_reserve + bpf_xdp_load_bytes)\n");
		printf("kernel dynptr kfuncs (bpf_dynptr_from_xdp, bpf_dynptr_copy): %s; "
		       "this build does not use them yet\n",
		       dynptr ? "present" : "absent");
	}
	btf__free(vmlinux);
}
