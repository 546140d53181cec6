// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: lib/pcapng_stream.c, which reads what a remote capture
 * point's xdpdump sends (a host we do not control may send anything). The
 * first byte picks the size of the pieces the rest is fed in, as a pipe
 * would deliver it. For every input: the reader never reads outside what
 * it was given (ASan), a packet's caplen bytes are readable, every record
 * names an interface it has described, and once it refuses the stream it
 * keeps refusing. Anything else aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "pcapng_stream.h"

static void check_record(const struct pcapng_stream *s, const struct pcapng_record *r)
{
	volatile uint8_t sum = 0;

	if ((r->type == PCAPNG_REC_PACKET || r->type == PCAPNG_REC_STATS ||
	     r->type == PCAPNG_REC_INTERFACE) &&
	    !pcapng_stream__iface(s, r->if_id))
		abort();
	if (r->type != PCAPNG_REC_PACKET)
		return;
	for (uint32_t i = 0; i < r->pkt.caplen; i++)
		sum += ((const uint8_t *)r->pkt.data)[i];
	if (r->pkt.comment)
		sum += strlen(r->pkt.comment);
	(void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcapng_stream *s;
	struct pcapng_record r;
	size_t chunk;
	int ret = 0;

	if (!size)
		return 0;
	chunk = 1 + data[0] % 64 * 16;
	data++;
	size--;
	s = pcapng_stream__new();
	if (!s)
		return 0;
	for (size_t off = 0; off < size && ret >= 0; off += chunk) {
		size_t n = size - off < chunk ? size - off : chunk;

		if (pcapng_stream__feed(s, data + off, n))
			break;
		while ((ret = pcapng_stream__next(s, &r)) > 0)
			check_record(s, &r);
	}
	/* A refused stream stays refused (the merge stops reading it). */
	if (ret < 0 && pcapng_stream__next(s, &r) >= 0)
		abort();
	pcapng_stream__free(s);
	return 0;
}
