/* SPDX-License-Identifier: GPL-2.0 */
/*
 * While packets go to a file, one line on a terminal's stderr, redrawn in
 * place about once a second: packets captured, the rate, packets lost.
 */
#ifndef XDPDUMP_STATUS_H
#define XDPDUMP_STATUS_H

#include <stdbool.h>
#include <stdint.h>

struct status_line;

/* NULL when stderr is not a terminal (a log file must not fill with
 * carriage returns), or + errno when out of memory. */
struct status_line *status_line__new(uint64_t now_ns);

/* Whether update would redraw now (a second has passed): a caller can
 * then read costlier figures only once a second. NULL: false. */
bool status_line__due(const struct status_line *sl, uint64_t now_ns);

/* Redraws the line if a second has passed since the last time. NULL is
 * fine. left_out: records --sample and --max-rate left out, shown when
 * not 0 (they are not lost). */
void status_line__update(struct status_line *sl, uint64_t now_ns, uint64_t captured,
			 uint64_t lost, uint64_t left_out);

/* Erases the line, so what is printed next starts on a clean one, and
 * frees. NULL is fine. */
void status_line__end(struct status_line *sl);

#endif /* XDPDUMP_STATUS_H */
