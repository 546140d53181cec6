/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpdump's option words ("-e -vv -XX -tttt") as packet printer options,
 * for the tests that print a file as tcpdump would (test_print,
 * print_pcap). Modifies words (strtok).
 */
#ifndef XDPDUMP_TESTS_PRINT_WORDS_H
#define XDPDUMP_TESTS_PRINT_WORDS_H

#include <errno.h>
#include <string.h>
#include <pcap/pcap.h>
#include "print.h"

static inline int print_words_parse(char *words, struct packet_printer_opts *o)
{
	char *save = NULL;

	memset(o, 0, sizeof(*o));
	o->sz = sizeof(*o);
	for (char *w = strtok_r(words, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		size_t n = strlen(w);

		if (!strcmp(w, "-e"))
			o->link_header = true;
		else if (!strcmp(w, "-q"))
			o->quiet = true;
		else if (n >= 2 && n <= 3 && strspn(w + 1, "v") == n - 1)
			o->verbose = n - 1;
		else if (n >= 2 && n <= 3 && strspn(w + 1, "x") == n - 1)
			o->hex = n == 2 ? PRINT_HEX_PAYLOAD : PRINT_HEX_FRAME;
		else if (n >= 2 && n <= 3 && strspn(w + 1, "X") == n - 1)
			o->hex = n == 2 ? PRINT_HEX_PAYLOAD : PRINT_HEX_FRAME, o->ascii = true;
		else if (n >= 2 && n <= 3 && strspn(w + 1, "A") == n - 1)
			o->ascii_text = n - 1;
		else if (!strcmp(w, "-S"))
			o->absolute_seq = true;
		else if (!strcmp(w, "-#"))
			o->number = true;
		else if (!strcmp(w, "-K"))
			o->no_checksums = true;
		else if (!strcmp(w, "--nano"))
			o->nano = true;
		else if (n >= 2 && n <= 6 && strspn(w + 1, "t") == n - 1)
			o->time_format = (enum print_time_format)(n - 1);
		else
			return -EINVAL;
	}
	return 0;
}

/* A record of a capture file, as the printer takes it. */
static inline struct printed_packet print_words_packet(const struct pcap_pkthdr *h,
						       const unsigned char *data)
{
	struct printed_packet pkt = {
		.ts_ns = (uint64_t)h->ts.tv_sec * 1000000000ull + h->ts.tv_usec,
		.caplen = h->caplen,
		.len = h->len,
		.data = data,
	};

	return pkt;
}

#endif /* XDPDUMP_TESTS_PRINT_WORDS_H */
