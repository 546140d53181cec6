// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "linktype.h"
#include "log.h"
#include "capture/capture_budget.h"
#include "options.h"
#include "capture/ring_kind.h"
#include "xdpdump_shared.h"

enum long_only {
	OPT_VERSION = 0x100,
	OPT_PCAP,
	OPT_ATTACH,
	OPT_LOAD_MODE,
	OPT_CLEANUP,
	OPT_WAKEUP,
	OPT_REORDER,
	OPT_RX_CAPTURE,
	OPT_ACTION,
	/* tcpdump's long-only options */
	OPT_TS_PRECISION,
	OPT_MICRO,
	OPT_NANO,
	OPT_IMMEDIATE,
	OPT_NO_PROMISC,
	OPT_PRINT,
	OPT_EXTCAP_INTERFACES,
	OPT_EXTCAP_VERSION,
	OPT_EXTCAP_INTERFACE,
	OPT_EXTCAP_DLTS,
	OPT_EXTCAP_CONFIG,
	OPT_EXTCAP_CAPTURE,
	OPT_EXTCAP_FIFO,
	OPT_EXTCAP_FILTER,
	OPT_FILE_MODE,
	OPT_VERIFY_FILTER,
	OPT_KERNEL_FILTER,
	OPT_SAMPLE,
	OPT_MAX_RATE,
	OPT_RSH,
	OPT_XDPDUMP_PATH,
	OPT_EXIT_ON_EOF,
	OPT_CLOCK_PROBE,
	OPT_RING,
	OPT_RECORD_COPY,
};

struct option_spec {
	const char *name;
	int key; /* short option character or OPT_* */
	const char *arg; /* NULL: takes no argument */
	const char *group;
	const char *help;
};

/*
 * tcpdump's options that --help leaves out: those that mean nothing at XDP
 * (accepted, without effect), those XDP cannot do (refused, with the
 * reason), and tcpdump's other names for options in the table above.
 * man/xdpdump.8 lists them all in its TCPDUMP OPTIONS table.
 */
enum tcpdump_verdict {
	TCPDUMP_ALIAS, /* the option of the same key in specs[] */
	TCPDUMP_SAME, /* handled in apply_option(), only not in --help */
	TCPDUMP_NO_EFFECT, /* accepted; why says why it changes nothing */
	TCPDUMP_REFUSED, /* refused with why */
};

struct tcpdump_spec {
	const char *name; /* NULL: short option only */
	int key;
	const char *arg;
	enum tcpdump_verdict verdict;
	const char *why;
};

/* The group whose options are a mode of their own: listed apart in the
 * synopsis. */
#define EXTCAP_GROUP "Wireshark extcap"

/*
 * The group is the option's heading in --help, which prints groups in the
 * order of their first option here, so a new group needs nothing else.
 * man/xdpdump.8 documents each option under a .SS of the same name, and
 * every short option in its SYNOPSIS; tests/integration/test_help_man.sh
 * checks both.
 */
