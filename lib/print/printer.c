// SPDX-License-Identifier: GPL-2.0
/* One packet's line: time, protocols, annotation, optional hex dump. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "print_internal.h"
#include "link.h"

struct packet_printer *packet_printer__new(FILE *out, const struct packet_printer_opts *opts)
{
	struct packet_printer *pr = calloc(1, sizeof(*pr));

	if (!pr)
		return NULL;
	pr->out = out;
	pr->network.ipv4 = print_ipv4;
	pr->network.ipv6 = print_ipv6;
	/* Callers built against a smaller opts struct leave the rest zero. */
	memcpy(&pr->opts, opts, opts->sz < sizeof(pr->opts) ? opts->sz : sizeof(pr->opts));
	/* localtime_r() need not read TZ by itself. */
	tzset();
	pr->streams = tcp_streams__new();
	if (!pr->streams) {
		free(pr);
		return NULL;
	}
	return pr;
}

void packet_printer__free(struct packet_printer *pr)
{
	if (!pr)
		return;
	tcp_streams__free(pr->streams);
	free(pr);
}

/* -x dumps from the network header on, -xx the whole frame; -A and -AA
 * the same bytes as text, unless a hex dump was asked for too. */
static void print_dump(struct packet_printer *pr, const struct printed_packet *pkt,
		       uint32_t link_len)
{
	bool whole = pr->opts.hex ? pr->opts.hex == PRINT_HEX_FRAME : pr->opts.ascii_text > 1;
	const uint8_t *p = pkt->data;
	uint32_t n = pkt->caplen;

	if (!pr->opts.hex && !pr->opts.ascii_text)
		return;
	if (!whole) {
		if (n <= link_len)
			return;
		p += link_len;
		n -= link_len;
	}
	if (pr->opts.hex)
		print_hex(pr, p, n, pr->opts.ascii);
	else
		print_ascii_text(pr, p, n);
}

/* -#: tcpdump counts packets, so an exit record repeating the packet
 * before it keeps that packet's number. */
static void print_number(struct packet_printer *pr)
{
	if (!pr->opts.number)
		return;
	if (!pr->repeat || !pr->number)
		pr->number++;
	pr_out(pr, "%5u  ", pr->number);
}

int packet_printer__print(struct packet_printer *pr, const struct printed_packet *pkt)
{
	struct span s = { pkt->data, pkt->caplen,
			  pkt->len > pkt->caplen ? pkt->len : pkt->caplen };
	uint32_t link_len = 0;

	if (print_invalid_header(pr, pkt))
		return ferror(pr->out) ? -EIO : 0;
	pr->link_len_lost = false;
	pr->repeat = pkt->repeat;
	print_number(pr);
	print_timestamp(pr, pkt->ts_ns);
	print_link(pr, pkt, s, &link_len);
	if (pr->link_len_lost)
		link_len = 0;
	if (pkt->annotation)
		pr_out(pr, " %s", pkt->annotation);
	print_dump(pr, pkt, link_len);
	pr_out(pr, "\n");
	return ferror(pr->out) ? -EIO : 0;
}
