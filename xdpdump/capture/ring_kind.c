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

static bool kernel_has_dynptr_copy(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	bool has = kernel_has_kfunc(vmlinux, "bpf_dynptr_from_xdp") &&
		   kernel_has_kfunc(vmlinux, "bpf_dynptr_copy");

	btf__free(vmlinux);
	return has;
}

int ring_kind__parse_copy(const char *text, int *copy)
{
	if (!strcmp(text, "auto"))
		*copy = RECORD_COPY_AUTO;
	else if (!strcmp(text, "dynptr"))
		*copy = RECORD_COPY_DYNPTR;
	else if (!strcmp(text, "classes"))
		*copy = RECORD_COPY_CLASSES;
	else {
		pr_err("invalid --record-copy '%s': expected auto, dynptr or classes\n", text);
		return -EINVAL;
	}
	return 0;
}

int ring_kind__resolve_copy(int requested)
{
	bool has;

	/* The probe parses the kernel's BTF (~7 ms; seconds under memcheck):
	 * only when the answer matters. */
	if (requested == RECORD_COPY_CLASSES)
		return requested;
	has = kernel_has_dynptr_copy();

	if (requested == RECORD_COPY_AUTO)
		return has ? RECORD_COPY_DYNPTR : RECORD_COPY_CLASSES;
	if (requested == RECORD_COPY_DYNPTR && !has) {
		pr_err("--record-copy dynptr: this kernel has no bpf_dynptr_from_xdp and bpf_dynptr_copy (6.15 or later); use --record-copy classes\n");
		return -EOPNOTSUPP;
	}
	return requested;
}

const char *ring_kind__copy_name(int copy)
{
	return copy == RECORD_COPY_DYNPTR  ? "dynptr" :
	       copy == RECORD_COPY_CLASSES ? "classes" :
					     "auto";
}

void ring_kind__print_version(void)
{
	if (!kernel_has_ringbuf()) {
		printf("record path: perf event array per CPU (this kernel has no BPF ring buffer)\n");
		return;
	}
	printf("record path: BPF ring buffer shared by the CPUs (--ring auto); "
	       "records are finished pcapng blocks\n");
	if (kernel_has_dynptr_copy())
		printf("record copy: dynptr (bpf_ringbuf_reserve_dynptr + bpf_dynptr_copy from "
		       "bpf_dynptr_from_xdp) for packets of 256 bytes and more, size classes "
		       "below\n");
	else
		printf("record copy: size classes (bpf_ringbuf_reserve + bpf_xdp_load_bytes); "
		       "this kernel has no bpf_dynptr_copy\n");
}