static const struct option_spec specs[] = {
	{ "interface", 'i', "IF", "Capture", "capture on IF (repeatable; one file holds all)" },
	{ "snaplen", 's', "BYTES", "Capture", "bytes kept of each packet (default 262144)" },
	{ "count", 'c', "N", "Capture", "stop after writing N packets" },
	{ "linktype", 'y', "TYPE", "Capture",
	  "EN10MB, the link type XDP sees (others are refused)" },
	{ "direction", 'Q', "in", "Capture",
	  "in: received packets, all that XDP sees (out and inout are refused)" },
	{ "rx-capture", OPT_RX_CAPTURE, "POINTS", "Capture",
	  "entry, exit or entry,exit: before and/or after the XDP program (default entry)" },
	{ "action", OPT_ACTION, "LIST", "Capture",
	  "keep only exit records with these verdicts: aborted,drop,pass,tx,redirect" },
	{ "sample", OPT_SAMPLE, "N", "Capture",
	  "keep 1 in N of the packets the filter keeps (decided in the kernel)" },
	{ "max-rate", OPT_MAX_RATE, "PPS", "Capture",
	  "at most PPS records a second per interface, all CPUs (in the kernel)" },
	{ "filter-file", 'F', "FILE", "Capture", "read the filter expression from FILE" },
	{ "read", 'r', "FILE", "Capture",
	  "read packets from a pcap/pcapng FILE and filter them as tcpdump -r does" },
	{ "verify-filter", OPT_VERIFY_FILTER, NULL, "Capture",
	  "-r: also run the kernel's translation of the filter; report disagreements" },
	{ "kernel-filter", OPT_KERNEL_FILTER, NULL, "Capture",
	  "-r: keep what the capture program keeps in the kernel, as a live capture would" },
	{ "read-list", 'V', "FILE", "Capture", "as -r, for each file FILE names (one a line)" },
	{ "dump-filter", 'd', NULL, "Capture",
	  "print the filter's cBPF and the eBPF it became, then exit" },
	{ "write", 'w', "FILE", "Output",
	  "write pcapng to FILE ('-' for stdout; a name ending in .gz: gzip)" },
	{ "pcap", OPT_PCAP, NULL, "Output", "write classic pcap (nanosecond) instead of pcapng" },
	{ "file-size", 'C', "SIZE", "Output",
	  "new file when one is over SIZE million bytes (or SIZEk/m/g: KiB/MiB/GiB)" },
	{ "rotate-seconds", 'G', "SECONDS", "Output",
	  "new file every SECONDS; FILE is a strftime(3) pattern" },
	{ "file-count", 'W', "COUNT", "Output",
	  "-C: a ring of COUNT files; -G: stop after COUNT files" },
	{ "file-owner", 'Z', "USER", "Output", "files are created owned by USER" },
	{ "postrotate-command", 'z', "COMMAND", "Output",
	  "-C, -G: run COMMAND FILE on each file rotation closes" },
	{ "file-mode", OPT_FILE_MODE, "MODE", "Output",
	  "permissions of new files, octal (default 0600)" },
	{ "quiet", 'q', NULL, "Output", "quiet: less protocol detail; no status line" },
	{ "link-header", 'e', NULL, "Output", "without -w: print the Ethernet header too" },
	{ "hex", 'x', NULL, "Output",
	  "without -w: hex dump from the network header (-xx: the frame)" },
	{ "hex-ascii", 'X', NULL, "Output", "as -x, with ASCII (-XX: the whole frame)" },
	{ "time", 't', NULL, "Output",
	  "-t no time, -tt epoch, -ttt delta, -tttt date, -ttttt since first" },
	{ "line-buffered", 'l', NULL, "Output", "flush stdout after every printed line" },
	{ "print", OPT_PRINT, NULL, "Output", "with -w FILE: print the lines on stdout as well" },
	{ "packet-buffered", 'U', NULL, "Output",
	  "write every packet at once: flush the -w file, or stdout, after each" },
	{ "ascii", 'A', NULL, "Output",
	  "without -w: the packet as text, from the network header (-AA: the frame)" },
	{ "absolute-tcp-sequence-numbers", 'S', NULL, "Output",
	  "print TCP sequence numbers as they are, not relative" },
	{ "number", '#', NULL, "Output", "start each printed line with the packet's number" },
	{ "dont-verify-checksums", 'K', NULL, "Output",
	  "-v does not check IPv4, TCP and UDP checksums" },
	{ "time-stamp-precision", OPT_TS_PRECISION, "micro|nano", "Output",
	  "printed time stamps to the microsecond (default) or nanosecond" },
	{ "attach", OPT_ATTACH, "HOW", "Attaching",
	  "auto|load|multiprog|tailcall|trace (default auto)" },
	{ "program-names", 'p', "PROGS", "Attaching",
	  "trace these programs (NAME or ID, comma-separated, or all) with fentry/fexit" },
	{ "load-mode", OPT_LOAD_MODE, "MODE", "Attaching",
	  "native|skb for --attach load (default native, else skb)" },
	{ "cleanup", OPT_CLEANUP, NULL, "Attaching",
	  "only restore interfaces a killed xdpdump left behind" },
	{ "ring", OPT_RING, "KIND", "Performance",
	  "perf|ringbuf|auto: how records reach us (default auto: ringbuf where the kernel has it)" },
	{ "record-copy", OPT_RECORD_COPY, "HOW", "Performance",
	  "auto|dynptr|classes: how the ring buffer's records copy the packet (default auto: dynptr where the kernel has it)" },
	{ "buffer-size", 'B', "KiB", "Performance",
	  "ring size per interface (ringbuf, default 64 MiB) or per CPU (perf, default 64 MiB per interface shared by the CPUs, 4-32 MiB each)" },
	{ "perf-wakeup", OPT_WAKEUP, "N", "Performance",
	  "wake up every N packets per ring (default 0: when a ring is a quarter full)" },
	{ "reorder-window", OPT_REORDER, "MS", "Performance",
	  "hold packets MS milliseconds to merge CPUs in time order (default 5)" },
	{ "rsh", OPT_RSH, "CMD", "Capture points",
	  "run remote points (-i HOST:IF) with CMD instead of ssh; CMD may hold arguments" },
	{ "xdpdump-path", OPT_XDPDUMP_PATH, "PATH", "Capture points",
	  "the xdpdump program on remote hosts (default xdpdump)" },
	{ "exit-on-eof", OPT_EXIT_ON_EOF, NULL, "Capture points",
	  "stop when stdin ends or stdout's reader goes (a remote point's side)" },
	{ "clock-probe", OPT_CLOCK_PROBE, NULL, "Capture points",
	  "answer clock probes on stdin before the capture (a remote point's side)" },
	{ "list-interfaces", 'D', NULL, "Information", "list interfaces and their XDP programs" },
	{ "list-data-link-types", 'L', NULL, "Information",
	  "list the link types of the -i interfaces and exit" },
	{ "verbose", 'v', NULL, "Information",
	  "more messages (library and verifier output) and more protocol detail in lines" },
	{ "version", OPT_VERSION, NULL, "Information", "print versions and exit" },
	{ "help", 'h', NULL, "Information", "this text" },
	{ "extcap-interfaces", OPT_EXTCAP_INTERFACES, NULL, EXTCAP_GROUP,
	  "print the interfaces to offer in Wireshark" },
	{ "extcap-version", OPT_EXTCAP_VERSION, "VER", EXTCAP_GROUP,
	  "Wireshark's version (ignored); alone: print the extcap version" },
	{ "extcap-interface", OPT_EXTCAP_INTERFACE, "xdp:IF", EXTCAP_GROUP,
	  "the interface the other extcap options are about" },
	{ "extcap-dlts", OPT_EXTCAP_DLTS, NULL, EXTCAP_GROUP, "print the interface's link type" },
	{ "extcap-config", OPT_EXTCAP_CONFIG, NULL, EXTCAP_GROUP,
	  "print the settings Wireshark offers for the interface" },
	{ "capture", OPT_EXTCAP_CAPTURE, NULL, EXTCAP_GROUP,
	  "capture on the --extcap-interface into the --fifo" },
	{ "fifo", OPT_EXTCAP_FIFO, "FIFO", EXTCAP_GROUP, "where --capture writes pcapng" },
	{ "extcap-capture-filter", OPT_EXTCAP_FILTER, "EXPR", EXTCAP_GROUP,
	  "the filter expression; without --capture: check it, print why it is wrong" },
};

