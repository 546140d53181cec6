// SPDX-License-Identifier: GPL-2.0
/*
 * Capture session lifecycle: attach every interface, run the loop until a
 * signal or -c, then restore every interface before anything else, drain
 * what the kernel already handed us, and account for every packet.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "capture.skel.h"
#include "capture_budget.h"
#include "capture_session.h"
#include "capture_skel.h"
#include "epb_merge.h"
#include "log.h"
#include "output/status.h"
#include "recover/recover.h"
#include "ring_kind.h"
#include "ringbuf_reader.h"
#include "attach/trace_attach.h"
#include "points/eof_watch.h"

#define POLL_INTERVAL_MS 50
/* How often to make sure the hook still runs our program: another loader
 * may replace it, or the interface may go, and the rings would just fall
 * silent. */
#define HOOK_CHECK_INTERVAL_NS (500ull * 1000 * 1000)
/* How long to wait at the end for records of packets that were in flight
 * when the program left the hook. */
#define FINAL_DRAIN_TRIES 50
#define FINAL_DRAIN_PAUSE_US 2000

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* Signals become events on a file descriptor: the loop sees them between
 * batches and every exit takes the same restoring path. */
static int open_signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&set, stop_signals[i]);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	/* A closed output pipe is a write error (EPIPE), handled like any. */
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static int open_rings(void *ctx)
{
	return capture_ring__open(ctx);
}

static int restore_all(struct capture_session *s);
static int close_rotated_file(void *ctx);
static int run_loop(struct capture_session *s);

static int start_iface_here(struct capture_session *s, struct capture_iface *ci)
{
	struct attach_request req = s->opts.attach;
	int err;

	err = recover_interface(ci->ifindex, ci->name);
	if (err < 0)
		return err;
	attachment__init(&ci->att, ci->ifindex, ci->name);
	ci->skel = capture_skel__open(s->opts.record_copy == RECORD_COPY_DYNPTR);
	if (!ci->skel) {
		err = -errno;
		pr_err("%s: cannot open the capture program: %s\n", ci->name, strerror(-err));
		return err;
	}
	ci->skel->rodata->snaplen = s->opts.snaplen;
	ci->skel->rodata->capture_entry = s->opts.capture_entry;
	ci->skel->rodata->exit_actions = s->opts.exit_actions;
	capture_budget__configure(ci->skel, &s->opts);
	ci->skel->rodata->ring_kind = s->opts.ring;
	/* Ring buffer records carry wall-clock time
	 * (capture_session__refresh_clock keeps it current). */
	ci->skel->data->mono_to_wall_ns = s->clock.offset_ns;
	if (s->opts.ring == XDPDUMP_RING_RINGBUF) {
		size_t size = capture_ringbuf__size(s->opts.ring_kib);

		/* Wake the reader at 1/32 full (bpf/capture_common.h,
		 * docs/record-path.md: Wakeups). */
		ci->skel->rodata->wakeup_bytes = size / 32;
		err = bpf_map__set_max_entries(ci->skel->maps.rb, size);
		if (err)
			return err;
	}
	bpf_program__set_autoload(ci->skel->progs.xdpdump_at_exit, s->opts.capture_exit);
	req.want_exit = s->opts.capture_exit;
	req.programs = s->opts.programs;
	req.after_load = open_rings;
	req.after_load_ctx = ci;
	err = attachment__attach(&ci->att, &ci->skel, &req);
	if (err)
		return err;
	ci->start_ns = wall_clock__from_mono(&s->clock, mono_now_ns());
	return 0;
}

/* Attaching, like every netlink request about the interface, happens in
 * its network namespace. */
static int start_iface(struct capture_session *s, struct capture_iface *ci)
{
	int home, err = netns_point__enter(&ci->netns, &home);

	if (err)
		return err;
	err = start_iface_here(s, ci);
	netns_point__leave(home);
	return err;
}

