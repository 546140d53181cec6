// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest fentry program, for tests/lib.sh's probe_fentry: if the
 * kernel refuses to load it (EPERM where function tracing is closed), the
 * tests that need fentry/fexit are skipped with that reason.
 * bpf_fentry_test1 exists in every kernel with BPF_PROG_TEST_RUN.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("fentry/bpf_fentry_test1")
int probe_fentry(void *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