#define NR_SPECS (sizeof(specs) / sizeof(specs[0]))

static const struct tcpdump_spec tcpdump_specs[] = {
	{ "snapshot-length", 's', "BYTES", TCPDUMP_ALIAS, NULL },
	{ "relinquish-privileges", 'Z', "USER", TCPDUMP_ALIAS, NULL },
	{ "micro", OPT_MICRO, NULL, TCPDUMP_SAME, NULL },
	{ "nano", OPT_NANO, NULL, TCPDUMP_SAME, NULL },
	{ NULL, 'n', NULL, TCPDUMP_NO_EFFECT,
	  "addresses and ports are always printed as numbers" },
	{ NULL, 'N', NULL, TCPDUMP_NO_EFFECT, "host names are never printed" },
	{ NULL, 'f', NULL, TCPDUMP_NO_EFFECT, "addresses are always printed as numbers" },
	{ NULL, 'b', NULL, TCPDUMP_NO_EFFECT, "BGP is not decoded" },
	{ NULL, 'H', NULL, TCPDUMP_NO_EFFECT, "802.11s is not decoded" },
	{ NULL, 'u', NULL, TCPDUMP_NO_EFFECT, "NFS is not decoded" },
	{ "no-optimize", 'O', NULL, TCPDUMP_NO_EFFECT,
	  "the filter is always optimized; its verdicts are the same" },
	{ "immediate-mode", OPT_IMMEDIATE, NULL, TCPDUMP_NO_EFFECT,
	  "every record is handed over as soon as the rings are read" },
	{ "no-promiscuous-mode", OPT_NO_PROMISC, NULL, TCPDUMP_NO_EFFECT,
	  "xdpdump never turns promiscuous mode on" },
	{ "monitor-mode", 'I', NULL, TCPDUMP_REFUSED,
	  "XDP sees the frames a driver hands to the stack, not 802.11 monitor mode" },
	{ "time-stamp-type", 'j', "TYPE", TCPDUMP_REFUSED,
	  "the capture program stamps packets with the kernel's clock; there is no other type" },
	{ "list-time-stamp-types", 'J', NULL, TCPDUMP_REFUSED,
	  "the capture program stamps packets with the kernel's clock; there is no other type" },
	{ NULL, 'E', "SECRET", TCPDUMP_REFUSED, "ESP is not decoded, so nothing is decrypted" },
	{ NULL, 'M', "SECRET", TCPDUMP_REFUSED, "TCP-MD5 signatures are not checked" },
	{ NULL, 'm', "MODULE", TCPDUMP_REFUSED, "SNMP is not decoded, so no MIB is loaded" },
	{ NULL, 'T', "TYPE", TCPDUMP_REFUSED,
	  "packets are decoded by their own headers; none of -T's types is decoded" },
};

#define NR_TCPDUMP_SPECS (sizeof(tcpdump_specs) / sizeof(tcpdump_specs[0]))

/* Wireshark passes its version as --extcap-version=4.0, or not at all. */
static bool optional_arg(const struct option_spec *o)
{
	return o->key == OPT_EXTCAP_VERSION;
}

#define USAGE_WIDTH 80
#define HELP_COLUMN 32

/* Append word to the line at *col, wrapping to indent when it would pass
 * the usage width. */
static void put_word(FILE *out, const char *word, size_t len, size_t *col, size_t indent)
{
	if (*col > indent && *col + 1 + len >= USAGE_WIDTH) {
		fprintf(out, "\n%*s", (int)indent, "");
		*col = indent;
	} else if (*col > indent) {
		fputc(' ', out);
		(*col)++;
	}
	fprintf(out, "%.*s", (int)len, word);
	*col += len;
}

