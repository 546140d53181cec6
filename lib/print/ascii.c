// SPDX-License-Identifier: GPL-2.0
/*
 * -A: the packet's bytes as text on the lines below its line, for reading
 * plain-text protocols (HTTP, SMTP). Printable characters, spaces, tabs and
 * line feeds are kept; anything else becomes a dot. Carriage returns are
 * dropped where a line feed follows, so CRLF text reads as lines.
 */
#include "print_internal.h"

static bool shown_as_is(uint8_t c)
{
	return (c > 0x20 && c < 0x7f) || c == ' ' || c == '\t' || c == '\n';
}

void print_ascii_text(struct packet_printer *pr, const uint8_t *p, uint32_t n)
{
	pr_out(pr, "\n");
	for (uint32_t i = 0; i < n; i++) {
		uint32_t left = n - i - 1; /* bytes after this one */

		if (p[i] != '\r')
			fputc(shown_as_is(p[i]) ? p[i] : '.', pr->out);
		/* tcpdump 4.99 also drops a CR that has a single byte
		 * after it, whatever that byte is: the same text here. */
		else if (left > 1 && p[i + 1] != '\n')
			fputc('.', pr->out);
	}
}
