// SPDX-License-Identifier: GPL-2.0
/*
 * The truncation markers every protocol printer ends with when its bytes
 * run out. They live apart from printer.c, which dispatches to all the
 * printers, so that no printer depends on the file that calls it.
 */
#include "print_internal.h"

int print_truncated(struct packet_printer *pr, const char *proto)
{
	pr_out(pr, " [|%s]", proto);
	return PRINT_STOP;
}

int print_truncated_deep(struct packet_printer *pr, const char *proto)
{
	pr->link_len_lost = true;
	return print_truncated(pr, proto);
}