static bool in_synopsis(const struct option_spec *o)
{
	return strcmp(o->group, EXTCAP_GROUP) != 0;
}

/* tcpdump's order: by letter, lower case before upper case. */
static int short_cmp(const void *a, const void *b)
{
	int x = *(const char *)a, y = *(const char *)b;
	int lx = x | 0x20, ly = y | 0x20;

	return lx != ly ? lx - ly : y - x;
}

/* "[-dDhv]": every short option without an argument, in one bracket. */
static void synopsis_flags(FILE *out, size_t *col, size_t indent)
{
	char flags[NR_SPECS + 4] = "[-";
	size_t n = 2;

	for (size_t i = 0; i < NR_SPECS; i++)
		if (specs[i].key < 0x100 && !specs[i].arg && in_synopsis(&specs[i]))
			flags[n++] = specs[i].key;
	qsort(flags + 2, n - 2, 1, short_cmp);
	flags[n++] = ']';
	if (n > 3)
		put_word(out, flags, n, col, indent);
}

static void synopsis_with_args(FILE *out, size_t *col, size_t indent)
{
	char keys[NR_SPECS], word[64];
	size_t n = 0;

	for (size_t i = 0; i < NR_SPECS; i++)
		if (specs[i].key < 0x100 && specs[i].arg && in_synopsis(&specs[i]))
			keys[n++] = specs[i].key;
	qsort(keys, n, 1, short_cmp);
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < NR_SPECS; i++)
			if (specs[i].key == keys[k]) {
				snprintf(word, sizeof(word), "[-%c %s]", keys[k], specs[i].arg);
				put_word(out, word, strlen(word), col, indent);
			}
	for (size_t i = 0; i < NR_SPECS; i++) {
		if (specs[i].key < 0x100 || !in_synopsis(&specs[i]))
			continue;
		snprintf(word, sizeof(word), "[--%s%s%s]", specs[i].name, specs[i].arg ? " " : "",
			 specs[i].arg ? specs[i].arg : "");
		put_word(out, word, strlen(word), col, indent);
	}
}

static void print_synopsis(FILE *out)
{
	static const char lead[] = "Usage: xdpdump ";
	size_t indent = strlen(lead), col = indent;

	fputs(lead, out);
	synopsis_flags(out, &col, indent);
	synopsis_with_args(out, &col, indent);
	put_word(out, "[expression]", 12, &col, indent);
	fprintf(out, "\n"
		     "       xdpdump --extcap-interfaces\n"
		     "       xdpdump --extcap-interface xdp:IF --extcap-dlts | --extcap-config\n"
		     "       xdpdump --extcap-interface xdp:IF --capture --fifo FIFO\n"
		     "               [--extcap-capture-filter EXPR] [options]\n");
}

/* "  -i, --interface IF" then the help text, wrapped in its column. */
static void print_option(FILE *out, const struct option_spec *o)
{
	const char *arg = o->arg ? o->arg : "";
	const char *sep = !o->arg ? "" : optional_arg(o) ? "[=" : " ";
	const char *word = o->help;
	char left[64];
	size_t col;

	if (o->key < 0x100)
		snprintf(left, sizeof(left), "  -%c, --%s%s%s%s", o->key, o->name, sep, arg,
			 optional_arg(o) ? "]" : "");
	else
		snprintf(left, sizeof(left), "      --%s%s%s%s", o->name, sep, arg,
			 optional_arg(o) ? "]" : "");
	fputs(left, out);
	col = strlen(left);
	if (col + 1 >= HELP_COLUMN) {
		fputc('\n', out);
		col = 0;
	}
	fprintf(out, "%*s", (int)(HELP_COLUMN - col), "");
	col = HELP_COLUMN;
	while (*word) {
		size_t len = strcspn(word, " ");

		put_word(out, word, len, &col, HELP_COLUMN);
		word += len + strspn(word + len, " ");
	}
	fputc('\n', out);
}

/* Groups appear in the order of their first option in the table, so a new
 * group needs no list of its own. */
static bool group_seen_before(size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(specs[j].group, specs[i].group))
			return true;
	return false;
}

void options_usage(FILE *out)
{
	print_synopsis(out);
	for (size_t g = 0; g < NR_SPECS; g++) {
		if (group_seen_before(g))
			continue;
		fprintf(out, "\n%s:\n", specs[g].group);
		for (size_t i = g; i < NR_SPECS; i++)
			if (!strcmp(specs[i].group, specs[g].group))
				print_option(out, &specs[i]);
	}
	fprintf(out, "\nThe expression is a pcap filter (pcap-filter(7)); see xdpdump(8).\n");
}

static int has_arg(const char *arg, bool optional)
{
	return !arg ? no_argument : optional ? optional_argument : required_argument;
}

static void add_short(char *shorts, size_t *n, int key, const char *arg)
{
	if (key >= 0x100)
		return;
	shorts[(*n)++] = key;
	if (arg)
		shorts[(*n)++] = ':';
}

