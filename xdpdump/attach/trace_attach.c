// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "attach.h"
#include "capture.skel.h"
#include "capture/filter.h"
#include "log.h"
#include "trace.skel.h"
#include "trace_attach.h"

struct traced_prog {
	__u32 id;
	char name[64]; /* the function's full name from BTF, as libxdp gives it */
	struct trace_bpf *skel;
	struct bpf_link *entry, *exit;
};

struct trace_attachment {
	unsigned int nr;
	struct traced_prog progs[TRACE_MAX_PROGS];
	/* -p on a dispatcher: an fentry on the dispatcher that records
	 * nothing and only gives each packet its id, which the programs'
	 * records then share (bpf/trace_xdp.h, numbers_packets). */
	struct traced_prog numberer;
	bool numbered_at_dispatcher;
};

/* The programs on the hook that tracing can target: the components of a
 * libxdp dispatcher, or the one program attached. */
struct trace_candidates {
	struct xdp_multiprog *mp; /* owns the programs below when set */
	struct xdp_program *single;
	struct xdp_program *dispatcher; /* the dispatcher program itself */
	struct xdp_program *progs[TRACE_MAX_PROGS];
	unsigned int nr;
};

static int find_candidates(const struct attachment *a, struct trace_candidates *c)
{
	struct xdp_program *p = NULL;
	int err;

	memset(c, 0, sizeof(*c));
	if (multiprog_dispatcher_present(a->ifindex)) {
		c->mp = xdp_multiprog__get_from_ifindex(a->ifindex);
		err = libxdp_get_error(c->mp);
		if (err) {
			c->mp = NULL;
			return err;
		}
		c->dispatcher = xdp_multiprog__main_prog(c->mp);
		if (!c->dispatcher)
			return -ENOENT;
		while ((p = xdp_multiprog__next_prog(p, c->mp)) && c->nr < TRACE_MAX_PROGS)
			c->progs[c->nr++] = p;
		return 0;
	}
	c->single = xdp_program__from_id(a->found.prog_id);
	err = libxdp_get_error(c->single);
	if (err) {
		c->single = NULL;
		return err;
	}
	c->progs[c->nr++] = c->single;
	return 0;
}

static void free_candidates(struct trace_candidates *c)
{
	if (c->mp)
		xdp_multiprog__close(c->mp);
	if (c->single)
		xdp_program__close(c->single);
}

/* The kernel's 15-character name, for -p given what bpftool shows. */
static bool kernel_name_is(const struct xdp_program *p, const char *want)
{
	char name[BPF_OBJ_NAME_LEN] = "";

	return !bpf_prog_name_by_id(xdp_program__id(p), name, sizeof(name)) &&
	       !strcmp(name, want);
}

static bool matches(const struct xdp_program *p, const char *token)
{
	char *end;
	unsigned long id = strtoul(token, &end, 10);

	if (*token && !*end)
		return id == xdp_program__id(p);
	return !strcmp(xdp_program__name(p), token) || kernel_name_is(p, token);
}

static void list_candidates(const struct trace_candidates *c, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < c->nr && used < size; i++)
		used += snprintf(buf + used, size - used, "%s%s (id %u)", i ? ", " : "",
				 xdp_program__name(c->progs[i]), xdp_program__id(c->progs[i]));
}

/* -p NAME|ID[,...]|all against the candidates; no -p: all of them. */
static int select_targets(const struct attachment *a, const struct trace_candidates *c,
			  const char *wanted, bool chosen[TRACE_MAX_PROGS])
{
	char *copy, *token, *save = NULL, known[512];
	int err = 0;

	memset(chosen, 0, TRACE_MAX_PROGS * sizeof(chosen[0]));
	if (!wanted || !strcmp(wanted, "all")) {
		for (unsigned int i = 0; i < c->nr; i++)
			chosen[i] = true;
		return 0;
	}
	copy = strdup(wanted);
	if (!copy)
		return -ENOMEM;
	for (token = strtok_r(copy, ",", &save); token && !err;
	     token = strtok_r(NULL, ",", &save)) {
		bool found = false;

		for (unsigned int i = 0; i < c->nr; i++) {
			if (!strcmp(token, "all") || matches(c->progs[i], token))
				chosen[i] = found = true;
		}
		if (!found) {
			list_candidates(c, known, sizeof(known));
			pr_err("%s: -p %s: no such XDP program on the interface (there is: %s)\n",
			       a->ifname, token, known);
			err = -ENOENT;
		}
	}
	free(copy);
	return err;
}

