/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a ring buffer record: the 8-byte merge key and the finished
 * pcapng Enhanced Packet Block behind it (the layout is in
 * bpf/xdpdump_shared.h). The writer needs only the head to move the
 * block to the file as it is; the outputs that are not pcapng (pcap, the
 * printer), a record that arrived too late for its place and one made
 * before its interface had an id decode the rest.
 */
#ifndef XDPDUMP_EPB_RECORD_H
#define XDPDUMP_EPB_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "xdpdump_shared.h"

struct epb_record {
	uint64_t mono_ns; /* the merge key */
	const uint8_t *block; /* the EPB, block_len bytes */
	uint32_t block_len;
	uint32_t if_id; /* as the program wrote it (XDPDUMP_EPB_IF_UNSET) */
	uint64_t wall_ns;
};

/* The head of a record of len bytes, checked: the block fits and ends
 * with its own length. 0 or -EINVAL. */
int epb_record__head(const void *rec, size_t len, struct epb_record *out);

/* The packet and what the options say, as the perf transport's records
 * carry them: meta (ts_ns is the merge key, point EXIT when the block
 * has a verdict) and the packet's bytes. 0 or -EINVAL. */
int epb_record__decode(const struct epb_record *r, struct xdpdump_meta *meta,
		       const uint8_t **data);

#endif /* XDPDUMP_EPB_RECORD_H */
