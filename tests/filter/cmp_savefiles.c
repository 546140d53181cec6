// SPDX-License-Identifier: GPL-2.0
/*
 * cmp_savefiles — do two capture files hold the same records?
 *
 *   cmp_savefiles A B
 *
 * Both are read with libpcap (pcap or pcapng, any precision): the same
 * link type, the same number of records, and record by record the same
 * time (to the microsecond, the coarser of tcpdump's and xdpdump's files),
 * captured length, length and bytes. Exit 0: the same; 1: one line saying
 * where they first differ; 2: a file does not read.
 */
#include <stdio.h>
#include <string.h>
#include <pcap/pcap.h>

static pcap_t *open_file(const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p =
		pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_MICRO, err);

	if (!p)
		fprintf(stderr, "cmp_savefiles: %s\n", err);
	return p;
}

/* 1 a record, 0 the end, -1 an error (reported). */
static int next(pcap_t *p, const char *path, struct pcap_pkthdr **h, const u_char **d)
{
	int ret = pcap_next_ex(p, h, d);

	if (ret == PCAP_ERROR_BREAK)
		return 0;
	if (ret != 1) {
		fprintf(stderr, "cmp_savefiles: %s: %s\n", path, pcap_geterr(p));
		return -1;
	}
	return 1;
}

static int compare(pcap_t *a, pcap_t *b, const char *pa, const char *pb)
{
	struct pcap_pkthdr *ha, *hb;
	const u_char *da, *db;
	unsigned long n = 0;
	int ra, rb;

	if (pcap_datalink(a) != pcap_datalink(b)) {
		printf("link types differ: %d, %d\n", pcap_datalink(a), pcap_datalink(b));
		return 1;
	}
	for (;;) {
		ra = next(a, pa, &ha, &da);
		rb = next(b, pb, &hb, &db);
		if (ra < 0 || rb < 0)
			return 2;
		n++;
		if (!ra || !rb)
			break;
		if (ha->ts.tv_sec != hb->ts.tv_sec || ha->ts.tv_usec != hb->ts.tv_usec ||
		    ha->caplen != hb->caplen || ha->len != hb->len ||
		    memcmp(da, db, ha->caplen)) {
			printf("record %lu differs: caplen %u/%u, len %u/%u\n", n, ha->caplen,
			       hb->caplen, ha->len, hb->len);
			return 1;
		}
	}
	if (ra != rb) {
		printf("%s has %lu records, %s more\n", ra ? pb : pa, n - 1, ra ? pa : pb);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	pcap_t *a, *b;
	int ret = 2;

	if (argc != 3) {
		fprintf(stderr, "usage: cmp_savefiles A B\n");
		return 2;
	}
	a = open_file(argv[1]);
	b = a ? open_file(argv[2]) : NULL;
	if (a && b)
		ret = compare(a, b, argv[1], argv[2]);
	if (a)
		pcap_close(a);
	if (b)
		pcap_close(b);
	return ret;
}