static void build_tables(struct option *longs, char *shorts)
{
	size_t n = 0, nr_longs = 0;

	for (size_t i = 0; i < NR_SPECS; i++) {
		longs[nr_longs++] =
			(struct option){ specs[i].name,
					 has_arg(specs[i].arg, optional_arg(&specs[i])), NULL,
					 specs[i].key };
		add_short(shorts, &n, specs[i].key, specs[i].arg);
	}
	for (size_t i = 0; i < NR_TCPDUMP_SPECS; i++) {
		const struct tcpdump_spec *t = &tcpdump_specs[i];

		if (t->name)
			longs[nr_longs++] =
				(struct option){ t->name, has_arg(t->arg, false), NULL, t->key };
		if (t->verdict != TCPDUMP_ALIAS)
			add_short(shorts, &n, t->key, t->arg);
	}
	longs[nr_longs] = (struct option){ 0 };
	shorts[n] = '\0';
}

/* A comma-separated list of names; sets bit i for names[i]. */
static int parse_name_list(const char *what, const char *text, const char *const *names,
			   size_t nr_names, uint32_t *bits)
{
	char *copy = strdup(text), *save = NULL, *word;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	*bits = 0;
	for (word = strtok_r(copy, ",", &save); word && !err; word = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < nr_names && strcmp(word, names[i]); i++)
			;
		if (i == nr_names)
			err = -EINVAL;
		else
			*bits |= 1u << i;
	}
	if (err || !*bits) {
		pr_err("invalid %s '%s'\n", what, text);
		err = -EINVAL;
	}
	free(copy);
	return err;
}

static int parse_rx_capture(const char *text, struct capture_options *c)
{
	static const char *const points[] = { "entry", "exit" };
	uint32_t bits;
	int err = parse_name_list("--rx-capture (entry, exit or entry,exit)", text, points, 2,
				  &bits);

	c->capture_entry = bits & 1;
	c->capture_exit = bits & 2;
	return err;
}

static int parse_actions(const char *text, uint32_t *mask)
{
	/* In XDP action order: XDP_ABORTED = 0 ... XDP_REDIRECT = 4. */
	static const char *const actions[] = { "aborted", "drop", "pass", "tx", "redirect" };

	return parse_name_list("--action (aborted, drop, pass, tx, redirect)", text, actions, 5,
			       mask);
}

/* Whole-string unsigned decimal within [min, max]; no sign, no junk. */
static int parse_number(const char *what, const char *text, unsigned long long min,
			unsigned long long max, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		goto bad;
	*out = strtoull(text, &end, 10);
	if (errno || *end || *out < min || *out > max)
		goto bad;
	return 0;
bad:
	pr_err("invalid %s '%s': expected a number from %llu to %llu\n", what, text, min, max);
	return -EINVAL;
}

/* tcpdump's -C: millions of bytes, or k/m/g for KiB/MiB/GiB. */
static int parse_file_size(const char *text, uint64_t *bytes)
{
	static const char units[] = "kmg";
	const char *unit = NULL;
	uint64_t scale = 1000000;
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (*end && !end[1])
		unit = strchr(units, *end | 0x20);
	if (unit)
		scale = 1ull << (10 * (unit - units + 1));
	if (text[0] < '0' || text[0] > '9' || errno || (*end && !unit) || !v ||
	    v > UINT64_MAX / scale) {
		pr_err("invalid -C file size '%s': expected millions of bytes (1 or more), or KiB, MiB or GiB with k, m or g\n",
		       text);
		return -EINVAL;
	}
	*bytes = v * scale;
	return 0;
}

static int parse_file_mode(const char *text, unsigned int *mode)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 8);
	if (text[0] < '0' || text[0] > '7' || errno || *end || v > 0777 || (v & 0600) != 0600) {
		pr_err("invalid --file-mode '%s': expected octal permissions from 0600 to 0777\n",
		       text);
		return -EINVAL;
	}
	*mode = v;
	return 0;
}

static void set_defaults(struct xdpdump_args *args)
{
	memset(args, 0, sizeof(*args));
	args->capture.snaplen = XDPDUMP_DEFAULT_SNAPLEN;
	args->capture.ring_kib =
		0; /* sized by CPU count, see ring_size_kib() in capture_loop.c */
	args->capture.wakeup = 0;
	args->capture.ring = XDPDUMP_RING_AUTO;
	args->capture.record_copy = RECORD_COPY_AUTO;
	args->capture.reorder_window_ns = 5ull * 1000 * 1000;
	args->capture.capture_entry = true;
	args->capture.exit_actions = UINT32_MAX;
	args->print.sz = sizeof(args->print);
	args->rsh = "ssh";
	args->xdpdump_path = "xdpdump";
}

/* The options a remote capture point must run with, as given: what the
 * packets are and how the hook is taken, not where the file goes. */
