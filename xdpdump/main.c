// SPDX-License-Identifier: GPL-2.0
/*
 * xdpdump: a tcpdump for the XDP layer. Captures packets at the XDP hook,
 * beside whatever XDP program already runs there, into pcapng.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <bpf/libbpf.h>
#include "offline/pcap_front.h"
#include "capture/capture.h"
#include "cli/caps.h"
#include "cli/extcap.h"
#include "capture/filter.h"
#include "cli/iflist.h"
#include "cli/linktype.h"
#include "log.h"
#include "cli/options.h"
#include "output/output.h"
#include "recover/pins.h"
#include "points/point_netns.h"
#include "points/points.h"
#include "recover/recover.h"
#include "offline/offline.h"
#include "offline/replay.h"
#include "capture/ring_kind.h"

static void print_version(void)
{
	printf("xdpdump %s\n", XDPDUMP_VERSION);
	printf("libbpf %s\n", libbpf_version_string());
	printf("libxdp %s\n", LIBXDP_BUILD_VERSION);
	printf("%s\n", pcap_front__version());
	ring_kind__print_version();
}

/* Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK; newer ones use
 * the memory cgroup, and some hosts forbid raising the limit at all. */
static void raise_memlock(void)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	if (setrlimit(RLIMIT_MEMLOCK, &unlimited))
		pr_debug(
			"could not raise RLIMIT_MEMLOCK (%s); relying on memory cgroup accounting\n",
			strerror(errno));
}

static int cleanup_only(const struct xdpdump_args *args)
{
	int status = 0;

	for (unsigned int i = 0; i < args->nr_ifnames; i++) {
		struct netns_point p;
		unsigned int ifindex = 0;
		int ret, home;

		/* NETNS/IF: recovery's netlink requests go to NETNS. */
		if (!netns_point__open(&p, args->ifnames[i]))
			ifindex = netns_point__ifindex(&p, args->ifnames[i]);
		if (!ifindex || netns_point__enter(&p, &home)) {
			netns_point__close(&p);
			status = 1;
			continue;
		}
		ret = recover_interface(ifindex, args->ifnames[i]);
		netns_point__leave(home);
		netns_point__close(&p);
		if (ret < 0)
			status = 1;
		else if (ret == RECOVER_NOTHING)
			pr_info("%s: nothing to clean up\n", args->ifnames[i]);
	}
	return status;
}

/* What the file options ask of the output; 0, or -ENOENT for an unknown
 * -Z user (reported). */
static int output_options(const struct xdpdump_args *args, struct output_opts *oopts,
			  struct file_owner *owner)
{
	memset(owner, 0, sizeof(*owner));
	*oopts = (struct output_opts){
		.path = args->write_path,
		.pcap = args->pcap,
		.rotate = {
			.max_bytes = args->rotate_bytes,
			.seconds = args->rotate_seconds,
			.files = args->rotate_files,
		},
		.owner = owner,
		.file_mode = args->file_mode,
		.print = args->print,
		.line_buffered = args->line_buffered,
		.packet_buffered = args->packet_buffered,
		.print_too = args->print_too,
		.postrotate = args->postrotate,
	};
	return args->owner ? file_owner__lookup(owner, args->owner) : 0;
}

static int capture(struct xdpdump_args *args)
{
	struct output_opts oopts;
	struct file_owner owner;
	struct capture_session *session;
	struct output *out;
	int err, ret;

	if (output_options(args, &oopts, &owner))
		return 1;
	/* The status line only keeps someone at a terminal company while
	 * packets go to a file they cannot see. */
	args->capture.status_line = args->write_path && strcmp(args->write_path, "-") &&
				    !args->quiet && !args->print_too;
	out = output__open(&oopts);
	if (!out)
		return 1;
	session = capture_session__start((char **)args->ifnames, args->nr_ifnames, &args->capture,
					 out);
	if (!session) {
		output__abort(out);
		return 1;
	}
	err = capture_session__run(session);
	/* A failed output is reported once, by the stop below. */
	if (err && err != -ECANCELED && !output__failed(out))
		pr_err("capture stopped: %s\n", strerror(-err));
	ret = capture_session__stop(session);
	capture_session__free(session);
	if (output__close(out) && !ret)
		ret = -EIO;
	return err || ret ? 1 : 0;
}

/* Printed, a file's packets are whole whatever -s says, as tcpdump -r
 * prints them; written with -w, they are cut as a live capture with the
 * same -s would have cut them. */
static uint32_t replay_snaplen(const struct xdpdump_args *args)
{
	return args->write_path ? args->capture.snaplen : XDPDUMP_DEFAULT_SNAPLEN;
}

static int replay(const struct xdpdump_args *args, const struct capture_filter *filter)
{
	struct output_opts oopts;
	struct file_owner owner;
	struct replay_options ro = {
		.path = args->read_path,
		.snaplen = replay_snaplen(args),
		.count = args->capture.count,
		.if_id = -1,
		.if_name = args->read_list ? args->read_path : NULL,
	};
	struct output *out;
	int err;

	if (output_options(args, &oopts, &owner))
		return 1;
	out = output__open(&oopts);
	if (!out)
		return 1;
	if (args->read_list)
		err = replay_list(args->read_path, &ro, filter, out);
	else
		err = replay_file(&ro, filter, out);
	if (err) {
		output__abort(out);
		return 1;
	}
	if (output__close(out)) {
		pr_err("%s: write failed\n", args->write_path ? args->write_path : "stdout");
		return 1;
	}
	return 0;
}