/* Errors that mean "this kernel does not do fentry/fexit on XDP programs",
 * as opposed to a program of ours it refused. */
static bool no_tracing_support(int err)
{
	return err == -EPERM || err == -EOPNOTSUPP || err == -524 /* ENOTSUPP */ ||
	       err == -ENOSYS;
}

/* How one copy of the tracing programs takes part. */
struct trace_role {
	unsigned int source; /* records' source: which interface block */
	bool numbers; /* its fentry gives the packets their ids */
	bool records; /* it writes records (the numberer does not) */
};

static int open_traced(struct traced_prog *tp, const struct capture_bpf *settings,
		       const struct attach_request *req, const struct trace_role *role,
		       const struct traced_prog *first, struct xdp_program *target)
{
	int fd = xdp_program__fd(target), err;
	bool want_exit = req->want_exit && role->records;

	tp->id = xdp_program__id(target);
	snprintf(tp->name, sizeof(tp->name), "%s", xdp_program__name(target));
	tp->skel = trace_bpf__open();
	if (!tp->skel)
		return -errno;
	tp->skel->rodata->snaplen = settings->rodata->snaplen;
	tp->skel->rodata->capture_entry = role->records && settings->rodata->capture_entry;
	tp->skel->rodata->capture_exit = want_exit;
	tp->skel->rodata->exit_actions = settings->rodata->exit_actions;
	tp->skel->rodata->source = role->source;
	tp->skel->rodata->numbers_packets = role->numbers;
	tp->skel->rodata->sample_every = settings->rodata->sample_every;
	tp->skel->rodata->rate_interval_ns = settings->rodata->rate_interval_ns;
	tp->skel->rodata->rate_tolerance_ns = settings->rodata->rate_tolerance_ns;
	tp->skel->rodata->ring_kind = settings->rodata->ring_kind;
	tp->skel->rodata->wakeup_bytes = settings->rodata->wakeup_bytes;
	tp->skel->data->mono_to_wall_ns = settings->data->mono_to_wall_ns;
	/* The fentry program numbers the packets (or reads the number); it
	 * always runs. */
	bpf_program__set_autoload(tp->skel->progs.xdpdump_fexit, want_exit);
	err = bpf_program__set_attach_target(tp->skel->progs.xdpdump_fentry, fd, tp->name);
	if (err)
		return err;
	err = bpf_program__set_attach_target(tp->skel->progs.xdpdump_fexit, fd, tp->name);
	if (err)
		return err;
	err = bpf_map__set_max_entries(tp->skel->maps.rb,
				       bpf_map__max_entries(settings->maps.rb));
	if (err || !first)
		return err;
	err = bpf_map__reuse_fd(tp->skel->maps.events, bpf_map__fd(first->skel->maps.events));
	if (err)
		return err;
	err = bpf_map__reuse_fd(tp->skel->maps.rb, bpf_map__fd(first->skel->maps.rb));
	if (err)
		return err;
	err = bpf_map__reuse_fd(tp->skel->maps.stats, bpf_map__fd(first->skel->maps.stats));
	if (err)
		return err;
	/* One --max-rate budget for the interface, not per program. */
	return bpf_map__reuse_fd(tp->skel->maps.budget, bpf_map__fd(first->skel->maps.budget));
}

static void free_traced(struct traced_prog *tp)
{
	bpf_link__destroy(tp->entry);
	bpf_link__destroy(tp->exit);
	trace_bpf__destroy(tp->skel);
}

static void free_trace(struct trace_attachment *t)
{
	for (unsigned int i = 0; i < t->nr; i++)
		free_traced(&t->progs[i]);
	free_traced(&t->numberer);
	free(t);
}

static int load_one(struct attachment *a, struct traced_prog *tp, int err)
{
	if (!err)
		err = trace_bpf__load(tp->skel);
	if (err && no_tracing_support(err)) {
		pr_debug("%s: the kernel refuses fentry/fexit on %s (id %u): %s\n", a->ifname,
			 tp->name, tp->id, strerror(-err));
		a->trace_refused = err;
		return -EOPNOTSUPP;
	}
	if (err)
		capture_filter__report_load_failure(a->ifname, err);
	return err;
}