static void remember_for_points(struct xdpdump_args *args, int key, char *arg)
{
	static const int keys[] = {
		's',	    'c',	   'p',	       'B',	    OPT_RX_CAPTURE, OPT_ACTION,
		OPT_ATTACH, OPT_LOAD_MODE, OPT_WAKEUP, OPT_REORDER, OPT_SAMPLE,	    OPT_MAX_RATE
	};

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		if (keys[k] != key || args->nr_forward == XDPDUMP_MAX_FORWARD)
			continue;
		for (size_t i = 0; i < NR_SPECS; i++)
			if (specs[i].key == key)
				args->forward[args->nr_forward].name = specs[i].name;
		args->forward[args->nr_forward++].arg = arg;
	}
}

/* Accepted without effect: 1; refused, with one line saying why: -EINVAL;
 * any other option: 0. */
static int apply_tcpdump_verdict(int key)
{
	for (size_t i = 0; i < NR_TCPDUMP_SPECS; i++) {
		const struct tcpdump_spec *t = &tcpdump_specs[i];

		if (t->key != key)
			continue;
		if (t->verdict == TCPDUMP_NO_EFFECT)
			return 1;
		if (t->verdict != TCPDUMP_REFUSED)
			return 0;
		if (key < 0x100)
			pr_err("-%c: %s\n", key, t->why);
		else
			pr_err("--%s: %s\n", t->name, t->why);
		return -EINVAL;
	}
	return 0;
}

/* tcpdump's -Q: XDP runs on the receive path only. */
static int parse_direction(const char *text)
{
	if (!strcmp(text, "in"))
		return 0;
	if (!strcmp(text, "out") || !strcmp(text, "inout"))
		pr_err("-Q %s: XDP sees received packets only (-Q in)\n", text);
	else
		pr_err("invalid -Q '%s': expected in (out and inout are not seen at XDP)\n",
		       text);
	return -EINVAL;
}

static int parse_precision(const char *text, bool *nano)
{
	*nano = !strcmp(text, "nano");
	if (*nano || !strcmp(text, "micro"))
		return 0;
	pr_err("invalid --time-stamp-precision '%s': expected micro or nano\n", text);
	return -EINVAL;
}

/* -e -x -X -q -t -l -A -S -# -K and the time stamp precision: tcpdump's
 * letters, repeatable where tcpdump's are. */
static void apply_print_option(struct xdpdump_args *args, int key)
{
	struct packet_printer_opts *p = &args->print;

	/* -q also quiets the status line of a capture to a file; files
	 * always keep nanoseconds, so the precision is no error with -w. */
	args->print_options_given |= key != 'q' && key != OPT_MICRO && key != OPT_NANO;
	switch (key) {
	case 'A':
		if (p->ascii_text < 2)
			p->ascii_text++;
		break;
	case 'S':
		p->absolute_seq = true;
		break;
	case '#':
		p->number = true;
		break;
	case 'K':
		p->no_checksums = true;
		break;
	case OPT_MICRO:
		p->nano = false;
		break;
	case OPT_NANO:
		p->nano = true;
		break;
	case 'e':
		p->link_header = true;
		break;
	case 'X':
		p->ascii = true;
		/* fall through */
	case 'x':
		p->hex = p->hex == PRINT_HEX_NONE ? PRINT_HEX_PAYLOAD : PRINT_HEX_FRAME;
		break;
	case 'q':
		p->quiet = true;
		args->quiet = true;
		break;
	case 't':
		if (p->time_format < PRINT_TIME_SINCE_FIRST)
			p->time_format++;
		break;
	case 'l':
		args->line_buffered = true;
		break;
	}
}

static int apply_extcap_option(struct extcap_request *req, int key, char *arg);

