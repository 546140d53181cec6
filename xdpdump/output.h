/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where captured packets go: a pcapng or pcap file (or stdout with -w -),
 * or, without -w, one summary line per packet on stdout.
 */
#ifndef XDPDUMP_OUTPUT_H
#define XDPDUMP_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include "pcapng.h"
#include "xdpdump_shared.h"

struct output_opts {
	const char *path; /* NULL: print lines; "-": stdout */
	bool pcap;	  /* classic pcap instead of pcapng */
};

struct output;

/* Opens (creates) the file; NULL + errno, with the reason logged. */
struct output *output__open(const struct output_opts *opts);
/* Capture really starts: truncate the file and write its header. Before
 * this, output__abort() leaves the target as it was. */
int output__begin(struct output *o);
/* Give up: close, and remove a file we created. After output__begin(),
 * what is still buffered is dropped. */
void output__abort(struct output *o);
int output__add_interface(struct output *o, const struct capture_interface *iface);
int output__packet(struct output *o, unsigned int if_id, const char *ifname, uint64_t wall_ns,
		   const struct xdpdump_meta *meta, const void *data, const char *comment);
int output__stats(struct output *o, unsigned int if_id, const struct capture_if_stats *st);
int output__flush(struct output *o);
/* Flushes, closes, frees; returns the first error seen. NULL is fine. */
int output__close(struct output *o);
const char *output__name(const struct output *o);

#endif /* XDPDUMP_OUTPUT_H */