/* -r as tcpdump -r: libpcap decides (offline.c). */
static int read_offline(const struct xdpdump_args *args, const char *expr)
{
	struct offline_options oo = {
		.path = args->read_path,
		.expression = expr,
		.count = args->capture.count,
		.verify = args->verify_filter,
	};
	struct output_opts oopts;
	struct file_owner owner;
	struct output *out;
	int err;

	if (output_options(args, &oopts, &owner))
		return 1;
	out = output__open(&oopts);
	if (!out)
		return 1;
	if (args->read_list)
		err = offline_read_list(args->read_path, &oo, out);
	else
		err = offline_read(&oo, out);
	if (err < 0) {
		output__abort(out);
		return 1;
	}
	if (output__close(out)) {
		pr_err("%s: write failed\n", args->write_path ? args->write_path : "stdout");
		return 1;
	}
	return err ? 1 : 0;
}

/* tcpdump's -F: the file's text is the expression; '#' starts a comment. */
static char *read_filter_file(const char *path)
{
	char *text = NULL, *line = NULL;
	size_t cap = 0, used = 0;
	FILE *f = fopen(path, "r");
	ssize_t n;

	if (!f) {
		pr_err("%s: %s\n", path, strerror(errno));
		return NULL;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		char *grown = realloc(text, used + n + 2);

		if (!grown)
			break;
		text = grown;
		line[strcspn(line, "#")] = '\0';
		used += sprintf(text + used, "%s ", line);
	}
	free(line);
	fclose(f);
	if (!text)
		text = strdup("");
	return text;
}

/* The expression from -F or the arguments; NULL with *failed when -F could
 * not be read; NULL alone when there is none. */
static char *filter_expression(const struct xdpdump_args *args, bool *failed)
{
	char *expr;

	*failed = false;
	if (!args->filter_file)
		return args->expression ? strdup(args->expression) : NULL;
	expr = read_filter_file(args->filter_file);
	*failed = !expr;
	return expr;
}

static int setup_filter(const struct xdpdump_args *args, struct capture_filter *filter)
{
	uint32_t netmask = FILTER_NETMASK_UNKNOWN;
	bool failed;
	char *expr = filter_expression(args, &failed);
	int err = 0;

	memset(filter, 0, sizeof(*filter));
	if (failed)
		return -EINVAL;
	if (expr) {
		if (args->nr_ifnames)
			netmask = filter_netmask_of(args->ifnames[0]);
		/* The filter's verdict is a snap length too. */
		err = capture_filter__build(filter, expr,
					    args->read_path ? replay_snaplen(args) :
							      args->capture.snaplen,
					    netmask);
	}
	free(expr);
	if (err)
		return err;
	return capture_filter__register(filter);
}

static int run_offline(const struct xdpdump_args *args)
{
	bool failed;
	char *expr = filter_expression(args, &failed);
	int status;

	if (failed) {
		status = 1;
	} else if (args->dump_filter && !expr) {
		pr_err("-d needs a filter expression\n");
		status = 1;
	} else if (args->dump_filter) {
		status = offline_dump_filter(args->read_path, expr, stdout) ? 1 : 0;
	} else {
		status = read_offline(args, expr);
	}

	free(expr);
	return status;
}

/* Points on other hosts: the hosts' own xdpdump compile the expression. */
static int run_points(const struct xdpdump_args *args)
{
	bool failed;
	char *expr = filter_expression(args, &failed);
	int status = failed ? 1 : points__run(args, expr);

	free(expr);
	return status;
}

static int run(struct xdpdump_args *args)
{
	struct capture_filter filter;
	int status;

	if (args->read_path && !args->kernel_filter)
		return run_offline(args);
	if (!args->read_path && !args->dump_filter && !args->cleanup && points__any_remote(args))
		return run_points(args);
	if (setup_filter(args, &filter)) {
		capture_filter__free(&filter);
		return 1;
	}
	args->capture.filter = filter.expression;
	if (args->dump_filter) {
		if (filter.expression)
			capture_filter__dump(&filter, stdout);
		else
			pr_err("-d needs a filter expression\n");
		status = filter.expression ? 0 : 1;
	} else if (caps__check()) {
		status = 1;
	} else if (args->read_path) {
		status = replay(args, &filter);
	} else if (bpffs__ensure_mounted()) {
		status = 1;
	} else {
		pins__remove_stale();
		status = args->cleanup ? cleanup_only(args) : capture(args);
	}
	capture_filter__free(&filter);
	return status;
}

/* Wireshark's questions are answered on stdout; its --capture becomes an
 * ordinary capture into the fifo. */
static int extcap_mode(struct xdpdump_args *args)
{
	bool capture;

	if (extcap__run(args, stdout, &capture))
		return 1;
	if (!capture)
		return 0;
	if (extcap__connect_fifo(args))
		return 1;
	/* Wireshark shows anything on stderr as an error: keep to errors. */
	if (!args->verbose)
		log_set_level(LOG_ERROR);
	raise_memlock();
	return run(args);
}

int main(int argc, char **argv)
{
	struct xdpdump_args args;
	int status;

	log_hook_libraries();
	if (options_parse(argc, argv, &args)) {
		options_free(&args);
		return 1;
	}
	log_set_level(args.verbose ? LOG_DEBUG : LOG_INFO);
	if (args.help) {
		options_usage(stdout);
		status = 0;
	} else if (args.version) {
		print_version();
		status = 0;
	} else if (args.list_interfaces) {
		status = iflist_print(stdout) ? 1 : 0;
	} else if (args.list_link_types) {
		status = linktype__list(stdout, args.ifnames, args.nr_ifnames) ? 1 : 0;
	} else if (extcap__requested(&args.extcap)) {
		status = extcap_mode(&args);
	} else if (args.clock_probe && (status = clock_probe__serve()) <= 0) {
		/* The local side of a capture point left before the start. */
		status = status ? 1 : 0;
	} else {
		raise_memlock();
		status = run(&args);
	}
	options_free(&args);
	return status;
}