static int add_idb(struct capture_session *s, const char *name, const char *how,
		   unsigned int *if_id)
{
	char description[256];
	int err;

	snprintf(description, sizeof(description), "XDP %s capture (%s)",
		 !s->opts.capture_exit ? "entry" :
		 s->opts.capture_entry ? "entry and exit" :
					 "exit",
		 how);
	struct capture_interface idb = {
		.name = name,
		.description = description,
		.filter = s->opts.filter,
		.snaplen = s->opts.snaplen,
		.linktype = 1, /* DLT_EN10MB */
	};
	err = output__add_interface(s->out, &idb);
	if (err < 0) {
		pr_err("%s: %s\n", output__name(s->out), strerror(-err));
		return err;
	}
	*if_id = err;
	return 0;
}

/*
 * One IDB per interface, once all are attached and the file is begun.
 * Tracing several programs of one interface gives each its own IDB,
 * "IF@PROGRAM", since their entry and exit records are different points.
 */
static int describe_iface(struct capture_session *s, struct capture_iface *ci)
{
	unsigned int traced = trace_attachment__count(ci->att.trace);
	char name[CAPTURE_POINT_NAME_MAX + 80], how[256];
	int err;

	if (traced <= 1) {
		err = add_idb(s, ci->name, ci->att.description, &ci->if_id);
		if (!err)
			capture_iface__set_if_ids(ci);
		return err;
	}
	for (unsigned int i = 0; i < traced; i++) {
		snprintf(name, sizeof(name), "%s@%s", ci->name,
			 trace_attachment__prog_name(ci->att.trace, i));
		snprintf(how, sizeof(how), "trace: program id %u of %s",
			 trace_attachment__prog_id(ci->att.trace, i), ci->att.description);
		err = add_idb(s, name, how, &ci->traced_if_ids[i]);
		if (err)
			return err;
	}
	ci->if_id = ci->traced_if_ids[0];
	capture_iface__set_if_ids(ci);
	return 0;
}

static int resolve_names(struct capture_session *s, char **ifnames)
{
	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		struct capture_iface *ci = &s->ifaces[i];
		int err;

		ci->session = s;
		if (strlen(ifnames[i]) >= sizeof(ci->name)) {
			pr_err("%s: name too long\n", ifnames[i]);
			return -EINVAL;
		}
		snprintf(ci->name, sizeof(ci->name), "%s", ifnames[i]);
		err = netns_point__open(&ci->netns, ifnames[i]);
		if (err)
			return err;
		ci->ifindex = netns_point__ifindex(&ci->netns, ifnames[i]);
		if (!ci->ifindex)
			return -ENODEV;
		for (unsigned int j = 0; j < i; j++) {
			if (s->ifaces[j].ifindex == ci->ifindex &&
			    netns_point__same_ns(&s->ifaces[j].netns, &ci->netns)) {
				pr_err("%s: interface given twice\n", ifnames[i]);
				return -EINVAL;
			}
		}
	}
	return 0;
}

static int session_init(struct capture_session *s, unsigned int nr_ifaces)
{
	int cpus = libbpf_num_possible_cpus();

	if (cpus < 0)
		return cpus;
	s->nr_cpus = cpus;
	s->nr_ifaces = nr_ifaces;
	s->epoll_fd = -1;
	s->signal_fd = -1;
	s->ifaces = calloc(nr_ifaces, sizeof(*s->ifaces));
	if (!s->ifaces)
		return -ENOMEM;
	/* The perf rings' merge; ring buffer records wait in their ring
	 * (epb_merge.c). */
	if (s->opts.ring == XDPDUMP_RING_PERF) {
		s->reorder = reorder__new(nr_ifaces * s->nr_cpus);
		if (!s->reorder)
			return -ENOMEM;
	}
	for (unsigned int i = 0; i < nr_ifaces; i++) {
		s->ifaces[i].netns.fd = -1;
		s->ifaces[i].cpu_lost = calloc(s->nr_cpus, sizeof(uint64_t));
		if (!s->ifaces[i].cpu_lost)
			return -ENOMEM;
	}
	s->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epoll_fd < 0)
		return -errno;
	s->signal_fd = open_signal_fd();
	if (s->signal_fd < 0)
		return -errno;
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = UINT32_MAX };
	if (epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, s->signal_fd, &ev))
		return -errno;
	if (s->opts.exit_on_eof) {
		int err = eof_watch__add(s->epoll_fd);

		if (err)
			return err;
	}
	wall_clock__calibrate(&s->clock);
	return 0;
}

