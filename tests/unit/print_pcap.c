// SPDX-License-Identifier: GPL-2.0
/*
 * print_pcap — print a pcap/pcapng file with lib/print, as `tcpdump -n
 * OPTIONS -r FILE` would: the tool of tests/integration/test_print_diff.sh,
 * which needs frames that `xdpdump -r` does not run (shorter than an
 * Ethernet header).
 *
 *   print_pcap FILE ["OPTIONS"]
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include "print.h"
#include "print_words.h"

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE], words[256] = "";
	struct packet_printer_opts opts;
	struct packet_printer *pr;
	struct pcap_pkthdr *h;
	const unsigned char *data;
	pcap_t *p;
	int ret = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: print_pcap FILE [\"OPTIONS\"]\n");
		return 2;
	}
	snprintf(words, sizeof(words), "%s", argc == 3 ? argv[2] : "");
	if (print_words_parse(words, &opts)) {
		fprintf(stderr, "print_pcap: unknown option in '%s'\n", argv[2]);
		return 2;
	}
	p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, err);
	if (!p) {
		fprintf(stderr, "print_pcap: %s\n", err);
		return 1;
	}
	pr = packet_printer__new(stdout, &opts);
	while (pr && !ret && pcap_next_ex(p, &h, &data) == 1) {
		struct printed_packet pkt = print_words_packet(h, data);

		ret = packet_printer__print(pr, &pkt);
	}
	packet_printer__free(pr);
	pcap_close(p);
	return !pr || ret || fflush(stdout) ? 1 : 0;
}