/*
 * libxdp gives a dispatcher of one program no slots: that program
 * replaces the dispatcher's whole function (freplace on xdp_dispatcher
 * itself), and the kernel refuses fentry/fexit where an extension sits
 * (EBUSY). The program is then the chain: its entry and verdict are the
 * dispatcher's, and it is traced as a program on its own.
 */
static bool dispatcher_is_one_program(const struct trace_candidates *c)
{
	return c->mp && c->nr == 1;
}

/*
 * Which programs get a copy: on a dispatcher without -p, the dispatcher
 * itself (entry before any of its programs, exit with the chain's final
 * verdict); with -p, the chosen programs, and a numberer on the
 * dispatcher; without a dispatcher (or with one program in it), the one
 * program.
 */
static int load_all(struct attachment *a, struct trace_attachment *t,
		    const struct trace_candidates *c, const bool chosen[TRACE_MAX_PROGS],
		    const struct capture_bpf *settings, const struct attach_request *req)
{
	bool numberer = c->mp && !dispatcher_is_one_program(c);
	struct trace_role role = { .numbers = !numberer, .records = true };
	int err;

	if (numberer && !req->programs) {
		role.numbers = true;
		err = open_traced(&t->progs[0], settings, req, &role, NULL, c->dispatcher);
		t->nr = 1;
		return load_one(a, &t->progs[0], err);
	}
	for (unsigned int i = 0; i < c->nr; i++) {
		struct traced_prog *tp = &t->progs[t->nr];

		if (!chosen[i])
			continue;
		role.source = t->nr;
		err = open_traced(tp, settings, req, &role, t->nr ? &t->progs[0] : NULL,
				  c->progs[i]);
		t->nr++;
		err = load_one(a, tp, err);
		if (err)
			return err;
	}
	if (!numberer || !t->nr)
		return 0;
	role = (struct trace_role){ .numbers = true, .records = false };
	err = open_traced(&t->numberer, settings, req, &role, &t->progs[0], c->dispatcher);
	t->numbered_at_dispatcher = true;
	return load_one(a, &t->numberer, err);
}

/* libbpf 1.x: NULL and errno on failure. */
static int attach_tracing(struct bpf_program *prog, struct bpf_link **link)
{
	*link = bpf_program__attach_trace(prog);
	return *link ? 0 : -errno;
}

static int attach_numberer(struct attachment *a, struct trace_attachment *t)
{
	struct traced_prog *tp = &t->numberer;
	int err;

	if (!t->numbered_at_dispatcher)
		return 0;
	err = attach_tracing(tp->skel->progs.xdpdump_fentry, &tp->entry);
	if (err) {
		pr_err("%s: cannot attach fentry to the libxdp dispatcher %s (id %u): %s\n",
		       a->ifname, tp->name, tp->id, strerror(-err));
	}
	return err;
}

