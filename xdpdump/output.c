// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <bpf/libbpf.h>
#include "log.h"
#include "output.h"

struct output {
	struct capture_writer *writer; /* NULL: line printer */
	struct output_opts opts;
	int fd;
	bool own_fd;
	bool created; /* we created the file: remove it if we never begin */
	const char *name;
	char hardware[128], os[160], application[160];
};

/* "Intel(R) Xeon(R) ..." from /proc/cpuinfo, else the machine name. */
static void describe_hardware(char *buf, size_t size)
{
	char line[256];
	struct utsname u;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			snprintf(buf, size, "%s", colon + 2);
			buf[strcspn(buf, "\n")] = '\0';
			fclose(f);
			return;
		}
	}
	if (f)
		fclose(f);
	snprintf(buf, size, "%s", uname(&u) ? "unknown" : u.machine);
}

static void describe_system(struct output *o)
{
	struct utsname u;

	describe_hardware(o->hardware, sizeof(o->hardware));
	if (uname(&u))
		snprintf(o->os, sizeof(o->os), "Linux");
	else
		snprintf(o->os, sizeof(o->os), "%s %s", u.sysname, u.release);
	snprintf(o->application, sizeof(o->application), "xdpdump %s (libbpf %s, libxdp %s)",
		 XDPDUMP_VERSION, libbpf_version_string(), LIBXDP_BUILD_VERSION);
}

static int open_target(struct output *o, const char *path)
{
	if (!strcmp(path, "-")) {
		o->fd = STDOUT_FILENO;
		o->name = "stdout";
		return 0;
	}
	/* Never follow a symlink planted at the target path, and do not
	 * truncate an existing file until capture really starts: a failed
	 * attach must leave it as it was. */
	o->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (o->fd >= 0)
		o->created = true;
	else if (errno == EEXIST)
		o->fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (o->fd < 0)
		return -errno;
	o->own_fd = true;
	o->name = path;
	return 0;
}

struct output *output__open(const struct output_opts *opts)
{
	struct output *o = calloc(1, sizeof(*o));
	int err;

	if (!o)
		return NULL;
	o->fd = -1;
	if (!opts->path) {
		o->name = "terminal";
		return o;
	}
	err = open_target(o, opts->path);
	if (err) {
		pr_err("%s: %s\n", opts->path, strerror(-err));
		free(o);
		errno = -err;
		return NULL;
	}
	o->opts = *opts;
	return o;
}

int output__begin(struct output *o)
{
	struct stat st;

	if (!o->opts.path)
		return 0;
	if (o->own_fd && !fstat(o->fd, &st) && S_ISREG(st.st_mode) && ftruncate(o->fd, 0))
		return -errno;
	describe_system(o);
	struct capture_writer_opts wopts = {
		.sz = sizeof(wopts),
		.format = o->opts.pcap ? CAPTURE_FORMAT_PCAP : CAPTURE_FORMAT_PCAPNG,
		.hardware = o->hardware,
		.os = o->os,
		.application = o->application,
	};
	o->writer = capture_writer__open_fd(o->fd, &wopts);
	return o->writer ? 0 : -errno;
}

void output__abort(struct output *o)
{
	if (!o)
		return;
	capture_writer__discard(o->writer);
	if (o->created)
		unlink(o->name);
	if (o->own_fd)
		close(o->fd);
	free(o);
}

const char *output__name(const struct output *o)
{
	return o->name;
}

int output__add_interface(struct output *o, const struct capture_interface *iface)
{
	return o->writer ? capture_writer__add_interface(o->writer, iface) : 0;
}

/* Without -w: "12:34:56.123456789 veth0 q0 len 98 cap 98" (the full
 * decoder comes with the packet printer). */
static int print_line(const char *ifname, uint64_t wall_ns, const struct xdpdump_meta *meta)
{
	time_t sec = wall_ns / 1000000000ull;
	struct tm tm;
	char hms[16];

	localtime_r(&sec, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	static const char *const actions[] = { "ABORTED", "DROP", "PASS", "TX", "REDIRECT" };
	char point[24] = "";

	if (meta->point == XDPDUMP_POINT_EXIT)
		snprintf(point, sizeof(point), " @exit[%s]",
			 meta->action < 5 ? actions[meta->action] : "?");
	if (printf("%s.%09llu %s%s q%u len %u cap %u\n", hms,
		   (unsigned long long)(wall_ns % 1000000000ull), ifname, point, meta->rx_queue,
		   meta->pkt_len, meta->cap_len) < 0)
		return -EIO;
	return 0;
}

int output__packet(struct output *o, unsigned int if_id, const char *ifname, uint64_t wall_ns,
		   const struct xdpdump_meta *meta, const void *data, const char *comment)
{
	struct capture_packet pkt = {
		.if_id = if_id,
		.ts_ns = wall_ns,
		.caplen = meta->cap_len,
		.origlen = meta->pkt_len,
		.data = data,
		.flags = CAPTURE_EPB_INBOUND,
		.has_queue = true,
		.queue = meta->rx_queue,
		.has_packet_id = true,
		.packet_id = meta->packet_id,
		.comment = comment,
		/* Exit records carry the program's verdict, as Wireshark's
		 * frame.verdict.ebpf_xdp shows it. */
		.has_verdict = meta->point == XDPDUMP_POINT_EXIT,
		.verdict_type = CAPTURE_VERDICT_EBPF_XDP,
		.verdict = meta->action,
	};

	if (!o->writer)
		return print_line(ifname, wall_ns, meta);
	return capture_writer__write_packet(o->writer, &pkt);
}

int output__stats(struct output *o, unsigned int if_id, const struct capture_if_stats *st)
{
	return o->writer ? capture_writer__write_stats(o->writer, if_id, st) : 0;
}

int output__flush(struct output *o)
{
	if (!o->writer)
		return fflush(stdout) ? -errno : 0;
	return capture_writer__flush(o->writer);
}

int output__close(struct output *o)
{
	int err = 0;

	if (!o)
		return 0;
	if (o->writer)
		err = capture_writer__close(o->writer);
	else if (o->fd < 0 && fflush(stdout))
		err = -errno;
	if (o->own_fd && close(o->fd) && !err)
		err = -errno;
	free(o);
	return err;
}
