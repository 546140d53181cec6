/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where captured packets go: a pcapng or pcap file (or stdout with -w -),
 * or, without -w, one line per packet on stdout as tcpdump -n prints it.
 */
#ifndef XDPDUMP_OUTPUT_H
#define XDPDUMP_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "pcapng.h"
#include "attach/privs.h"
#include "rotate.h"
#include "print.h"
#include "xdpdump_shared.h"

struct output_opts {
	const char *path; /* NULL: print lines; "-": stdout */
	bool pcap; /* classic pcap instead of pcapng */
	struct rotate_opts rotate; /* -C -G -W; .name is ignored (path is used) */
	const struct file_owner *owner; /* -Z; NULL or unset: unchanged */
	mode_t file_mode; /* of created files; 0: 0600 */
	struct packet_printer_opts print; /* without a path: how lines look */
	bool line_buffered; /* -l: flush stdout after every line */
	bool packet_buffered; /* -U: flush the file or stdout after every packet */
	bool print_too; /* --print: with a path, print lines on stdout as well */
	const char *postrotate; /* -z: run on each file rotation closes; NULL: none */
};

/*
 * Called before a file is closed at rotation, while it can still take
 * blocks: the capture writes its statistics (output__stats()) there.
 * 0 or -errno.
 */
typedef int (*output_closing_fn)(void *ctx);

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
/* Sets the rotation hook (see output_closing_fn). */
void output__on_file_closing(struct output *o, output_closing_fn fn, void *ctx);
/* 0 or -errno; -ECANCELED once -G with -W has closed its last file: the
 * capture is over, like -c. Rotation happens here, before the packet. */
int output__packet(struct output *o, unsigned int if_id, const char *ifname, uint64_t wall_ns,
		   const struct xdpdump_meta *meta, const void *data, const char *comment);
/*
 * Blocks made elsewhere (the capture program's pcapng blocks, in the
 * interface ids this output gave): whether this output writes them as
 * they are (a pcapng file, nothing printed), and the write. With stays, a
 * block may be handed to the file by reference: while
 * output__holds_refs(), its memory must stay as it is until
 * output__flush() returned.
 */
bool output__takes_blocks(const struct output *o);
int output__block(struct output *o, const void *block, size_t len, bool stays);
bool output__holds_refs(const struct output *o);
int output__stats(struct output *o, unsigned int if_id, const struct capture_if_stats *st);
int output__flush(struct output *o);
/* Flushes, closes, frees; returns the first error seen. NULL is fine. */
int output__close(struct output *o);
/* The current file, for messages. */
const char *output__name(const struct output *o);
/* For the closing summary: the file, or "N files, the last NAME". */
const char *output__summary_name(struct output *o);
/* An error has stopped the output (it sticks: every call returns it). */
bool output__failed(const struct output *o);

#endif /* XDPDUMP_OUTPUT_H */
