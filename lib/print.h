/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet printer: one text line per Ethernet frame, the way `tcpdump -n`
 * (4.99) prints it, for Ethernet, 802.1Q/802.1ad, ARP and RARP, IPv4 and
 * its options, IPv6 and its extension headers, IP in IP, TCP, UDP, ICMP,
 * ICMPv6, IGMP; anything else (application protocols on well-known ports
 * included) gets a readable fallback. Every read is bounded by the
 * captured length: a frame cut short ends its line with "[|proto]" as
 * tcpdump does.
 *
 * The printer keeps state between packets (TCP sequence bases, the previous
 * timestamp), so print one capture's packets through one printer, in order.
 */
#ifndef XDPDUMP_PRINT_H
#define XDPDUMP_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum print_time_format {
	PRINT_TIME_CLOCK, /* 12:34:56.123456 (local time), no -t */
	PRINT_TIME_NONE, /* -t */
	PRINT_TIME_EPOCH, /* -tt: 1700000000.123456 */
	PRINT_TIME_DELTA, /* -ttt: since the previous packet */
	PRINT_TIME_DATE, /* -tttt: 2023-11-14 22:13:20.123456 */
	PRINT_TIME_SINCE_FIRST, /* -ttttt: since the first packet */
};

enum print_hex {
	PRINT_HEX_NONE,
	PRINT_HEX_PAYLOAD, /* -x / -X: from the network header on */
	PRINT_HEX_FRAME, /* -xx / -XX: the whole frame */
};

struct packet_printer_opts {
	size_t sz; /* sizeof(struct packet_printer_opts) */
	enum print_time_format time_format;
	enum print_hex hex;
	bool ascii; /* -X: hex with ASCII */
	bool link_header; /* -e */
	bool quiet; /* -q */
	unsigned int verbose; /* -v: protocol detail */
	/* tcpdump's other printing habits (appended: callers built against
	 * the struct without them leave them zero). */
	unsigned int ascii_text; /* -A: the packet as text from the network
				  * header on; 2 (-AA): the whole frame. -x/-X win */
	bool absolute_seq; /* -S: TCP sequence numbers as they are */
	bool number; /* -#: each line starts with its packet number */
	bool nano; /* --time-stamp-precision=nano: nine digits */
	bool no_checksums; /* -K: IPv4, TCP and UDP checksums are not checked */
};

struct printed_packet {
	uint64_t ts_ns; /* wall clock, ns since the Unix epoch */
	uint32_t caplen; /* bytes in data */
	uint32_t len; /* length on the wire */
	const void *data; /* an Ethernet frame, or of linktype */
	const char *annotation; /* appended to the line, e.g. "@exit[DROP]"; may be NULL */
	/* The packet printed just before, seen again (an exit record after
	 * its entry record): TCP sequence state is read, not changed, so both
	 * lines show the same numbers. */
	bool repeat;
	/* The frame's LINKTYPE_*: Linux cooked v1 and v2, raw IPv4/IPv6,
	 * BSD loopback (null, loop) are decoded; without it, Ethernet. */
	bool has_linktype;
	uint16_t linktype;
};

struct packet_printer;

/* NULL + errno on failure. The printer writes to out, which it does not own. */
struct packet_printer *packet_printer__new(FILE *out, const struct packet_printer_opts *opts);
/* 0, or -EIO when writing failed. */
int packet_printer__print(struct packet_printer *p, const struct printed_packet *pkt);
void packet_printer__free(struct packet_printer *p);

#endif /* XDPDUMP_PRINT_H */