static int apply_option(struct xdpdump_args *args, int key, char *arg)
{
	struct capture_options *c = &args->capture;
	unsigned long long v;
	int err = apply_tcpdump_verdict(key);

	if (err)
		return err < 0 ? err : 0;
	switch (key) {
	case 'i':
		if (args->nr_ifnames == XDPDUMP_MAX_IFACES) {
			pr_err("too many interfaces (at most %d)\n", XDPDUMP_MAX_IFACES);
			return -EINVAL;
		}
		args->ifnames[args->nr_ifnames++] = arg;
		break;
	case 's':
		/* tcpdump's convention: 0 means the default, the maximum. */
		err = parse_number("snaplen", arg, 0, XDPDUMP_DEFAULT_SNAPLEN, &v);
		c->snaplen = v ? v : XDPDUMP_DEFAULT_SNAPLEN;
		break;
	case 'c':
		err = parse_number("count", arg, 1, ULLONG_MAX, &v);
		c->count = v;
		break;
	case 'w':
		args->write_path = arg;
		break;
	case 'r':
	case 'V':
		if (args->read_path && (key == 'V') != args->read_list) {
			pr_err("-r and -V both name what to read: give one of them\n");
			return -EINVAL;
		}
		args->read_list = key == 'V';
		args->read_path = arg;
		break;
	case 'F':
		args->filter_file = arg;
		break;
	case OPT_VERIFY_FILTER:
		args->verify_filter = true;
		break;
	case OPT_KERNEL_FILTER:
		args->kernel_filter = true;
		break;
	case 'p':
		if (!*arg) {
			pr_err("invalid -p '': expected program names or ids, or all\n");
			return -EINVAL;
		}
		c->programs = arg;
		break;
	case 'd':
		args->dump_filter = true;
		break;
	case 'B':
		err = parse_number("buffer size (KiB)", arg, 4, 1 << 20, &v);
		c->ring_kib = v;
		break;
	case OPT_RING:
		err = ring_kind__parse(arg, &c->ring);
		break;
	case OPT_RECORD_COPY:
		err = ring_kind__parse_copy(arg, &c->record_copy);
		break;
	case OPT_WAKEUP:
		err = parse_number("perf wakeup", arg, 0, 1 << 16, &v);
		c->wakeup = v;
		break;
	case OPT_REORDER:
		err = parse_number("reorder window (ms)", arg, 0, 10000, &v);
		c->reorder_window_ns = v * 1000 * 1000;
		break;
	case OPT_PCAP:
		args->pcap = true;
		break;
	case 'C':
		err = parse_file_size(arg, &args->rotate_bytes);
		break;
	case 'G':
		err = parse_number("-G seconds", arg, 1, INT_MAX, &v);
		args->rotate_seconds = v;
		break;
	case 'W':
		err = parse_number("-W file count", arg, 1, INT_MAX, &v);
		args->rotate_files = v;
		break;
	case 'Z':
		args->owner = arg;
		break;
	case 'z':
		args->postrotate = arg;
		break;
	case OPT_FILE_MODE:
		err = parse_file_mode(arg, &args->file_mode);
		break;
	case OPT_SAMPLE:
		err = parse_number("--sample", arg, 1, BUDGET_SAMPLE_MAX, &v);
		c->sample = v;
		break;
	case OPT_MAX_RATE:
		err = parse_number("--max-rate (records a second)", arg, 1, BUDGET_RATE_MAX, &v);
		c->max_rate = v;
		break;
	case OPT_RX_CAPTURE:
		err = parse_rx_capture(arg, c);
		break;
	case OPT_ACTION:
		err = parse_actions(arg, &c->exit_actions);
		args->action_given = true;
		break;
	case OPT_ATTACH:
		err = attach_strategy__parse(arg, &c->attach.strategy);
		if (err)
			pr_err("invalid --attach '%s': expected auto, load, multiprog, tailcall or trace\n",
			       arg);
		break;
	case OPT_LOAD_MODE:
		err = hook_mode__parse(arg, &c->attach.load_mode);
		if (err)
			pr_err("invalid --load-mode '%s': expected native or skb\n", arg);
		break;
	case OPT_CLEANUP:
		args->cleanup = true;
		break;
	case OPT_RSH:
		args->rsh = arg;
		break;
	case OPT_XDPDUMP_PATH:
		args->xdpdump_path = arg;
		break;
	case OPT_EXIT_ON_EOF:
		args->capture.exit_on_eof = true;
		break;
	case OPT_CLOCK_PROBE:
		args->clock_probe = true;
		break;
	case 'D':
		args->list_interfaces = true;
		break;
	case 'v':
		args->verbose++;
		args->print.verbose++;
		break;
	case 'e':
	case 'x':
	case 'X':
	case 'q':
	case 't':
	case 'l':
	case 'A':
	case 'S':
	case '#':
	case 'K':
	case OPT_MICRO:
	case OPT_NANO:
		apply_print_option(args, key);
		break;
	case OPT_TS_PRECISION:
		err = parse_precision(arg, &args->print.nano);
		break;
	case 'U':
		args->packet_buffered = true;
		break;
	case OPT_PRINT:
		args->print_too = true;
		break;
	case 'y':
		err = linktype__check(arg);
		break;
	case 'Q':
		err = parse_direction(arg);
		break;
	case 'L':
		args->list_link_types = true;
		break;
	case OPT_VERSION:
		args->version = true;
		break;
	case 'h':
		args->help = true;
		break;
	default:
		return apply_extcap_option(&args->extcap, key, arg);
	}
	return err;
}

static int apply_extcap_option(struct extcap_request *req, int key, char *arg)
{
	switch (key) {
	case OPT_EXTCAP_INTERFACES:
		req->interfaces = true;
		break;
	case OPT_EXTCAP_VERSION:
		req->version_only = true;
		break;
	case OPT_EXTCAP_INTERFACE:
		req->interface = arg;
		break;
	case OPT_EXTCAP_DLTS:
		req->dlts = true;
		break;
	case OPT_EXTCAP_CONFIG:
		req->config = true;
		break;
	case OPT_EXTCAP_CAPTURE:
		req->capture = true;
		break;
	case OPT_EXTCAP_FIFO:
		req->fifo = arg;
		break;
	case OPT_EXTCAP_FILTER:
		req->capture_filter = arg;
		break;
	default:
		pr_err("unknown option (see xdpdump --help)\n");
		return -EINVAL;
	}
	return 0;
}

