/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link layers other than Ethernet, for savefiles read with -r. Each takes
 * the whole frame and sets *link_len to the bytes of link header that -x
 * leaves out of its dump.
 */
#ifndef XDPDUMP_PRINT_LINK_H
#define XDPDUMP_PRINT_LINK_H

#include "print_internal.h"

/* LINKTYPE_* values (https://www.tcpdump.org/linktypes.html). */
#define LINKTYPE_NULL 0
#define LINKTYPE_ETHERNET 1
#define LINKTYPE_RAW 101
#define LINKTYPE_LOOP 108
#define LINKTYPE_LINUX_SLL 113
#define LINKTYPE_IPV4 228
#define LINKTYPE_IPV6 229
#define LINKTYPE_LINUX_SLL2 276

int print_sll(struct packet_printer *pr, struct span s, uint32_t *link_len);
int print_sll2(struct packet_printer *pr, struct span s, uint32_t *link_len);
/* Raw IP: the version nibble picks IPv4 or IPv6. */
int print_raw_ip(struct packet_printer *pr, struct span s, uint32_t *link_len);
/* BSD loopback: a 4-byte address family, in the writer's byte order
 * (null) or network order (loop). */
int print_null(struct packet_printer *pr, struct span s, bool network_order, uint32_t *link_len);
/* Dispatch by pkt's link type (Ethernet without one). */
int print_link(struct packet_printer *pr, const struct printed_packet *pkt, struct span s,
	       uint32_t *link_len);

/* tcpdump's largest snap length, past which a length is invalid. */
#define PRINT_MAX_SNAPLEN 262144
/* A record whose lengths cannot be (no bytes, no length, more captured
 * than sent, over the largest snap length): tcpdump prints one line
 * saying so, without time. True when it was such a record. */
bool print_invalid_header(struct packet_printer *pr, const struct printed_packet *pkt);

#endif /* XDPDUMP_PRINT_LINK_H */
