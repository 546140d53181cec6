// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "options.h"
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
};

struct option_spec {
	const char *name;
	int key; /* short option character or OPT_* */
	const char *arg; /* NULL: takes no argument */
	const char *group;
	const char *help;
};

static const struct option_spec specs[] = {
	{ "interface", 'i', "IF", "Capture", "capture on IF (repeatable; one file holds all)" },
	{ "snaplen", 's', "BYTES", "Capture", "bytes kept of each packet (default 262144)" },
	{ "count", 'c', "N", "Capture", "stop after writing N packets" },
	{ "rx-capture", OPT_RX_CAPTURE, "POINTS", "Capture",
	  "entry, exit or entry,exit: before and/or after the XDP program (default entry)" },
	{ "action", OPT_ACTION, "LIST", "Capture",
	  "keep only exit records with these verdicts: aborted,drop,pass,tx,redirect" },
	{ "filter-file", 'F', "FILE", "Capture", "read the filter expression from FILE" },
	{ "read", 'r', "FILE", "Capture",
	  "run the packets of a pcap/pcapng FILE through the capture program and filter" },
	{ "dump-filter", 'd', NULL, "Capture",
	  "print the filter's cBPF and the eBPF it became, then exit" },
	{ "write", 'w', "FILE", "Output", "write pcapng to FILE ('-' for stdout)" },
	{ "pcap", OPT_PCAP, NULL, "Output", "write classic pcap (nanosecond) instead of pcapng" },
	{ "link-header", 'e', NULL, "Output", "without -w: print the Ethernet header too" },
	{ "hex", 'x', NULL, "Output", "without -w: hex dump from the network header (-xx: the frame)" },
	{ "hex-ascii", 'X', NULL, "Output", "as -x, with ASCII (-XX: the whole frame)" },
	{ "quiet", 'q', NULL, "Output", "without -w: less protocol detail" },
	{ "time", 't', NULL, "Output",
	  "-t no time, -tt epoch, -ttt delta, -tttt date, -ttttt since first" },
	{ "line-buffered", 'l', NULL, "Output", "flush stdout after every printed line" },
	{ "attach", OPT_ATTACH, "HOW", "Attaching",
	  "auto|load|multiprog|tailcall (default auto)" },
	{ "load-mode", OPT_LOAD_MODE, "MODE", "Attaching",
	  "native|skb for --attach load (default native, else skb)" },
	{ "cleanup", OPT_CLEANUP, NULL, "Attaching",
	  "only restore interfaces a killed xdpdump left behind" },
	{ "buffer-size", 'B', "KiB", "Performance", "perf ring size per CPU (default 4096)" },
	{ "perf-wakeup", OPT_WAKEUP, "N", "Performance",
	  "wake up every N packets per ring (default 0: when a ring is a quarter full)" },
	{ "reorder-window", OPT_REORDER, "MS", "Performance",
	  "hold packets MS milliseconds to merge CPUs in time order (default 5)" },
	{ "list-interfaces", 'D', NULL, "Information",
	  "list interfaces and their XDP programs" },
	{ "verbose", 'v', NULL, "Information",
	  "more messages (library and verifier output) and more protocol detail in lines" },
	{ "version", OPT_VERSION, NULL, "Information", "print versions and exit" },
	{ "help", 'h', NULL, "Information", "this text" },
};

#define NR_SPECS (sizeof(specs) / sizeof(specs[0]))

static const char *const groups[] = { "Capture", "Output", "Attaching", "Performance",
				       "Information" };

void options_usage(FILE *out)
{
	fprintf(out, "Usage: xdpdump -i IF [-i IF ...] [options] [expression]\n"
		     "       xdpdump -r FILE [-w FILE] [expression]\n"
		     "       xdpdump -d [expression]\n"
		     "       xdpdump -D | --cleanup -i IF | --version\n");
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		fprintf(out, "\n%s:\n", groups[g]);
		for (size_t i = 0; i < NR_SPECS; i++) {
			const struct option_spec *o = &specs[i];
			char left[48];

			if (strcmp(o->group, groups[g]))
				continue;
			if (o->key < 0x100)
				snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name,
					 o->arg ? " " : "", o->arg ? o->arg : "");
			else
				snprintf(left, sizeof(left), "    --%s%s%s", o->name,
					 o->arg ? " " : "", o->arg ? o->arg : "");
			fprintf(out, "  %-28s %s\n", left, o->help);
		}
	}
}

static void build_tables(struct option *longs, char *shorts)
{
	size_t n = 0;

	for (size_t i = 0; i < NR_SPECS; i++) {
		longs[i] = (struct option){ specs[i].name,
					    specs[i].arg ? required_argument : no_argument, NULL,
					    specs[i].key };
		if (specs[i].key < 0x100) {
			shorts[n++] = specs[i].key;
			if (specs[i].arg)
				shorts[n++] = ':';
		}
	}
	longs[NR_SPECS] = (struct option){ 0 };
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

static void set_defaults(struct xdpdump_args *args)
{
	memset(args, 0, sizeof(*args));
	args->capture.snaplen = XDPDUMP_DEFAULT_SNAPLEN;
	args->capture.ring_kib = 4096;
	args->capture.wakeup = 0;
	args->capture.reorder_window_ns = 5ull * 1000 * 1000;
	args->capture.capture_entry = true;
	args->capture.exit_actions = UINT32_MAX;
	args->print.sz = sizeof(args->print);
}

/* -e -x -X -q -t -l: tcpdump's letters, repeatable where tcpdump's are. */
static void apply_print_option(struct xdpdump_args *args, int key)
{
	struct packet_printer_opts *p = &args->print;

	args->print_options_given = true;
	switch (key) {
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

static int apply_option(struct xdpdump_args *args, int key, char *arg)
{
	struct capture_options *c = &args->capture;
	unsigned long long v;
	int err = 0;

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
		args->read_path = arg;
		break;
	case 'F':
		args->filter_file = arg;
		break;
	case 'd':
		args->dump_filter = true;
		break;
	case 'B':
		err = parse_number("buffer size (KiB)", arg, 4, 1 << 20, &v);
		c->ring_kib = v;
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
			pr_err("invalid --attach '%s': expected auto, load, multiprog or tailcall\n", arg);
		break;
	case OPT_LOAD_MODE:
		err = hook_mode__parse(arg, &c->attach.load_mode);
		if (err)
			pr_err("invalid --load-mode '%s': expected native or skb\n", arg);
		break;
	case OPT_CLEANUP:
		args->cleanup = true;
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
		apply_print_option(args, key);
		break;
	case OPT_VERSION:
		args->version = true;
		break;
	case 'h':
		args->help = true;
		break;
	default:
		pr_err("unknown option (see xdpdump --help)\n");
		return -EINVAL;
	}
	return err;
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

static int check_combination(const struct xdpdump_args *args)
{
	if (args->help || args->version || args->list_interfaces)
		return 0;
	if (args->filter_file && args->expression) {
		pr_err("give the filter either with -F or as arguments, not both\n");
		return -EINVAL;
	}
	if (args->dump_filter)
		return 0;
	if (args->write_path && args->print_options_given) {
		pr_err("-e, -x, -X, -q, -t and -l shape printed lines: they do nothing with -w\n");
		return -EINVAL;
	}
	if (args->read_path) {
		if (args->nr_ifnames || args->cleanup) {
			pr_err("-r reads a file: it takes no -i or --cleanup\n");
			return -EINVAL;
		}
		return 0;
	}
	if (!args->nr_ifnames) {
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
	struct option longs[NR_SPECS + 1];
	char shorts[2 * NR_SPECS + 2];
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
