// SPDX-License-Identifier: GPL-2.0
/*
 * Relative TCP sequence numbers, as tcpdump prints them: the first segment
 * with ACK set (or a SYN-ACK, which starts over) of a connection records
 * both directions' base numbers and is itself printed with absolute ones;
 * later segments print seq and ack relative to those bases. Segments
 * without ACK (a bare SYN, a bare RST) are never made relative.
 */
#include <stdlib.h>
#include <string.h>
#include "print_internal.h"

#define TCP_SYN 0x02
#define TCP_ACK 0x10
#define BUCKETS 4096

/* One connection, keyed by its ends in a canonical order ("low" first). */
struct tcp_stream {
	struct tcp_stream *next;
	int version;
	uint8_t low_addr[16], high_addr[16];
	uint16_t low_port, high_port;
	uint32_t low_base; /* subtracted from the low end's seq */
	uint32_t high_base; /* subtracted from the high end's seq */
};

struct tcp_streams {
	struct tcp_stream *bucket[BUCKETS];
	/* The stream the last (not repeated) segment started or restarted:
	 * a repeat of that segment shows absolute numbers again. */
	const struct tcp_stream *restarted;
};

struct tcp_streams *tcp_streams__new(void)
{
	return calloc(1, sizeof(struct tcp_streams));
}

void tcp_streams__free(struct tcp_streams *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < BUCKETS; i++) {
		while (t->bucket[i]) {
			struct tcp_stream *next = t->bucket[i]->next;

			free(t->bucket[i]);
			t->bucket[i] = next;
		}
	}
	free(t);
}

/* The source is the "high" end when its address sorts after the
 * destination's, or, between equal addresses, its port does. */
static bool source_is_high(const struct ip_info *ip, uint16_t sport, uint16_t dport)
{
	int cmp = memcmp(ip->src, ip->dst, ip->version == 4 ? 4 : 16);

	return cmp > 0 || (cmp == 0 && sport > dport);
}

static struct tcp_stream **find(struct tcp_streams *t, const struct tcp_stream *key)
{
	struct tcp_stream **pp = &t->bucket[(key->low_port ^ key->high_port) % BUCKETS];

	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->version == key->version && (*pp)->low_port == key->low_port &&
		    (*pp)->high_port == key->high_port &&
		    !memcmp((*pp)->low_addr, key->low_addr, 16) &&
		    !memcmp((*pp)->high_addr, key->high_addr, 16))
			return pp;
	return pp;
}

/* The stream's record, created when missing (unless only looking); *created
 * says so. NULL when memory ran out or, when looking, there is none. */
static struct tcp_stream *lookup(struct tcp_streams *t, const struct tcp_stream *key,
				 bool only_look, bool *created)
{
	struct tcp_stream **slot = find(t, key);

	*created = !*slot && !only_look;
	if (*created) {
		*slot = malloc(sizeof(**slot));
		if (*slot)
			**slot = *key;
	}
	return *slot;
}

/* A repeat is the segment printed just before, seen again (an exit record
 * after its entry record): it reads the state and leaves it alone, so that
 * both lines show the same numbers. */
void tcp_streams__relate(struct tcp_streams *t, const struct ip_info *ip, uint16_t sport,
			 uint16_t dport, uint8_t flags, uint32_t seq, uint32_t ack, bool repeat,
			 struct tcp_seq_view *view)
{
	bool high = source_is_high(ip, sport, dport), created;
	struct tcp_stream key = { .version = ip->version }, *s;
	uint32_t *own, *peer;

	view->seq = seq;
	view->ack = ack;
	view->sack_base = 0;
	if (!(flags & TCP_ACK))
		return;
	memcpy(high ? key.high_addr : key.low_addr, ip->src, 16);
	memcpy(high ? key.low_addr : key.high_addr, ip->dst, 16);
	key.high_port = high ? sport : dport;
	key.low_port = high ? dport : sport;
	s = lookup(t, &key, repeat, &created);
	if (!s)
		return; /* untracked (or out of memory): absolute numbers */
	own = high ? &s->high_base : &s->low_base;
	peer = high ? &s->low_base : &s->high_base;
	if (repeat && s == t->restarted) {
		view->sack_base = *peer;
		return;
	}
	if (!repeat)
		t->restarted = created || flags & TCP_SYN ? s : NULL;
	if (!repeat && (created || flags & TCP_SYN)) {
		/* The acknowledged byte is the peer's second: its ISN is ack - 1. */
		*own = seq;
		*peer = ack - 1;
	} else {
		view->seq = seq - *own;
		view->ack = ack - *peer;
	}
	view->sack_base = *peer;
}