/* tcpdump joins the remaining arguments into one expression. */
static int join_expression(struct xdpdump_args *args, int argc, char **argv)
{
	size_t len = 0;

	if (optind >= argc)
		return 0;
	for (int i = optind; i < argc; i++)
		len += strlen(argv[i]) + 1;
	args->expression = calloc(1, len);
	if (!args->expression)
		return -ENOMEM;
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			strcat(args->expression, " ");
		strcat(args->expression, argv[i]);
	}
	return 0;
}

/* Everything about files needs a file: not the terminal, not stdout. */
static int check_file_options(const struct xdpdump_args *args)
{
	bool to_file = args->write_path && strcmp(args->write_path, "-");
	const char *which = args->rotate_bytes	 ? "-C" :
			    args->rotate_seconds ? "-G" :
			    args->rotate_files	 ? "-W" :
			    args->owner		 ? "-Z" :
			    args->file_mode	 ? "--file-mode" :
						   NULL;

	if (which && !to_file) {
		pr_err("%s applies to files: it needs -w FILE (not the terminal or -w -)\n",
		       which);
		return -EINVAL;
	}
	if (args->postrotate && !args->rotate_bytes && !args->rotate_seconds) {
		pr_err("-z runs on rotated files: it needs -C or -G\n");
		return -EINVAL;
	}
	if (args->rotate_files && !args->rotate_bytes && !args->rotate_seconds) {
		pr_err("-W counts rotated files: it needs -C or -G\n");
		return -EINVAL;
	}
	return 0;
}

static int check_combination(const struct xdpdump_args *args)
{
	bool extcap = extcap__requested(&args->extcap);

	if (args->help || args->version || args->list_interfaces || args->list_link_types)
		return 0;
	/* Wireshark's questions are checked by extcap.c; a --capture gets its
	 * interface from --extcap-interface, and the rest as usual. */
	if (extcap && !args->extcap.capture)
		return 0;
	if (check_file_options(args))
		return -EINVAL;
	if (args->filter_file && args->expression) {
		pr_err("give the filter either with -F or as arguments, not both\n");
		return -EINVAL;
	}
	if ((args->verify_filter || args->kernel_filter) && !args->read_path) {
		pr_err("--verify-filter and --kernel-filter work on a file: they need -r\n");
		return -EINVAL;
	}
	if (args->verify_filter && args->kernel_filter) {
		pr_err("--verify-filter and --kernel-filter do not go together\n");
		return -EINVAL;
	}
	if (args->verify_filter && !args->expression && !args->filter_file) {
		pr_err("--verify-filter needs a filter expression\n");
		return -EINVAL;
	}
	if (args->dump_filter)
		return 0;
	if (args->print_too && args->write_path && !strcmp(args->write_path, "-")) {
		pr_err("--print prints on stdout: it cannot go with -w - (pcapng on stdout)\n");
		return -EINVAL;
	}
	if (args->write_path && args->print_options_given && !args->print_too) {
		pr_err("-e, -x, -X, -A, -S, -#, -K, -q, -t and -l shape printed lines: with -w they need --print\n");
		return -EINVAL;
	}
	if (args->read_path) {
		if (args->capture.sample || args->capture.max_rate) {
			pr_err("--sample and --max-rate apply to live capture, not to -r\n");
			return -EINVAL;
		}
		if (args->nr_ifnames || args->cleanup) {
			pr_err("-r and -V read files: they take no -i or --cleanup\n");
			return -EINVAL;
		}
		return 0;
	}
	if (!args->nr_ifnames && !extcap) {
		pr_err("no interface given (-i IF); xdpdump -D lists them\n");
		return -EINVAL;
	}
	if (args->pcap && args->nr_ifnames > 1) {
		pr_err("--pcap holds one interface per file; use pcapng for several\n");
		return -EINVAL;
	}
	if (args->action_given && !args->capture.capture_exit) {
		pr_err("--action selects exit records: it needs --rx-capture exit or entry,exit\n");
		return -EINVAL;
	}
	if (args->capture.attach.load_mode && args->capture.attach.strategy != ATTACH_AUTO &&
	    args->capture.attach.strategy != ATTACH_LOAD) {
		pr_err("--load-mode applies only to --attach load (other strategies keep the mode they find)\n");
		return -EINVAL;
	}
	return 0;
}

int options_parse(int argc, char **argv, struct xdpdump_args *args)
{
	struct option longs[NR_SPECS + NR_TCPDUMP_SPECS + 1];
	char shorts[2 * (NR_SPECS + NR_TCPDUMP_SPECS) + 2];
	int key, err;

	set_defaults(args);
	build_tables(longs, shorts);
	opterr = 0;
	while ((key = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (key == '?' || key == ':') {
			pr_err("%s option '%s' (see xdpdump --help)\n",
			       key == ':' ? "missing argument for" : "unknown or incomplete",
			       argv[optind - 1]);
			return -EINVAL;
		}
		err = apply_option(args, key, optarg);
		if (err)
			return err;
		remember_for_points(args, key, optarg);
	}
	err = join_expression(args, argc, argv);
	if (err)
		return err;
	return check_combination(args);
}

void options_free(struct xdpdump_args *args)
{
	free(args->expression);
	args->expression = NULL;
}
