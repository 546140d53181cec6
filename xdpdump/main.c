// SPDX-License-Identifier: GPL-2.0
/*
 * xdpdump: a tcpdump for the XDP layer. Captures packets at the XDP hook,
 * beside whatever XDP program already runs there, into pcapng.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <bpf/libbpf.h>
#include "pcap_version.h"
#include "capture.h"
#include "iflist.h"
#include "log.h"
#include "options.h"
#include "output.h"
#include "pins.h"
#include "recover.h"

static void print_version(void)
{
	printf("xdpdump %s\n", XDPDUMP_VERSION);
	printf("libbpf %s\n", libbpf_version_string());
	printf("libxdp %s\n", LIBXDP_BUILD_VERSION);
	printf("%s\n", pcap_version_string());
}

/* Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK; newer ones use
 * the memory cgroup, and some hosts forbid raising the limit at all. */
static void raise_memlock(void)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	if (setrlimit(RLIMIT_MEMLOCK, &unlimited))
		pr_debug("could not raise RLIMIT_MEMLOCK (%s); relying on memory cgroup accounting\n",
			 strerror(errno));
}

static int cleanup_only(const struct xdpdump_args *args)
{
	int status = 0;

	for (unsigned int i = 0; i < args->nr_ifnames; i++) {
		unsigned int ifindex = if_nametoindex(args->ifnames[i]);
		int ret;

		if (!ifindex) {
			pr_err("%s: no such interface\n", args->ifnames[i]);
			status = 1;
			continue;
		}
		ret = recover_interface(ifindex, args->ifnames[i]);
		if (ret < 0)
			status = 1;
		else if (ret == RECOVER_NOTHING)
			pr_info("%s: nothing to clean up\n", args->ifnames[i]);
	}
	return status;
}

static int capture(const struct xdpdump_args *args)
{
	struct output_opts oopts = { .path = args->write_path, .pcap = args->pcap };
	struct capture_session *session;
	struct output *out;
	int err, ret;

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
	if (err && err != -ECANCELED)
		pr_err("capture stopped: %s\n", strerror(-err));
	ret = capture_session__stop(session);
	capture_session__free(session);
	if (output__close(out) && !ret)
		ret = -EIO;
	return err || ret ? 1 : 0;
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
		return 0;
	}
	if (args.version) {
		print_version();
		return 0;
	}
	if (args.expression) {
		pr_err("filter expressions are not supported yet: '%s'\n", args.expression);
		options_free(&args);
		return 1;
	}
	raise_memlock();
	if (args.list_interfaces)
		return iflist_print(stdout) ? 1 : 0;
	if (bpffs__ensure_mounted())
		return 1;
	pins__remove_stale();
	status = args.cleanup ? cleanup_only(&args) : capture(&args);
	options_free(&args);
	return status;
}
