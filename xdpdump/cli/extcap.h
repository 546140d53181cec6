/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wireshark's extcap interface: with a link to xdpdump in an extcap
 * folder, Wireshark and tshark list "XDP: IF" interfaces and capture from
 * them. Wireshark asks through --extcap-* options, one question per run,
 * and finally runs --capture with a fifo to write pcapng into.
 */
#ifndef XDPDUMP_EXTCAP_H
#define XDPDUMP_EXTCAP_H

#include <stdbool.h>
#include <stdio.h>

/* What Wireshark asked for on the command line. */
struct extcap_request {
	bool interfaces; /* --extcap-interfaces */
	bool dlts; /* --extcap-dlts */
	bool config; /* --extcap-config */
	bool capture; /* --capture */
	bool version_only; /* --extcap-version without --extcap-interfaces */
	const char *interface; /* --extcap-interface, "xdp:IF" */
	const char *fifo; /* --fifo */
	const char *capture_filter; /* --extcap-capture-filter */
};

/* Interface values carry this prefix, so that Wireshark's own interface
 * of the same name stays distinct and xdpdump's are recognisable. */
#define EXTCAP_IF_PREFIX "xdp:"

struct xdpdump_args;

/* Any --extcap-* option or --capture given. */
bool extcap__requested(const struct extcap_request *req);
/* Answer a question (interfaces, DLTs, config, filter check) on out; or,
 * for --capture, set *capture and turn the request into an ordinary
 * capture in args (interface, -w FIFO, filter). 0, or -errno after one line
 * on stderr (a wrong filter: its reason on out, as Wireshark expects). */
int extcap__run(struct xdpdump_args *args, FILE *out, bool *capture);
/* In a --capture run, after extcap__run(): open the fifo as stdout (the
 * capture writes to -w -), and stop as on SIGTERM once Wireshark closes its
 * reading end, even if no packet comes to notice it. 0 or -errno. */
int extcap__connect_fifo(struct xdpdump_args *args);

#endif /* XDPDUMP_EXTCAP_H */
