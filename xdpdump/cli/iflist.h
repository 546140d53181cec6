/* SPDX-License-Identifier: GPL-2.0 */
/* `xdpdump -D`: interfaces and what runs at their XDP hook. */
#ifndef XDPDUMP_IFLIST_H
#define XDPDUMP_IFLIST_H

#include <stdio.h>

int iflist_print(FILE *out);

#endif /* XDPDUMP_IFLIST_H */
