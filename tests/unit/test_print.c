// SPDX-License-Identifier: GPL-2.0
/*
 * lib/print against tcpdump: every case of tests/golden/cases.txt is
 * printed by the library and compared, byte for byte, with the text that
 * tcpdump 4.99 printed for the same pcap and options (NAME.out). A
 * difference prints the first differing line of each side.
 *
 * Also: the printer never reads past the captured length. Every frame of
 * every golden file is printed again from a heap copy cut at each length
 * from 0 to its caplen, with the copy's end at the end of a page followed
 * by an inaccessible one, so a read past the capture faults.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include "print.h"
#include "print_words.h"

#define GOLDEN "tests/golden"

static int failures, cases;

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END)) {
		long n = ftell(f);

		text = n >= 0 ? malloc(n + 1) : NULL;
		if (text && (fseek(f, 0, SEEK_SET) || fread(text, 1, n, f) != (size_t)n)) {
			free(text);
			text = NULL;
		}
		if (text)
			text[n] = '\0', *len = n;
	}
	fclose(f);
	return text;
}

typedef int (*packet_fn)(void *ctx, const struct pcap_pkthdr *h, const unsigned char *data);

static int for_each_packet(const char *path, packet_fn fn, void *ctx)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const unsigned char *data;
	pcap_t *p =
		pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
	int ret = 0;

	if (!p) {
		printf("FAIL test_print: %s\n", err);
		return -EINVAL;
	}
	while (!ret && pcap_next_ex(p, &h, &data) == 1)
		ret = fn(ctx, h, data);
	pcap_close(p);
	return ret;
}

static int print_one(void *ctx, const struct pcap_pkthdr *h, const unsigned char *data)
{
	struct printed_packet pkt = print_words_packet(h, data);

	return packet_printer__print(ctx, &pkt);
}

static void report_difference(const char *name, const char *want, const char *got)
{
	int line = 1;

	while (*want && *want == *got) {
		if (*want == '\n')
			line++;
		want++, got++;
	}
	while (line > 1 && want[-1] != '\n')
		want--, got--;
	printf("FAIL test_print: %s: line %d differs\n#   tcpdump: %.*s\n#   xdpdump: %.*s\n",
	       name, line, (int)strcspn(want, "\n"), want, (int)strcspn(got, "\n"), got);
}

static void run_case(const char *name, const char *pcap, char *options)
{
	struct packet_printer_opts o;
	char path[512], *want, *got = NULL;
	size_t want_len = 0, got_len = 0;
	struct packet_printer *pr;
	FILE *out;

	cases++;
	if (print_words_parse(options, &o)) {
		printf("FAIL test_print: %s: unknown option in cases.txt\n", name);
		failures++;
		return;
	}
	snprintf(path, sizeof(path), GOLDEN "/%s.out", name);
	want = read_file(path, &want_len);
	out = open_memstream(&got, &got_len);
	pr = out ? packet_printer__new(out, &o) : NULL;
	snprintf(path, sizeof(path), GOLDEN "/%s", pcap);
	if (!want || !pr || for_each_packet(path, print_one, pr)) {
		printf("FAIL test_print: %s: cannot run (missing %s.out or %s?)\n", name, name,
		       pcap);
		failures++;
	} else if (fflush(out), got_len != want_len || memcmp(want, got, want_len)) {
		report_difference(name, want, got);
		failures++;
	}
	packet_printer__free(pr);
	if (out)
		fclose(out);
	free(got);
	free(want);
}

/* --- an exit record after its entry record ----------------------------- */

static int print_twice(void *ctx, const struct pcap_pkthdr *h, const unsigned char *data)
{
	struct printed_packet pkt = print_words_packet(h, data);
	int err = packet_printer__print(ctx, &pkt);

	pkt.repeat = true;
	pkt.annotation = "@exit[PASS]";
	return err ? err : packet_printer__print(ctx, &pkt);
}

/* Each packet printed again as a repeat must read the same, with the
 * annotation, while the first prints still match tcpdump's. */
