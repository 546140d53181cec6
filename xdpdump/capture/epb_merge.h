/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ring buffer's path from the kernel to the file. Each record is a
 * finished pcapng block (bpf/xdpdump_shared.h). It stays in the ring
 * until its turn: the rings of all interfaces are read, each interface's
 * records put in time order (the shared ring is in reservation order,
 * which an interrupt between a CPU's reservation and its stamp can swap),
 * the records older than the reorder window merged across interfaces and
 * handed to the output as they are, and only then is their ring space
 * released (docs/record-path.md).
 */
#ifndef XDPDUMP_EPB_MERGE_H
#define XDPDUMP_EPB_MERGE_H

#include <stdbool.h>
#include <stdint.h>

struct capture_session;
struct epb_queue;

/* NULL + errno. */
struct epb_queue *epb_queue__new(void);
/* Frees what it holds; the ring keeps the records it did not release. */
void epb_queue__free(struct epb_queue *q);

/* Read every interface's ring, write out what no record still unread
 * can precede (everything when final), release it. now: the monotonic
 * time before the read. The number of records written, -ECANCELED once
 * -c is reached or the output has ended, or -errno. */
long epb_merge__drain(struct capture_session *s, uint64_t now, bool final);

/*
 * How long the loop may sleep, at most max_ms: 0 when a pass stopped with
 * records unseen, until the oldest record held is due when there is one.
 * The ring's fd wakes the loop only at the kernel's wakeups (edge
 * triggered): held records keep it readable, so a level-triggered wait
 * would spin.
 */
int epb_merge__wait_ms(const struct capture_session *s, uint64_t now, int max_ms);

#endif /* XDPDUMP_EPB_MERGE_H */