static void print_listening(const struct capture_session *s)
{
	char names[256] = "";
	size_t used = 0;

	for (unsigned int i = 0; i < s->nr_ifaces && used < sizeof(names); i++)
		used += snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "",
				 s->ifaces[i].name);
	pr_info("listening on %s, link-type EN10MB (Ethernet), snapshot length %u bytes\n", names,
		s->opts.snaplen);
}

/* For -v: a session must give back every descriptor it opened, or a
 * long-lived caller (extcap, a loop of captures) would run out. */
static int open_fds(void)
{
	struct dirent *ent;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -errno;
	while ((ent = readdir(d)))
		n += ent->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the directory's own */
}

/* --ring and --record-copy as this kernel allows them: 0, or -errno
 * (reported). */
static int resolve_record_path(struct capture_options *o)
{
	int kind = ring_kind__resolve(o->ring), copy;

	if (kind < 0)
		return kind;
	o->ring = kind;
	pr_debug("record transport: %s\n", ring_kind__name(kind));
	if (kind != XDPDUMP_RING_RINGBUF)
		return 0;
	copy = ring_kind__resolve_copy(o->record_copy);
	if (copy < 0)
		return copy;
	o->record_copy = copy;
	pr_debug("record copy: %s\n", ring_kind__copy_name(copy));
	return 0;
}

struct capture_session *capture_session__start(char **ifnames, unsigned int nr_ifnames,
					       const struct capture_options *opts,
					       struct output *out)
{
	struct capture_session *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return NULL;
	s->opts = *opts;
	s->out = out;
	s->fds_before = open_fds();
	err = resolve_record_path(&s->opts);
	if (err) {
		free(s);
		errno = -err;
		return NULL;
	}
	err = session_init(s, nr_ifnames);
	if (err)
		goto err_session;
	err = resolve_names(s, ifnames);
	if (err)
		goto err_session;
	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		err = start_iface(s, &s->ifaces[i]);
		if (err)
			goto err_session;
	}
	err = output__begin(out);
	if (err) {
		pr_err("%s: %s\n", output__name(out), strerror(-err));
		goto err_session;
	}
	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		err = describe_iface(s, &s->ifaces[i]);
		if (err)
			goto err_session;
	}
	output__on_file_closing(out, close_rotated_file, s);
	if (s->opts.status_line)
		s->status = status_line__new(mono_now_ns());
	print_listening(s);
	return s;

err_session:
	if (s->ifaces)
		restore_all(s);
	capture_session__free(s);
	errno = -err;
	return NULL;
}

/* 0 to go on; the signal number once one arrived. */
static int read_signal(int fd)
{
	struct signalfd_siginfo info;

	if (read(fd, &info, sizeof(info)) != sizeof(info))
		return 0;
	return info.ssi_signo;
}

static bool all_accounted(struct capture_session *s);
static int read_counters(struct capture_iface *ci, unsigned int nr_cpus,
			 struct xdpdump_cpu_stats *sum);

/* The ring buffer reports no losses to its reader: the status line takes
 * them from the kernel's counters, read at most this often. */
#define STATUS_COUNTERS_INTERVAL_NS (250ull * 1000 * 1000)

static void update_status(struct capture_session *s)
{
	uint64_t captured = 0, lost = 0, left_out = 0, now = mono_now_ns();
	bool reread = now - s->last_status_counters_ns >= STATUS_COUNTERS_INTERVAL_NS;
	struct xdpdump_cpu_stats sum;

	if (!status_line__due(s->status, now))
		return;
	/* The budget's counters are the kernel's: read them once a second,
	 * for the redraw. */
	if (capture_budget__on(&s->opts))
		all_accounted(s);
	if (reread)
		s->last_status_counters_ns = now;
	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		struct capture_iface *ci = &s->ifaces[i];

		if (ci->rb && reread && !read_counters(ci, s->nr_cpus, &sum))
			ci->output_failed = sum.output_failed;
		captured += ci->captured;
		lost += ci->rb ? ci->output_failed : ci->ring_lost;
		left_out += capture_budget__left_out(ci);
	}
	status_line__update(s->status, now, captured, lost, left_out);
}

