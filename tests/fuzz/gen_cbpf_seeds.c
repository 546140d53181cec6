// SPDX-License-Identifier: GPL-2.0
/*
 * gen_cbpf_seeds — the translator fuzzer's seed corpus from real filters.
 *
 *   gen_cbpf_seeds OUTDIR EXPRESSIONS-FILE [EXPRESSION...]
 *
 * Compiles each expression of the file (one a line, '#' comments, as in
 * tests/filter/expressions.txt) and each further argument with libpcap for
 * DLT_EN10MB, optimizer on, netmask unknown, as xdpdump does, and writes
 * OUTDIR/expr-NNN in the format of cbpf_input.h. The mode byte cycles
 * through the three translator modes so that the fuzzer starts from all of
 * them. Expressions that do not compile are reported and skipped.
 *
 * One more seed, OUTDIR/long-loads, is no filter libpcap would write: the
 * longest program (4096 instructions) of packet loads, whose translation
 * has jumps too long for eBPF's 16-bit offsets, the translator's -E2BIG.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

/* cbpf_input.h: flags in bits 0-1, a 256-byte error buffer in bits 2-3. */
static const unsigned char mode_bytes[] = { 0x0c, 0x0d, 0x0e };

static int write_seed(const char *dir, const char *name, unsigned char mode,
		      const struct bpf_program *prog)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return -1;
	}
	ok = fwrite(&mode, 1, 1, f) == 1 &&
	     fwrite(prog->bf_insns, sizeof(*prog->bf_insns), prog->bf_len, f) == prog->bf_len;
	if (fclose(f) || !ok) {
		fprintf(stderr, "%s: write failed\n", path);
		return -1;
	}
	return 0;
}

static int seed_long(const char *dir)
{
	static struct bpf_insn insns[4096];
	struct bpf_program prog = { .bf_len = 4096, .bf_insns = insns };

	for (unsigned int i = 0; i < 4095; i++)
		insns[i] = (struct bpf_insn){ .code = BPF_LD | BPF_W | BPF_ABS, .k = i % 1500 };
	insns[4095] = (struct bpf_insn){ .code = BPF_RET | BPF_A };
	return write_seed(dir, "long-loads", mode_bytes[0], &prog);
}

static int seed(pcap_t *dead, const char *dir, unsigned int *idx, const char *expr)
{
	struct bpf_program prog;
	char name[32];
	int err;

	if (pcap_compile(dead, &prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		fprintf(stderr, "skipped '%s': %s\n", expr, pcap_geterr(dead));
		return 0;
	}
	snprintf(name, sizeof(name), "expr-%03u", *idx);
	err = write_seed(dir, name, mode_bytes[*idx % 3], &prog);
	(*idx)++;
	pcap_freecode(&prog);
	return err;
}

static int seed_file(pcap_t *dead, const char *dir, unsigned int *idx, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int err = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] && line[0] != '#')
			err = seed(dead, dir, idx, line);
	}
	fclose(f);
	return err;
}

int main(int argc, char **argv)
{
	unsigned int idx = 0;
	pcap_t *dead;
	int err;

	if (argc < 3) {
		fprintf(stderr, "usage: %s OUTDIR EXPRESSIONS-FILE [EXPRESSION...]\n", argv[0]);
		return 2;
	}
	dead = pcap_open_dead(DLT_EN10MB, 262144);
	if (!dead) {
		fprintf(stderr, "pcap_open_dead failed\n");
		return 1;
	}
	err = seed_file(dead, argv[1], &idx, argv[2]);
	for (int i = 3; i < argc && !err; i++)
		err = seed(dead, argv[1], &idx, argv[i]);
	if (!err)
		err = seed_long(argv[1]);
	pcap_close(dead);
	printf("%u seeds in %s\n", idx, argv[1]);
	return err ? 1 : 0;
}
