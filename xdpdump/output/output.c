// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
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
#include "postrotate.h"
#include "savefile.h"

struct output {
	struct packet_printer *printer; /* without a path, or with print_too */
	bool has_linktype; /* the printer decodes linktype (LINKTYPE_*), */
	uint16_t linktype; /* else Ethernet */
	bool printed_entry; /* the last line printed was an entry record's, */
	uint64_t printed_entry_id; /* this packet's */
	struct output_opts opts;
	struct savefile_opts file_opts;
	struct savefile *file; /* NULL: line printer, or -G -W ended the capture */
	struct capture_writer *writer; /* the current file's */
	bool rotating;
	bool finished; /* -G -W: the last file is closed */
	int err; /* the first output error; sticky */
	unsigned int nr_files;
	struct rotate rotate;
	struct capture_interface *ifaces; /* to describe again in every file */
	unsigned int nr_ifaces;
	output_closing_fn closing;
	void *closing_ctx;
	char name[PATH_MAX + 64];
	char summary[PATH_MAX + 128];
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

static void free_ifaces(struct output *o)
{
	for (unsigned int i = 0; i < o->nr_ifaces; i++) {
		free((char *)o->ifaces[i].name);
		free((char *)o->ifaces[i].description);
		free((char *)o->ifaces[i].filter);
		free((char *)o->ifaces[i].comment);
	}
	free(o->ifaces);
	o->ifaces = NULL;
	o->nr_ifaces = 0;
}

static void set_file_opts(struct output *o)
{
	describe_system(o);
	o->file_opts = (struct savefile_opts){
		.format = o->opts.pcap ? CAPTURE_FORMAT_PCAP : CAPTURE_FORMAT_PCAPNG,
		.owner = o->opts.owner && o->opts.owner->set ? o->opts.owner : NULL,
		.mode = o->opts.file_mode ?: SAVEFILE_DEFAULT_MODE,
		.hardware = o->hardware,
		.os = o->os,
		.application = o->application,
	};
}

static void report_open_error(const struct output *o, int err)
{
	if (err == -EPERM && o->file_opts.owner)
		pr_err("%s: exists and is not %s's own file (-Z); remove it or choose another name\n",
		       o->name, o->file_opts.owner->name);
	else
		pr_err("%s: %s\n", o->name, strerror(-err));
}

static int64_t wall_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int start_rotation(struct output *o, const struct rotate_opts *ropts)
{
	int err = rotate__init(&o->rotate, ropts, wall_now_ns());

	if (err)
		return err;
	return rotate__name(&o->rotate, o->name, sizeof(o->name));
}

static int open_first(struct output *o)
{
	struct rotate_opts ropts = o->opts.rotate;
	int err;

	ropts.name = o->opts.path;
	o->rotating = ropts.max_bytes || ropts.seconds;
	if (!o->rotating) {
		snprintf(o->name, sizeof(o->name), "%s", o->opts.path);
	} else {
		err = start_rotation(o, &ropts);
		if (err) {
			pr_err("%s: %s\n", o->opts.path, strerror(-err));
			return err;
		}
	}
	o->file = savefile__open(o->name, &o->file_opts);
	if (!o->file) {
		err = -errno; /* before the message can change errno */
		report_open_error(o, err);
		return err;
	}
	return 0;
}

static struct output *open_printer(struct output *o, const struct output_opts *opts)
{
	o->opts = *opts;
	if (opts->line_buffered)
		setvbuf(stdout, NULL, _IOLBF, 0);
	o->printer = packet_printer__new(stdout, &opts->print);
	if (!o->printer) {
		free(o);
		return NULL;
	}
	return o;
}

struct output *output__open(const struct output_opts *opts)
{
	struct output *o = calloc(1, sizeof(*o));
	int err;

