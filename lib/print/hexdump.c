// SPDX-License-Identifier: GPL-2.0
/* -x / -X: 16 bytes a line, in 2-byte groups, optionally with ASCII. */
#include "print_internal.h"

#define BYTES_PER_LINE 16
/* " xxxx" for each of the eight groups of a full line. */
#define HEX_COLUMNS (BYTES_PER_LINE / 2 * 5)

static void print_line(struct packet_printer *pr, const char *indent, const uint8_t *p,
		       uint32_t n, uint32_t offset, bool ascii)
{
	int width = 0;

	pr_out(pr, "%s0x%04x: ", indent, offset);
	for (uint32_t i = 0; i < n; i += 2)
		width += i + 1 < n ? fprintf(pr->out, " %02x%02x", p[i], p[i + 1]) :
				     fprintf(pr->out, " %02x", p[i]);
	if (!ascii)
		return;
	pr_out(pr, "%*s  ", HEX_COLUMNS - width, "");
	for (uint32_t i = 0; i < n; i++)
		fputc(p[i] > 0x20 && p[i] < 0x7f ? p[i] : '.', pr->out);
}

void print_hex_indented(struct packet_printer *pr, const char *indent, const uint8_t *p,
			uint32_t n, bool ascii)
{
	for (uint32_t off = 0; off < n; off += BYTES_PER_LINE)
		print_line(pr, indent, p + off,
			   n - off < BYTES_PER_LINE ? n - off : BYTES_PER_LINE, off, ascii);
}

void print_hex(struct packet_printer *pr, const uint8_t *p, uint32_t n, bool ascii)
{
	print_hex_indented(pr, "\n\t", p, n, ascii);
}