/* -ECANCELED once an interface's hook is no longer ours (reported). */
static int check_hooks(struct capture_session *s)
{
	uint64_t now = mono_now_ns();

	if (now - s->last_hook_check_ns < HOOK_CHECK_INTERVAL_NS)
		return 0;
	s->last_hook_check_ns = now;
	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		int home, err = netns_point__enter(&s->ifaces[i].netns, &home);

		if (!err)
			err = attachment__check(&s->ifaces[i].att);
		netns_point__leave(home);
		if (err)
			return -ECANCELED;
	}
	return 0;
}

int capture_session__run(struct capture_session *s)
{
	int err = run_loop(s);

	/* Whatever is printed next starts on a line of its own. */
	status_line__end(s->status);
	s->status = NULL;
	return err;
}

static int run_loop(struct capture_session *s)
{
	struct epoll_event events[16];

	while (!s->stop_signal && !s->count_reached) {
		int wait = s->opts.ring == XDPDUMP_RING_RINGBUF ?
				   epb_merge__wait_ms(s, mono_now_ns(), POLL_INTERVAL_MS) :
				   POLL_INTERVAL_MS;
		int n = epoll_wait(s->epoll_fd, events, 16, wait), err;

		if (n < 0 && errno != EINTR)
			return -errno;
		err = check_hooks(s);
		if (err)
			return err;
		for (int i = 0; i < n; i++) {
			if (events[i].data.u32 == UINT32_MAX)
				s->stop_signal = read_signal(s->signal_fd);
			else if (events[i].data.u32 == EOF_WATCH_EVENT)
				s->stop_signal = eof_watch__check();
		}
		if (s->opts.exit_on_eof && !s->stop_signal)
			s->stop_signal = eof_watch__heartbeat_lost();
		/* Idle is a whole poll interval without a wakeup, not a wait
		 * cut short for the reorder window: each idle pass flushes. */
		err = capture_loop__drain(s, n == 0 && wait == POLL_INTERVAL_MS, false);
		if (err)
			return err;
		update_status(s);
	}
	if (s->stop_signal)
		pr_debug("stopping on %s\n", strsignal(s->stop_signal));
	return 0;
}

static int stats_fd(const struct capture_iface *ci)
{
	return ci->att.trace ? trace_attachment__stats_fd(ci->att.trace) :
			       bpf_map__fd(ci->skel->maps.stats);
}

/* The kernel's counters for one interface, summed over the CPUs; each
 * CPU's lost records into ci->cpu_lost. */
static int read_counters(struct capture_iface *ci, unsigned int nr_cpus,
			 struct xdpdump_cpu_stats *sum)
{
	struct xdpdump_cpu_stats per_cpu[nr_cpus];
	__u32 zero = 0;

	memset(sum, 0, sizeof(*sum));
	/* The kernel fills every CPU's slot; valgrind believes only the first
	 * (it takes a lookup's size from the map's value_size), and would
	 * flag every sum below (make check-valgrind). */
	memset(per_cpu, 0, sizeof(per_cpu));
	if (bpf_map_lookup_elem(stats_fd(ci), &zero, per_cpu))
		return -errno;
	for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
		sum->seen += per_cpu[cpu].seen;
		sum->matched += per_cpu[cpu].matched;
		sum->output_failed += per_cpu[cpu].output_failed;
		ci->cpu_lost[cpu] = per_cpu[cpu].output_failed;
		sum->exit_seen += per_cpu[cpu].exit_seen;
		sum->exit_matched += per_cpu[cpu].exit_matched;
		capture_budget__add(sum, &per_cpu[cpu]);
	}
	return 0;
}

static bool all_accounted(struct capture_session *s)
{
	struct xdpdump_cpu_stats sum;
	bool done = true;

	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		struct capture_iface *ci = &s->ifaces[i];

		if (!ci->ring_open || read_counters(ci, s->nr_cpus, &sum))
			continue;
		ci->seen = sum.seen;
		ci->matched = sum.matched;
		ci->exit_seen = sum.exit_seen;
		ci->exit_matched = sum.exit_matched;
		ci->output_failed = sum.output_failed;
		capture_budget__store(ci, &sum);
		if (ci->captured + ci->output_failed < ci->matched + ci->exit_matched)
			done = false;
	}
	return done;
}

