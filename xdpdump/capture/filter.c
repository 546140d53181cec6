// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "ebpf_dump.h"
#include "filter.h"
#include "log.h"
#include "offline/pcap_front.h"
#include "xdpdump_shared.h"

static const struct capture_filter *active_filter;

int capture_filter__build(struct capture_filter *f, const char *expr, uint32_t snaplen,
			  uint32_t netmask)
{
	char err[512] = "";
	int ret;

	memset(f, 0, sizeof(*f));
	f->expression = strdup(expr);
	if (!f->expression)
		return -ENOMEM;
	ret = pcap_front__compile(expr, snaplen, netmask, &f->cbpf, &f->cbpf_len, err,
				  sizeof(err));
	if (ret) {
		pr_err("filter '%s': %s\n", expr, err);
		return ret;
	}
	ret = cbpf_xlate(f->cbpf, f->cbpf_len, NULL, &f->ebpf, &f->ebpf_len, err, sizeof(err));
	if (ret) {
		pr_err("filter '%s' cannot run at XDP: %s\n", expr, err);
		return ret;
	}
	/* Cheap, and which attach path runs is only known per interface. */
	struct cbpf_xlate_opts trace = { .sz = sizeof(trace), .flags = CBPF_XLATE_F_KERNEL_MEM };
	ret = cbpf_xlate(f->cbpf, f->cbpf_len, &trace, &f->ebpf_trace, &f->ebpf_trace_len, err,
			 sizeof(err));
	if (ret)
		pr_err("filter '%s' cannot run in fentry/fexit: %s\n", expr, err);
	return ret;
}

void capture_filter__dump(const struct capture_filter *f, FILE *out)
{
	fprintf(out, "; cBPF from libpcap for '%s' (%zu instructions)\n", f->expression,
		f->cbpf_len);
	pcap_front__dump(out, f->cbpf, f->cbpf_len);
	fprintf(out, "; eBPF in the capture program (%zu instructions)\n", f->ebpf_len);
	ebpf_dump(out, f->ebpf, f->ebpf_len);
}

void capture_filter__free(struct capture_filter *f)
{
	free(f->expression);
	free(f->cbpf);
	free(f->ebpf);
	free(f->ebpf_trace);
	memset(f, 0, sizeof(*f));
}

/* The stub's instructions: r0 = 0xffffffff (ld_imm64, two slots); exit. */
static bool is_filter_stub(const struct bpf_insn *insns, size_t n)
{
	return n == 3 && insns[0].code == (BPF_LD | BPF_DW | BPF_IMM) &&
	       insns[0].dst_reg == BPF_REG_0 && insns[0].imm == -1 &&
	       insns[2].code == (BPF_JMP | BPF_EXIT);
}

/*
 * Runs after libbpf has relocated the program (subprograms appended, maps
 * resolved) and right before BPF_PROG_LOAD. The stub is the only
 * subprogram, so it is last and the second func_info record marks its
 * start; everything from there is replaced by the translated filter. The
 * func_info records stay valid (same start); line info described the
 * replaced instructions, so it goes.
 */
static int inject_filter(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	const struct bpf_insn *insns = bpf_program__insns(prog);
	size_t total = bpf_program__insn_cnt(prog), start, n;
	bool tracing = bpf_program__type(prog) == BPF_PROG_TYPE_TRACING;
	const struct bpf_insn *filter;
	const struct bpf_func_info *second;
	struct bpf_insn *merged;
	size_t filter_len;
	int err;

	(void)cookie;
	if (!active_filter || !active_filter->ebpf)
		return 0;
	filter = tracing ? active_filter->ebpf_trace : active_filter->ebpf;
	filter_len = tracing ? active_filter->ebpf_trace_len : active_filter->ebpf_len;
	if (opts->func_info_cnt != 2 || opts->func_info_rec_size < sizeof(*second)) {
		pr_err("capture program: expected one filter subprogram, found %u functions\n",
		       opts->func_info_cnt);
		return -EINVAL;
	}
	second = (const void *)((const char *)opts->func_info + opts->func_info_rec_size);
	start = second->insn_off;
	if (start >= total || !is_filter_stub(insns + start, total - start)) {
		pr_err("capture program: the filter stub is not where it should be\n");
		return -EINVAL;
	}
	n = start + filter_len;
	merged = malloc(n * sizeof(*merged));
	if (!merged)
		return -ENOMEM;
	memcpy(merged, insns, start * sizeof(*merged));
	memcpy(merged + start, filter, filter_len * sizeof(*merged));
	err = bpf_program__set_insns(prog, merged, n);
	free(merged);
	opts->line_info = NULL;
	opts->line_info_cnt = 0;
	return err;
}

/* Where the inline filter keeps ctx, below the translator's own stack. */
#define INLINE_CTX_SLOT (-(CBPF_XLATE_STACK + 8))

/*
 * The entry program takes the verdict from r0 before it writes r0 or
 * branches (bpf/capture.bpf.c, inline_filter_verdict()): anything else
 * means the compiler moved things and the prefix would be misread.
 */