static void run_repeat(void)
{
	struct packet_printer_opts o = { .sz = sizeof(o) };
	char *got = NULL, *want_text, *want, *line, *save = NULL, *prev = NULL;
	size_t got_len = 0, want_len = 0, lines = 0, bad = 0;
	FILE *out = open_memstream(&got, &got_len);
	struct packet_printer *pr = out ? packet_printer__new(out, &o) : NULL;
	char expected[1024];

	want = want_text = read_file(GOLDEN "/tcp.out", &want_len);
	if (!pr || !want || for_each_packet(GOLDEN "/tcp.pcap", print_twice, pr)) {
		printf("FAIL test_print: repeat: cannot run\n");
		failures++;
		goto out;
	}
	fflush(out);
	for (line = strtok_r(got, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (lines++ % 2 == 0) {
			prev = line;
			continue;
		}
		snprintf(expected, sizeof(expected), "%s @exit[PASS]", prev);
		bad += strcmp(line, expected) != 0;
		/* the first prints, joined, must still be tcpdump's text */
		bad += strncmp(want, prev, strlen(prev)) != 0;
		want += strlen(prev) + 1;
	}
	if (bad || lines != 2 * 34)
		printf("FAIL test_print: repeat: %zu of %zu lines differ\n", bad, lines),
			failures++;
	else
		printf("PASS test_print: every packet printed again as a repeat reads the same, plus its annotation (%zu lines)\n",
		       lines);
out:
	packet_printer__free(pr);
	if (out)
		fclose(out);
	free(got);
	free(want_text);
}

/* --- no read past the capture ----------------------------------------- */

struct fence {
	unsigned char *page; /* two pages; the second is PROT_NONE */
	size_t page_size;
	struct packet_printer *pr;
	unsigned long frames;
};

static int print_every_cut(void *ctx, const struct pcap_pkthdr *h, const unsigned char *data)
{
	struct fence *f = ctx;
	uint32_t caplen = h->caplen < f->page_size ? h->caplen : f->page_size;

	for (uint32_t cut = 0; cut <= caplen; cut++) {
		unsigned char *copy = f->page + f->page_size - cut;
		struct printed_packet pkt = { .caplen = cut, .len = h->len, .data = copy };

		memcpy(copy, data, cut);
		if (packet_printer__print(f->pr, &pkt))
			return -EIO;
	}
	f->frames++;
	return 0;
}

static void run_fence(void)
{
	static const char *const files[] = { "tcp.pcap",	"misc.pcap",  "ip6.pcap",
					     "frag_trunc.pcap", "extra.pcap", "short.pcap" };
	static const char *const option_sets[] = { "", "-v -e", "-q -XX" };
	struct fence f = { .page_size = sysconf(_SC_PAGESIZE) };
	FILE *sink = fopen("/dev/null", "w");
	char path[256], words[32];

	f.page = mmap(NULL, 2 * f.page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		      -1, 0);
	if (f.page == MAP_FAILED || !sink ||
	    mprotect(f.page + f.page_size, f.page_size, PROT_NONE)) {
		printf("FAIL test_print: cannot set up the guard page\n");
		failures++;
		return;
	}
	for (size_t o = 0; o < sizeof(option_sets) / sizeof(option_sets[0]); o++) {
		struct packet_printer_opts opts;

		snprintf(words, sizeof(words), "%s", option_sets[o]);
		print_words_parse(words, &opts);
		opts.verbose = 2; /* also the -vv checksum paths */
		f.pr = packet_printer__new(sink, &opts);
		for (size_t i = 0; f.pr && i < sizeof(files) / sizeof(files[0]); i++) {
			snprintf(path, sizeof(path), GOLDEN "/%s", files[i]);
			for_each_packet(path, print_every_cut, &f)
				;
		}
		packet_printer__free(f.pr);
	}
	fclose(sink);
	munmap(f.page, 2 * f.page_size);
	/* Reaching here means no read went past a cut. */
	if (f.frames)
		printf("PASS test_print: %lu frames printed at every captured length, none read past it\n",
		       f.frames);
	else
		printf("FAIL test_print: no frames for the guard-page check\n"), failures++;
}

int main(void)
{
	FILE *list;
	char line[512];

	/* tcpdump wrote the expected text with TZ=UTC. */
	setenv("TZ", "UTC", 1);
	tzset();
	list = fopen(GOLDEN "/cases.txt", "r");
	if (!list) {
		printf("FAIL test_print: " GOLDEN "/cases.txt: %s (run from the top directory)\n",
		       strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), list)) {
		char name[128], pcap[128];
		int used = 0;

		if (line[0] == '#' || sscanf(line, "%127s %127s %n", name, pcap, &used) < 2)
			continue;
		run_case(name, pcap, line + used);
	}
	fclose(list);
	if (!failures)
		printf("PASS test_print: %d golden cases print exactly as tcpdump -n\n", cases);
	run_repeat();
	run_fence();
	return failures ? 1 : 0;
}