/* The numberer first: the programs' records read the id it gives. */
static int attach_all(struct attachment *a, struct trace_attachment *t)
{
	int ret = attach_numberer(a, t);

	if (ret)
		return ret;
	for (unsigned int i = 0; i < t->nr; i++) {
		struct traced_prog *tp = &t->progs[i];
		int err;

		err = attach_tracing(tp->skel->progs.xdpdump_fentry, &tp->entry);
		if (!err && bpf_program__autoload(tp->skel->progs.xdpdump_fexit))
			err = attach_tracing(tp->skel->progs.xdpdump_fexit, &tp->exit);
		if (err) {
			if (!no_tracing_support(err) || i)
				pr_err("%s: cannot attach fentry/fexit to %s (id %u): %s\n",
				       a->ifname, tp->name, tp->id, strerror(-err));
			if (!no_tracing_support(err) || i)
				return err;
			a->trace_refused = err;
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static void describe(struct attachment *a, const struct trace_attachment *t, bool dispatcher)
{
	size_t used;

	used = snprintf(a->description, sizeof(a->description), "trace: fentry%s on ",
			t->progs[0].skel && bpf_program__autoload(
						    t->progs[0].skel->progs.xdpdump_fexit) ?
				"/fexit" :
				"");
	for (unsigned int i = 0; i < t->nr && used < sizeof(a->description); i++)
		used += snprintf(a->description + used, sizeof(a->description) - used,
				 "%s%s (id %u)", i ? ", " : "", t->progs[i].name, t->progs[i].id);
	if (dispatcher && t->progs[0].id != a->found.prog_id && !t->numbered_at_dispatcher &&
	    used < sizeof(a->description))
		snprintf(a->description + used, sizeof(a->description) - used,
			 " in libxdp dispatcher id %u, as its only program", a->found.prog_id);
	else if (dispatcher && t->numbered_at_dispatcher && used < sizeof(a->description))
		snprintf(a->description + used, sizeof(a->description) - used,
			 " in libxdp dispatcher id %u, packet ids given at its entry",
			 a->found.prog_id);
	else if (dispatcher && used < sizeof(a->description))
		snprintf(a->description + used, sizeof(a->description) - used,
			 ": the libxdp dispatcher, its programs as one chain");
}

int attach_trace(struct attachment *a, const struct capture_bpf *settings,
		 const struct attach_request *req)
{
	struct trace_candidates c;
	bool chosen[TRACE_MAX_PROGS];
	struct trace_attachment *t;
	int err;

	err = find_candidates(a, &c);
	if (err) {
		pr_err("%s: cannot inspect %s (id %u): %s\n", a->ifname, a->found.prog_name,
		       a->found.prog_id, strerror(-err));
		return err;
	}
	err = select_targets(a, &c, req->programs, chosen);
	if (err)
		goto out_candidates;
	t = calloc(1, sizeof(*t));
	if (!t) {
		err = -ENOMEM;
		goto out_candidates;
	}
	err = load_all(a, t, &c, chosen, settings, req);
	if (err)
		goto out_trace;
	/* The rings open on the maps of a->trace. */
	a->trace = t;
	if (req->after_load) {
		err = req->after_load(req->after_load_ctx);
		if (err)
			goto out_trace;
	}
	err = attach_all(a, t);
	if (err)
		goto out_trace;
	describe(a, t, c.mp != NULL);
	a->used = ATTACH_TRACE;
	a->mode = a->found.mode;
	free_candidates(&c);
	return 0;

out_trace:
	free_trace(t);
out_candidates:
	a->trace = NULL;
	free_candidates(&c);
	return err;
}

int detach_trace(struct attachment *a)
{
	/* Only the links: the maps stay until the session is freed, for the
	 * final drain and the counters. */
	for (unsigned int i = 0; a->trace && i < a->trace->nr; i++) {
		bpf_link__destroy(a->trace->progs[i].entry);
		bpf_link__destroy(a->trace->progs[i].exit);
		a->trace->progs[i].entry = a->trace->progs[i].exit = NULL;
	}
	if (a->trace) {
		bpf_link__destroy(a->trace->numberer.entry);
		a->trace->numberer.entry = NULL;
	}
	return 0;
}

void trace_attachment__free(struct trace_attachment *t)
{
	if (t)
		free_trace(t);
}

int trace_attachment__events_fd(const struct trace_attachment *t)
{
	return bpf_map__fd(t->progs[0].skel->maps.events);
}

int trace_attachment__rb_fd(const struct trace_attachment *t)
{
	return bpf_map__fd(t->progs[0].skel->maps.rb);
}

int trace_attachment__stats_fd(const struct trace_attachment *t)
{
	return bpf_map__fd(t->progs[0].skel->maps.stats);
}

unsigned int trace_attachment__count(const struct trace_attachment *t)
{
	return t ? t->nr : 0;
}

const char *trace_attachment__prog_name(const struct trace_attachment *t, unsigned int i)
{
	return t->progs[i].name;
}

__u32 trace_attachment__prog_id(const struct trace_attachment *t, unsigned int i)
{
	return t->progs[i].id;
}

void trace_attachment__set_wall_offset(struct trace_attachment *t, int64_t offset_ns)
{
	for (unsigned int i = 0; t && i < t->nr; i++)
		if (t->progs[i].skel && t->progs[i].skel->data)
			t->progs[i].skel->data->mono_to_wall_ns = offset_ns;
	if (t && t->numberer.skel && t->numberer.skel->data)
		t->numberer.skel->data->mono_to_wall_ns = offset_ns;
}

void trace_attachment__set_if_id(struct trace_attachment *t, unsigned int i, __u32 if_id)
{
	if (t && i < t->nr && t->progs[i].skel && t->progs[i].skel->data)
		t->progs[i].skel->data->epb_if_id = if_id;
}
