/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Putting the capture program at an interface's XDP hook, beside whatever
 * runs there, and putting things back exactly as they were.
 *
 *   load      nothing attached: attach the capture program itself (a
 *             bpf_link, so the kernel detaches it even if we are killed)
 *   multiprog a libxdp dispatcher is attached: insert the capture program
 *             ahead of its programs (needs freplace in the kernel)
 *   tailcall  anything else: atomically swap in the capture program, which
 *             tail-calls the original from its "chain" PROG_ARRAY, naming
 *             the old program so a concurrent change is detected
 *   trace     exit capture or -p: fentry/fexit on the programs already
 *             there (xdpdump/trace_attach.h); the hook is not touched.
 *             Where the kernel refuses tracing programs, exit capture
 *             falls back to tailcall plus the program's xdpdump_hook.h.
 */
#ifndef XDPDUMP_ATTACH_H
#define XDPDUMP_ATTACH_H

#include <net/if.h>
#include "dispatcher_view.h"
#include "exit_hook.h"
#include "xdp_state.h"

struct capture_bpf;
struct xdp_program;
struct trace_attachment;

enum attach_strategy {
	ATTACH_AUTO = 0,
	ATTACH_LOAD,
	ATTACH_MULTIPROG,
	ATTACH_TAILCALL,
	ATTACH_TRACE,
};

struct attach_request {
	enum attach_strategy strategy;
	enum hook_mode load_mode; /* HOOK_MODE_NONE: native, else skb */
	bool want_exit; /* exit capture (fexit, or the program's hook) */
	const char *programs; /* -p: which programs to trace; NULL: all */
	/* Runs once the capture program is loaded and before it is on the
	 * hook, so the rings are open before the first packet arrives. */
	int (*after_load)(void *ctx);
	void *after_load_ctx;
};

struct attachment {
	int ifindex;
	char ifname[128]; /* "IF", or "NETNS/IF" for messages */
	enum attach_strategy used;
	enum hook_mode mode;
	struct xdp_state found; /* the hook as we found it */
	__u32 capture_id;
	int orig_fd; /* tailcall: the user's program */
	int link_fd; /* load: our link; tailcall: the link holding the original */
	struct xdp_program *xdp_prog; /* multiprog */
	/* multiprog: the dispatcher with us in it, as we left it; the hook
	 * watch compares the user's programs against it. */
	struct dispatcher_view dispatcher;
	struct exit_hook hook; /* exit capture, when asked for */
	struct trace_attachment *trace; /* trace */
	int trace_refused; /* -errno the kernel gave for fentry/fexit, or 0 */
	bool pinned;
	/* Someone else changed the hook, or the interface went: detach must
	 * not touch it. */
	bool hook_lost;
	char description[192];
};

const char *attach_strategy__name(enum attach_strategy s);
int attach_strategy__parse(const char *text, enum attach_strategy *s);

void attachment__init(struct attachment *a, int ifindex, const char *ifname);
/* *skel is opened but not loaded; on success it is loaded and attached and
 * a->description says how (it may be replaced by a fresh copy with the same
 * settings on the way). On failure nothing is attached. */
int attachment__attach(struct attachment *a, struct capture_bpf **skel,
		       const struct attach_request *req);
/* Put the hook back as found. -EBUSY: someone else changed it meanwhile,
 * and we left their program in place. */
int attachment__detach(struct attachment *a);

/* Whether the hook still runs our capture program (on it, or behind
 * another xdpdump's chain; in the dispatcher we joined, with the user's
 * programs as they were; or, traced, the program we traced). 0; or -EBUSY
 * (someone else changed the hook) or -ENODEV (the interface is gone),
 * reported in one line. attachment__detach then leaves the hook alone,
 * except to take our own program out of a dispatcher that still holds it. */
int attachment__check(struct attachment *a);
/* The same for the strategies that leave the hook's program in place
 * (hook_watch.c); 1: this one is not theirs to check. */
int hook_watch__check(struct attachment *a, const struct xdp_state *now);

/* The strategies, one file each. */
int attach_load(struct attachment *a, struct capture_bpf *skel, const struct attach_request *req);
int detach_load(struct attachment *a);
int attach_tailcall(struct attachment *a, struct capture_bpf *skel,
		    const struct attach_request *req);
int detach_tailcall(struct attachment *a);
int attach_multiprog(struct attachment *a, struct capture_bpf *skel,
		     const struct attach_request *req);
int detach_multiprog(struct attachment *a);
/* The program in slot 0 of a tail-call capture program's chain, read from
 * its pins; 0 when it has none (not an xdpdump capture program). */
__u32 tailcall_chain__next(__u32 capture_id);
/* Whether capture_id runs from hook_id: it is hook_id, or further along
 * chains of xdpdump capture programs. *front: the one just before it. */
bool tailcall_chain__reaches(__u32 hook_id, __u32 capture_id, __u32 *front);
/* Our capture stops while front's chain holds it: point that chain at
 * next_fd (what ours holds), so front restores that when it stops, and our
 * chain emptying as we exit cannot cut its path. */
int tailcall_chain__splice_out(const char *ifname, __u32 front, int next_fd);

#endif /* XDPDUMP_ATTACH_H */
