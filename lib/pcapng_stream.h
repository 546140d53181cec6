/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader of a pcapng stream as it arrives on a pipe (draft-ietf-opsawg-
 * pcapng): bytes go in as read, whole blocks come out, parsed. Either byte
 * order; several sections (a new SHB) are fine: their interfaces get ids
 * after the earlier sections', so an id names one interface for the whole
 * stream. Timestamps come out in nanoseconds since the epoch, whatever the
 * interface's if_tsresol and if_tsoffset.
 */
#ifndef XDPDUMP_PCAPNG_STREAM_H
#define XDPDUMP_PCAPNG_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pcapng.h"

/* Blocks larger than this are refused as a corrupt stream. */
#define PCAPNG_STREAM_MAX_BLOCK (16u << 20)

enum pcapng_record_type {
	PCAPNG_REC_SECTION, /* a Section Header Block */
	PCAPNG_REC_INTERFACE, /* an IDB: pcapng_stream__iface(if_id) */
	PCAPNG_REC_PACKET, /* an EPB (or SPB: then if_id 0, no time) */
	PCAPNG_REC_STATS, /* an ISB */
	PCAPNG_REC_OTHER, /* anything else, skipped */
};

struct pcapng_stream_iface {
	uint16_t linktype;
	uint32_t snaplen;
	char *name, *description, *filter; /* NULL when absent */
	uint8_t tsresol; /* if_tsresol as given (default 6) */
	int64_t tsoffset; /* if_tsoffset, seconds */
};

struct pcapng_record {
	enum pcapng_record_type type;
	uint32_t if_id;
	/* PACKET: the fields of struct capture_packet that a block carried
	 * (data points into the stream's buffer until the next call). */
	struct capture_packet pkt;
	/* STATS */
	uint64_t ts_ns;
	struct capture_if_stats stats;
};

struct pcapng_stream;

struct pcapng_stream *pcapng_stream__new(void); /* NULL + errno */
void pcapng_stream__free(struct pcapng_stream *s);
/* Append bytes read from the stream. 0 or -ENOMEM. */
int pcapng_stream__feed(struct pcapng_stream *s, const void *data, size_t len);
/* The next complete block: 1 with *rec filled, 0 when more bytes are
 * needed, -EINVAL (-E2BIG) for a stream that is not pcapng, which every
 * later call returns too. */
int pcapng_stream__next(struct pcapng_stream *s, struct pcapng_record *rec);
/* Bytes fed but not yet a whole block (at the end: a cut stream). */
size_t pcapng_stream__pending(const struct pcapng_stream *s);
/* NULL for an unknown id. */
const struct pcapng_stream_iface *pcapng_stream__iface(const struct pcapng_stream *s,
						       uint32_t if_id);
unsigned int pcapng_stream__nr_ifaces(const struct pcapng_stream *s);

#endif /* XDPDUMP_PCAPNG_STREAM_H */