static bool reads_verdict_first(const struct bpf_insn *insns, size_t n)
{
	for (size_t i = 0; i < n && i < 4; i++) {
		const struct bpf_insn *in = &insns[i];
		bool mov_reg = in->code == (BPF_ALU64 | BPF_MOV | BPF_X) ||
			       in->code == (BPF_ALU | BPF_MOV | BPF_X);

		if (mov_reg && in->src_reg == BPF_REG_0)
			return in->dst_reg != BPF_REG_0;
		if (!mov_reg || in->dst_reg == BPF_REG_0)
			return false;
	}
	return false;
}

/*
 * The filter as a block in front of the entry program: ctx saved, the
 * translated function with each exit turned into a jump past its end (its
 * verdict is in r0 there), ctx back in r1. Without an expression, just
 * r0 = 0xffffffff, "keep everything".
 */
static struct bpf_insn *inline_prefix(const struct capture_filter *f, size_t *len)
{
	size_t n = f && f->ebpf ? f->ebpf_len + 2 : 1;
	struct bpf_insn *p = calloc(n, sizeof(*p));

	if (!p)
		return NULL;
	*len = n;
	if (n == 1) {
		p[0] = (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_K, .imm = -1 };
		return p;
	}
	p[0] = (struct bpf_insn){ .code = BPF_STX | BPF_MEM | BPF_DW,
				  .dst_reg = BPF_REG_10,
				  .src_reg = BPF_REG_1,
				  .off = INLINE_CTX_SLOT };
	memcpy(p + 1, f->ebpf, f->ebpf_len * sizeof(*p));
	for (size_t i = 1; i < n - 1; i++)
		if (p[i].code == (BPF_JMP | BPF_EXIT))
			p[i] = (struct bpf_insn){ .code = BPF_JMP | BPF_JA,
						  .off = (int16_t)(n - 2 - i) };
	p[n - 1] = (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_DW,
				      .dst_reg = BPF_REG_1,
				      .src_reg = BPF_REG_10,
				      .off = INLINE_CTX_SLOT };
	return p;
}

/*
 * The entry program's handler: the filter goes in front of its first
 * instruction (see inline_prefix()). Its instructions and jumps are all
 * relative, so they stay valid one block further on; it has no
 * subprogram, so the only func_info record still starts at 0.
 */
static int inline_filter(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	const struct bpf_insn *insns = bpf_program__insns(prog);
	size_t total = bpf_program__insn_cnt(prog), n;
	struct bpf_insn *prefix, *merged;
	int err;

	(void)cookie;
	if (opts->func_info_cnt > 1 || !reads_verdict_first(insns, total)) {
		pr_err("capture program: its entry is not laid out for an inline filter\n");
		return -EINVAL;
	}
	if (active_filter && active_filter->ebpf_len > (size_t)INT16_MAX) {
		pr_err("filter '%s': too long to inline\n", active_filter->expression);
		return -E2BIG;
	}
	prefix = inline_prefix(active_filter, &n);
	merged = prefix ? malloc((n + total) * sizeof(*merged)) : NULL;
	if (!merged) {
		free(prefix);
		return -ENOMEM;
	}
	memcpy(merged, prefix, n * sizeof(*merged));
	memcpy(merged + n, insns, total * sizeof(*merged));
	err = bpf_program__set_insns(prog, merged, n + total);
	free(prefix);
	free(merged);
	opts->line_info = NULL;
	opts->line_info_cnt = 0;
	return err;
}

int capture_filter__register(const struct capture_filter *f)
{
	/* The entry program runs the filter inline; the others call their
	 * own copy of the stub (the tracing programs a translation for
	 * kernel memory, see inject_filter()). */
	static const struct {
		const char *section;
		enum bpf_prog_type type;
		enum bpf_attach_type attach;
		libbpf_prog_prepare_load_fn_t prepare;
	} sections[] = {
		{ XDPDUMP_PROG_SECTION, BPF_PROG_TYPE_XDP, BPF_XDP, inline_filter },
		{ XDPDUMP_EXIT_SECTION, BPF_PROG_TYPE_XDP, BPF_XDP, inject_filter },
		{ XDPDUMP_FENTRY_SECTION, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY,
		  inject_filter },
		{ XDPDUMP_FEXIT_SECTION, BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, inject_filter },
	};
	static bool registered;

	active_filter = f;
	if (registered)
		return 0;
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		LIBBPF_OPTS(libbpf_prog_handler_opts, opts,
			    .prog_prepare_load_fn = sections[i].prepare);
		int handler = libbpf_register_prog_handler(sections[i].section, sections[i].type,
							   sections[i].attach, &opts);

		if (handler < 0)
			return handler;
	}
	registered = true;
	return 0;
}

void capture_filter__report_load_failure(const char *where, int err)
{
	if (active_filter && active_filter->expression)
		pr_err("%s: the kernel refused the capture program with filter '%s': %s%s\n",
		       where, active_filter->expression, strerror(-err),
		       log_get_level() < LOG_DEBUG ? " (-v shows the verifier's log)" : "");
	else
		pr_err("%s: the kernel refused the capture program: %s\n", where, strerror(-err));
}

uint32_t filter_netmask_of(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	uint32_t mask = FILTER_NETMASK_UNKNOWN;

	if (fd < 0)
		return mask;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (!ioctl(fd, SIOCGIFNETMASK, &ifr))
		mask = ntohl(((struct sockaddr_in *)&ifr.ifr_netmask)->sin_addr.s_addr);
	close(fd);
	return mask;
}
