// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the packet printer (lib/print) on arbitrary frames.
 *
 * Input: byte 0 picks the time format, -A, -S, -#, -K and nanoseconds,
 * and (its bits 3-7, shared) the link type: Ethernet by default, or one of
 * those -r reads; byte 1 the hex, ASCII, link-header,
 * quiet and verbose settings, bytes 2-3 how much longer the frame was on the
 * wire than what was captured (caplen <= len, as every capture gives), and
 * the rest is the captured frame. Each frame is printed three times, as the
 * tool would meet it: as an entry record, again as its exit record (a
 * repeat, with a verdict), and cut to half its length.
 *
 * The frame sits in a buffer of exactly caplen bytes, so that
 * AddressSanitizer stops any read past the capture, which the printer
 * promises never to do (it prints "[|proto]" instead). Every print must
 * succeed and end its output with a newline.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"

static void print_or_abort(struct packet_printer *p, FILE *out, char **text, size_t *size,
			   const struct printed_packet *pkt)
{
	if (packet_printer__print(p, pkt))
		abort();
	if (fflush(out) || !*size || (*text)[*size - 1] != '\n')
		abort();
}

/* 0: no link type given (Ethernet); then LINKTYPE_* values. */
static const uint16_t linktypes[] = { 0, 1, 113, 276, 101, 228, 229, 0, 108 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct packet_printer_opts opts = { .sz = sizeof(opts) };
	struct printed_packet pkt = { .ts_ns = 1700000000123456789ull };
	struct packet_printer *printer;
	char *text = NULL;
	size_t text_size = 0;
	uint8_t *frame;
	uint32_t caplen;
	FILE *out;

	if (size < 4)
		return 0;
	opts.time_format = data[0] % (PRINT_TIME_SINCE_FIRST + 1);
	pkt.linktype = linktypes[(data[0] >> 3) % 9];
	pkt.has_linktype = (data[0] >> 3) % 9 != 0;
	opts.hex = data[1] % 3;
	opts.ascii = data[1] & 0x04;
	opts.link_header = data[1] & 0x08;
	opts.quiet = data[1] & 0x10;
	opts.verbose = (data[1] >> 5) % 3;
	opts.ascii_text = (data[0] >> 3) % 3;
	opts.no_checksums = data[0] & 0x04;
	opts.absolute_seq = data[0] & 0x20;
	opts.number = data[0] & 0x40;
	opts.nano = data[0] & 0x80;
	caplen = size - 4;
	pkt.caplen = caplen;
	pkt.len = caplen + ((uint32_t)data[2] << 8 | data[3]);
	frame = malloc(caplen ? caplen : 1);
	out = open_memstream(&text, &text_size);
	if (!frame || !out)
		abort();
	memcpy(frame, data + 4, caplen);
	pkt.data = frame;
	printer = packet_printer__new(out, &opts);
	if (!printer)
		abort();

	print_or_abort(printer, out, &text, &text_size, &pkt);
	pkt.repeat = true;
	pkt.annotation = "@exit[DROP]";
	print_or_abort(printer, out, &text, &text_size, &pkt);
	pkt.repeat = false;
	pkt.annotation = NULL;
	pkt.caplen = caplen / 2;
	pkt.ts_ns += 1000;
	print_or_abort(printer, out, &text, &text_size, &pkt);

	packet_printer__free(printer);
	fclose(out);
	free(text);
	free(frame);
	return 0;
}