	if (!o)
		return NULL;
	snprintf(o->name, sizeof(o->name), "terminal");
	if (!opts->path)
		return open_printer(o, opts);
	o->opts = *opts;
	set_file_opts(o);
	err = open_first(o);
	if (err)
		goto err_free;
	if (opts->print_too) {
		if (opts->line_buffered)
			setvbuf(stdout, NULL, _IOLBF, 0);
		o->printer = packet_printer__new(stdout, &opts->print);
		if (!o->printer) {
			err = -errno;
			savefile__abort(o->file);
			goto err_free;
		}
	}
	return o;

err_free:
	free(o);
	errno = -err;
	return NULL;
}

static int begin_file(struct output *o)
{
	int err = savefile__begin(o->file);

	o->writer = err ? NULL : savefile__writer(o->file);
	return err;
}

int output__begin(struct output *o)
{
	if (!o->file)
		return 0;
	o->nr_files = 1;
	return begin_file(o);
}

void output__abort(struct output *o)
{
	if (!o)
		return;
	savefile__abort(o->file);
	packet_printer__free(o->printer);
	free_ifaces(o);
	free(o);
}

void output__on_file_closing(struct output *o, output_closing_fn fn, void *ctx)
{
	o->closing = fn;
	o->closing_ctx = ctx;
}

const char *output__name(const struct output *o)
{
	return o->file ? savefile__name(o->file) : o->name;
}

const char *output__summary_name(struct output *o)
{
	if (o->nr_files <= 1)
		return output__name(o);
	snprintf(o->summary, sizeof(o->summary), "%u files, the last %s", o->nr_files, o->name);
	return o->summary;
}

static char *dup_or_null(const char *s, bool *failed)
{
	char *copy = s ? strdup(s) : NULL;

	if (s && !copy)
		*failed = true;
	return copy;
}

/* Rotated files describe the same interfaces with the same ids. */
static int remember_iface(struct output *o, const struct capture_interface *iface)
{
	struct capture_interface *ifaces, *copy;
	bool failed = false;

	ifaces = realloc(o->ifaces, (o->nr_ifaces + 1) * sizeof(*ifaces));
	if (!ifaces)
		return -ENOMEM;
	o->ifaces = ifaces;
	copy = &ifaces[o->nr_ifaces];
	*copy = *iface;
	copy->name = dup_or_null(iface->name, &failed);
	copy->description = dup_or_null(iface->description, &failed);
	copy->filter = dup_or_null(iface->filter, &failed);
	copy->comment = dup_or_null(iface->comment, &failed);
	o->nr_ifaces++;
	return failed ? -ENOMEM : 0;
}

int output__add_interface(struct output *o, const struct capture_interface *iface)
{
	int id, err;

	if (!o->writer) {
		o->has_linktype = true;
		o->linktype = iface->linktype;
		return 0;
	}
	id = capture_writer__add_interface(o->writer, iface);
	if (id < 0 || !o->rotating)
		return id;
	err = remember_iface(o, iface);
	return err ? err : id;
}

/* Every error but the end of a -G -W capture sticks: the capture stops, and
 * whoever reports it last sees the same error. */
static int stick(struct output *o, int err)
{
	if (err && err != -ECANCELED && !o->err)
		o->err = err;
	return err;
}

/* The closing hook's statistics blocks go in before the file is closed. */
static int close_current(struct output *o)
{
	int err = o->closing ? o->closing(o->closing_ctx) : 0, ret;

	ret = savefile__close(o->file);
	o->file = NULL;
	o->writer = NULL;
	return err ?: ret;
}

static int describe_ifaces(struct output *o)
{
	for (unsigned int i = 0; i < o->nr_ifaces; i++) {
		int id = capture_writer__add_interface(o->writer, &o->ifaces[i]);

		if (id < 0)
			return id;
	}
	return 0;
}

static int open_next(struct output *o)
{
	int err = rotate__name(&o->rotate, o->name, sizeof(o->name));

	if (err)
		return err;
	o->file = savefile__open(o->name, &o->file_opts);
	if (!o->file)
		return -errno;
	err = begin_file(o);
	if (err)
		return err;
	return describe_ifaces(o);
}

/* tcpdump's rule: rotation is decided just before a packet is written, so
 * a file never ends part way through a block and holds at least one packet. */
static int rotate_if_due(struct output *o)
{
	enum rotate_step step;
	int err;

	step = rotate__step(&o->rotate, capture_writer__bytes_written(o->writer), wall_now_ns());
	if (step == ROTATE_KEEP)
		return 0;
	err = close_current(o);
	if (err)
		return err;
	/* -z: a command that cannot start is reported, and capture goes on. */
	if (o->opts.postrotate)
		postrotate__run(o->opts.postrotate, o->name);
	if (step == ROTATE_STOP) {
		o->finished = true;
		return -ECANCELED;
	}
	err = open_next(o);
	if (err)
		return err;
	o->nr_files++;
	return 0;
}

/* Without -w: tcpdump's line; exit records add their verdict at the end,
 * so that entry captures read exactly as tcpdump prints them. */
static int print_line(struct output *o, uint64_t wall_ns, const struct xdpdump_meta *meta,
		      const void *data)
{
	static const char *const actions[] = { "ABORTED", "DROP", "PASS", "TX", "REDIRECT" };
	char verdict[24];
	struct printed_packet pkt = {
		.ts_ns = wall_ns,
		.caplen = meta->cap_len,
		.len = meta->pkt_len,
		.data = data,
		.has_linktype = o->has_linktype,
		.linktype = o->linktype,
	};

	if (meta->point == XDPDUMP_POINT_EXIT) {
		snprintf(verdict, sizeof(verdict), "@exit[%s]",
			 meta->action < 5 ? actions[meta->action] : "?");
		pkt.annotation = verdict;
		/* Right after its entry line, the exit line repeats the packet:
		 * it must not advance TCP sequence tracking a second time. */
		pkt.repeat = o->printed_entry && o->printed_entry_id == meta->packet_id;
	}
	o->printed_entry = meta->point != XDPDUMP_POINT_EXIT;
	o->printed_entry_id = meta->packet_id;
	return packet_printer__print(o->printer, &pkt);
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
		/* XDP sees received frames only; a file's record may be either. */
		.flags = meta->point == XDPDUMP_POINT_FILE ? 0 : CAPTURE_EPB_INBOUND,
		.has_queue = meta->point != XDPDUMP_POINT_FILE,
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
	int err;

	/* tcpdump's line names no interface; neither does ours. */
	(void)ifname;
	if (o->finished)
		return -ECANCELED;
	if (o->err)
		return o->err;
	err = 0;
	if (o->opts.path) {
		if (o->rotating && (err = rotate_if_due(o)))
			return stick(o, err);
		err = stick(o, capture_writer__write_packet(o->writer, &pkt));
	}
	/* --print: the line only for a packet the file took. */
	if (!err && o->printer)
		err = stick(o, print_line(o, wall_ns, meta, data));
	return err || !o->opts.packet_buffered ? err : output__flush(o);
}

bool output__takes_blocks(const struct output *o)
{
	return o->opts.path && !o->opts.pcap && !o->printer;
}

int output__block(struct output *o, const void *block, size_t len, bool stays)
{
	int err;

	if (o->finished)
		return -ECANCELED;
	if (o->err)
		return o->err;
	if (o->rotating && (err = rotate_if_due(o)))
		return stick(o, err);
	err = stick(o, capture_writer__write_block(o->writer, block, len, stays));
	return err || !o->opts.packet_buffered ? err : output__flush(o);
}

bool output__holds_refs(const struct output *o)
{
	return o->writer && capture_writer__holds_refs(o->writer);
}

int output__stats(struct output *o, unsigned int if_id, const struct capture_if_stats *st)
{
	if (o->err)
		return o->err;
	return o->writer ? stick(o, capture_writer__write_stats(o->writer, if_id, st)) : 0;
}

int output__flush(struct output *o)
{
	if (o->err)
		return o->err;
	if (o->writer && stick(o, capture_writer__flush(o->writer)))
		return o->err;
	if (!o->printer)
		return 0;
	return stick(o, fflush(stdout) ? -errno : 0);
}

bool output__failed(const struct output *o)
{
	return o->err != 0;
}

int output__close(struct output *o)
{
	int err = 0;

	if (!o)
		return 0;
	if (o->file)
		err = savefile__close(o->file);
	if (o->printer && fflush(stdout) && !err)
		err = -errno;
	err = o->err ?: err;
	packet_printer__free(o->printer);
	free_ifaces(o);
	free(o);
	return err;
}
