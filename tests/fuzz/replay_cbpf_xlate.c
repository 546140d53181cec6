// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's verdict on the translator's output for a stored corpus:
 * every program of tests/fuzz/corpus/cbpf_xlate/ (or of the corpus a
 * `make fuzz` run grew) is translated in each of the three modes; every
 * translation must pass cbpf_check() and then BPF_PROG_LOAD, as the
 * subprogram of a small XDP program:
 *
 *     packet modes     call filter; exit        (frags flag for the default
 *                                                mode, none for LINEAR)
 *     KERNEL_MEM       r1 = 0; r2 = 64; r3 = 1; call filter; exit
 *
 * (tracing programs cannot be loaded here, and the filter never touches
 * its context in that mode, so an XDP program stands in for the caller:
 * the verifier checks the filter the same way). A refused translation is
 * fine; a translation the verifier refuses is a translator bug, printed
 * with the verifier's last words.
 *
 *   replay_cbpf_xlate DIR|FILE...      exit 0 all loaded, 1 not, 77 no BPF
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "cbpf_check.h"
#include "cbpf_input.h"
#include "cbpf_xlate.h"
#include "corpus_files.h"

#define LOG_SIZE (1 << 22)

struct mode {
	const char *name;
	uint32_t flags;
	uint32_t prog_flags;
	struct bpf_insn wrapper[5];
	size_t wrapper_len;
};

#define CALL_NEXT_BUT(n)                                                           \
	{                                                                          \
		.code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL, .imm = (n) \
	}
#define MOV64(r, v)                                                             \
	{                                                                       \
		.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = (r), .imm = (v) \
	}
#define EXIT                               \
	{                                  \
		.code = BPF_JMP | BPF_EXIT \
	}

static const struct mode modes[] = {
	{ "frags", 0, BPF_F_XDP_HAS_FRAGS, { CALL_NEXT_BUT(1), EXIT }, 2 },
	{ "linear", CBPF_XLATE_F_LINEAR, 0, { CALL_NEXT_BUT(1), EXIT }, 2 },
	{ "kernel_mem",
	  CBPF_XLATE_F_KERNEL_MEM,
	  0,
	  { MOV64(BPF_REG_1, 0), MOV64(BPF_REG_2, 64), MOV64(BPF_REG_3, 1), CALL_NEXT_BUT(1),
	    EXIT },
	  5 },
};

struct totals {
	unsigned long programs, loaded, refused, failed;
	char *log;
};

/* The verifier's last line before its summary, for the failure report. */
static const char *last_words(char *log)
{
	char *end = log + strlen(log), *line;

	while (end > log && end[-1] == '\n')
		*--end = '\0';
	line = strrchr(log, '\n');
	return line ? line + 1 : log;
}

static int load(const struct mode *m, const struct bpf_insn *sub, size_t n, char *log)
{
	LIBBPF_OPTS(bpf_prog_load_opts, lo, .prog_flags = m->prog_flags);
	struct bpf_insn *all = malloc((m->wrapper_len + n) * sizeof(*all));
	int fd;

	if (!all)
		return -ENOMEM;
	memcpy(all, m->wrapper, m->wrapper_len * sizeof(*all));
	memcpy(all + m->wrapper_len, sub, n * sizeof(*sub));
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "fuzz_replay", "GPL", all, m->wrapper_len + n, &lo);
	if (fd < 0) {
		/* Again with the log, only now: logging slows the verifier. */
		lo.log_buf = log;
		lo.log_size = LOG_SIZE;
		lo.log_level = 1;
		log[0] = '\0';
		bpf_prog_load(BPF_PROG_TYPE_XDP, "fuzz_replay", "GPL", all, m->wrapper_len + n,
			      &lo);
	}
	free(all);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static void one_mode(const char *path, const struct cbpf_input *in, const struct mode *m,
		     struct totals *t)
{
	struct cbpf_xlate_opts opts = { .sz = sizeof(opts), .flags = m->flags };
	struct bpf_insn *out;
	size_t n;
	char err[256];
	int ret;

	if (cbpf_xlate(in->prog, in->len, &opts, &out, &n, err, sizeof(err))) {
		t->refused++;
		return;
	}
	ret = cbpf_check(out, n, m->flags, 0, err, sizeof(err));
	if (ret) {
		printf("FAIL %s (%s): %s\n", path, m->name, err);
		t->failed++;
	} else if ((ret = load(m, out, n, t->log))) {
		printf("FAIL %s (%s): the verifier refused %zu instructions: %s: %s\n", path,
		       m->name, n, strerror(-ret), last_words(t->log));
		t->failed++;
	} else {
		t->loaded++;
	}
	free(out);
}

static int one_file(const char *path, const uint8_t *data, size_t size, void *ctx)
{
	struct totals *t = ctx;
	struct cbpf_input in;

	if (cbpf_input__decode(&in, data, size))
		return -ENOMEM;
	t->programs++;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		one_mode(path, &in, &modes[i], t);
	cbpf_input__free(&in);
	return 0;
}

/* Exit 77 when BPF_PROG_LOAD is not allowed at all here (not root). */
static bool bpf_allowed(void)
{
	static const struct bpf_insn ret0[] = { MOV64(BPF_REG_0, 0), EXIT };
	int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "fuzz_probe", "GPL", ret0, 2, NULL);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int main(int argc, char **argv)
{
	struct totals t = { 0 };
	int err = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	if (!bpf_allowed()) {
		printf("SKIP replay_cbpf_xlate: BPF_PROG_LOAD: %s\n", strerror(errno));
		return 77;
	}
	t.log = malloc(LOG_SIZE);
	if (!t.log)
		return 1;
	for (int i = 1; i < argc && !err; i++)
		err = corpus__walk(argv[i], one_file, &t);
	free(t.log);
	printf("%lu programs: %lu translations loaded, %lu refused by the translator, "
	       "%lu failed\n",
	       t.programs, t.loaded, t.refused, t.failed);
	return err || t.failed || !t.programs ? 1 : 0;
}
