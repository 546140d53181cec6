/* SPDX-License-Identifier: GPL-2.0 */
/* Command line: one table drives getopt_long and --help. */
#ifndef XDPDUMP_OPTIONS_H
#define XDPDUMP_OPTIONS_H

#include <stdbool.h>
#include "capture/capture.h"
#include "extcap.h"
#include "print.h"

#define XDPDUMP_MAX_IFACES 64
#define XDPDUMP_MAX_FORWARD 32

struct xdpdump_args {
	char *ifnames[XDPDUMP_MAX_IFACES];
	unsigned int nr_ifnames;
	const char *write_path; /* NULL: print lines */
	const char *read_path; /* -r: read a file, filter as tcpdump -r */
	bool verify_filter; /* --verify-filter: -r, and check the kernel's filter */
	bool kernel_filter; /* --kernel-filter: -r through the capture program */
	bool read_list; /* -V: read_path lists the files to read */
	const char *filter_file; /* -F */
	bool dump_filter; /* -d */
	bool action_given; /* --action */
	bool pcap;
	uint64_t rotate_bytes; /* -C, in bytes; 0: none */
	unsigned int rotate_seconds; /* -G; 0: none */
	unsigned int rotate_files; /* -W; 0: none */
	const char *owner; /* -Z USER; NULL: none */
	unsigned int file_mode; /* --file-mode; 0: the default 0600 */
	bool quiet; /* -q */
	bool list_interfaces;
	bool cleanup;
	bool version;
	bool help;
	int verbose;
	char *expression; /* the remaining arguments joined; NULL if none */
	struct packet_printer_opts print; /* -e -x -X -q -t -v: how lines look */
	bool print_options_given; /* any of them but -v */
	bool line_buffered; /* -l */
	bool packet_buffered; /* -U */
	bool print_too; /* --print: lines as well as -w */
	const char *postrotate; /* -z COMMAND */
	bool list_link_types; /* -L */
	struct capture_options capture;
	struct extcap_request extcap; /* Wireshark's --extcap-* options */
	/* Capture points (point_remote.h) */
	const char *rsh; /* --rsh: "ssh" unless given */
	const char *xdpdump_path; /* --xdpdump-path: "xdpdump" unless given */
	bool clock_probe; /* --clock-probe */
	struct {
		const char *name; /* long option name */
		const char *arg; /* NULL: none */
	} forward[XDPDUMP_MAX_FORWARD]; /* capture options, for remote points */
	unsigned int nr_forward;
};

/* 0, or -EINVAL with one line on stderr saying what was wrong. */
int options_parse(int argc, char **argv, struct xdpdump_args *args);
void options_usage(FILE *out);
void options_free(struct xdpdump_args *args);

#endif /* XDPDUMP_OPTIONS_H */