/* The program is off the hook; collect the records of packets it was
 * handling at that moment, until the counters say nothing is missing. */
static int final_drain(struct capture_session *s)
{
	int err = 0;

	for (int tries = 0; tries < FINAL_DRAIN_TRIES; tries++) {
		err = capture_loop__drain(s, true, false);
		if (err || all_accounted(s))
			break;
		usleep(FINAL_DRAIN_PAUSE_US);
	}
	if (!err)
		err = capture_loop__drain(s, true, true);
	/* Even when the output failed, the counters are the kernel's and the
	 * summary must show them. */
	all_accounted(s);
	return err;
}

/* "0: N, 3: M": the CPUs whose records found no room, and how many; ""
 * when none did. */
static const char *format_cpu_lost(const struct capture_iface *ci, unsigned int nr_cpus,
				   char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int cpu = 0; cpu < nr_cpus && used < size; cpu++) {
		if (ci->cpu_lost[cpu])
			used += snprintf(buf + used, size - used, "%s%u: %llu", used ? ", " : "",
					 cpu, (unsigned long long)ci->cpu_lost[cpu]);
	}
	return buf;
}

/* One ISB per interface; the counters are totals since the start. */
static int write_isbs(struct capture_session *s, bool at_rotation)
{
	uint64_t now = wall_clock__from_mono(&s->clock, mono_now_ns());

	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		struct capture_iface *ci = &s->ifaces[i];
		char by_cpu[512], comment[900], budget[256];

		if (*format_cpu_lost(ci, s->nr_cpus, by_cpu, sizeof(by_cpu)))
			snprintf(comment, sizeof(comment), "xdpdump: lost in rings by CPU: %s",
				 by_cpu);
		else
			comment[0] = '\0';
		struct capture_if_stats st = {
			.start_ns = ci->start_ns,
			.end_ns = at_rotation ? now : ci->end_ns,
			.has_ifrecv = true,
			.ifrecv = ci->seen,
			.has_osdrop = true,
			.osdrop = ci->output_failed,
		};
		int err;

		if (!ci->ring_open)
			continue;
		/* One comment: the losses by CPU, then what the budget left out. */
		capture_budget__isb(&s->opts, ci, &st, budget, sizeof(budget));
		if (st.comment && comment[0])
			snprintf(comment + strlen(comment), sizeof(comment) - strlen(comment),
				 "; %s", budget);
		if (comment[0])
			st.comment = comment;
		err = output__stats(s->out, ci->if_id, &st);
		if (err)
			return err;
	}
	return 0;
}

static int write_statistics(struct capture_session *s)
{
	int err = write_isbs(s, false);

	return err ? err : output__flush(s->out);
}

/* Every rotated file ends with statistics as of its closing, like the last. */
static int close_rotated_file(void *ctx)
{
	struct capture_session *s = ctx;

	all_accounted(s);
	return write_isbs(s, true);
}

static void print_summary(const struct capture_session *s)
{
	uint64_t captured = 0;
	char matched[80], exits[64], budget[128];
	bool budget_on = capture_budget__on(&s->opts);

	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		const struct capture_iface *ci = &s->ifaces[i];

		if (!ci->ring_open)
			continue;
		uint64_t kept = ci->matched + ci->exit_matched;

		captured += ci->captured;
		snprintf(exits, sizeof(exits), ", %llu came back through the exit hook",
			 (unsigned long long)ci->exit_seen);
		snprintf(matched, sizeof(matched), ", %llu records kept by the filter%s",
			 (unsigned long long)(kept + capture_budget__left_out(ci)),
			 s->opts.capture_exit ? " and --action" : "");
		capture_budget__describe(&s->opts, ci, budget, sizeof(budget));
		pr_info("%s: %llu packets captured, %llu lost in rings, %llu seen by the capture program%s%s%s\n",
			ci->name, (unsigned long long)ci->captured,
			(unsigned long long)ci->output_failed, (unsigned long long)ci->seen,
			s->opts.capture_exit ? exits : "",
			s->opts.filter || s->opts.capture_exit || budget_on ? matched : "",
			budget);
		if (ci->output_failed) {
			char by_cpu[512];

			pr_info("%s: lost in rings by CPU: %s\n", ci->name,
				format_cpu_lost(ci, s->nr_cpus, by_cpu, sizeof(by_cpu)));
		}
		/* Every record the programs kept was either read or counted
		 * lost. */
		if (ci->captured + ci->output_failed != kept)
			pr_err("%s: accounting mismatch: %llu captured + %llu lost != %llu kept\n",
			       ci->name, (unsigned long long)ci->captured,
			       (unsigned long long)ci->output_failed, (unsigned long long)kept);
		if (ci->pb && ci->ring_lost != ci->output_failed)
			pr_debug("%s: the perf rings reported %llu lost samples\n", ci->name,
				 (unsigned long long)ci->ring_lost);
	}
	pr_info("%llu packets written to %s\n", (unsigned long long)s->written,
		output__summary_name(s->out));
	if (s->count_reached && captured > s->written)
		pr_info("%llu packets captured after the -c count or the -W file limit was reached were not written\n",
			(unsigned long long)(captured - s->written));
	else if (captured > s->written)
		pr_info("%llu packets captured were not written: the output failed\n",
			(unsigned long long)(captured - s->written));
	if (s->late)
		pr_info("%llu packets arrived after the reorder window; written with the previous timestamp and a comment\n",
			(unsigned long long)s->late);
	if (s->clock_held)
		pr_info("%llu packets stamped behind the previous one after a correction of the clock's offset; written with the previous timestamp and a comment\n",
			(unsigned long long)s->clock_held);
	if (s->opts.ring == XDPDUMP_RING_RINGBUF)
		pr_debug("blocks: %llu written as the capture program made them, %llu rebuilt\n",
			 (unsigned long long)s->blocks_moved,
			 (unsigned long long)(s->written - s->blocks_moved));
}

static int restore_all(struct capture_session *s)
{
	int err = 0;

	for (unsigned int i = s->nr_ifaces; i-- > 0;) {
		struct capture_iface *ci = &s->ifaces[i];
		int home, ret = netns_point__enter(&ci->netns, &home);

		if (!ret)
			ret = attachment__detach(&ci->att);
		netns_point__leave(home);

		ci->end_ns = wall_clock__from_mono(&s->clock, mono_now_ns());
		if (ret && !err)
			err = ret;
	}
	return err;
}

int capture_session__stop(struct capture_session *s)
{
	int err, ret;

	if (!s->ifaces)
		return 0;
	/* Interfaces first: nothing may stop us from putting them back. */
	err = restore_all(s);
	ret = final_drain(s);
	if (!ret)
		ret = write_statistics(s);
	/* The one report of an output error, naming the file; the caller
	 * says nothing of a run that a failed output stopped. */
	if (ret)
		pr_err("%s: %s\n", output__name(s->out), strerror(-ret));
	print_summary(s);
	return err ? err : ret;
}

void capture_session__free(struct capture_session *s)
{
	int fds_before;

	if (!s)
		return;
	fds_before = s->fds_before;
	for (unsigned int i = 0; s->ifaces && i < s->nr_ifaces; i++) {
		free(s->ifaces[i].cpu_lost);
		perf_buffer__free(s->ifaces[i].pb);
		ringbuf_reader__free(s->ifaces[i].rb);
		epb_queue__free(s->ifaces[i].epb);
		trace_attachment__free(s->ifaces[i].att.trace);
		capture_bpf__destroy(s->ifaces[i].skel);
		netns_point__close(&s->ifaces[i].netns);
	}
	status_line__end(s->status);
	free(s->ifaces);
	reorder__free(s->reorder);
	if (s->epoll_fd >= 0)
		close(s->epoll_fd);
	if (s->signal_fd >= 0)
		close(s->signal_fd);
	free(s);
	pr_debug("file descriptors: %d open after the capture session, %d before it\n",
		 open_fds(), fds_before);
}
