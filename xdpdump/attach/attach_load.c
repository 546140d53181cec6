// SPDX-License-Identifier: GPL-2.0
/*
 * Strategy "load": the hook is free, so the capture program runs alone and
 * passes every packet. It is held by a bpf_link that only this process
 * owns: if xdpdump dies in any way, the kernel detaches it.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "capture.skel.h"
#include "capture/filter.h"
#include "frags_probe.h"
#include "log.h"

static int link_in_mode(int prog_fd, int ifindex, enum hook_mode mode)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = hook_mode__flags(mode));
	int fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);

	return fd < 0 ? -errno : fd;
}

int attach_load(struct attachment *a, struct capture_bpf *skel, const struct attach_request *req)
{
	struct bpf_program *prog = skel->progs.xdpdump_capture;
	bool frags = frags_probe__kernel_supports();
	enum hook_mode mode = req->load_mode ? req->load_mode : HOOK_MODE_NATIVE;
	int err, fd;

	/* Frags support costs nothing and lets us see jumbo and GRO'd
	 * multi-buffer frames whole. */
	bpf_program__set_flags(prog, frags ? BPF_F_XDP_HAS_FRAGS : 0);
	err = capture_bpf__load(skel);
	if (err) {
		capture_filter__report_load_failure(a->ifname, err);
		return err;
	}
	if (req->after_load) {
		err = req->after_load(req->after_load_ctx);
		if (err)
			return err;
	}
	fd = link_in_mode(bpf_program__fd(prog), a->ifindex, mode);
	if (fd < 0 && !req->load_mode && (fd == -EOPNOTSUPP || fd == -EINVAL)) {
		pr_debug("%s: native XDP refused (%s), trying skb mode\n", a->ifname,
			 strerror(-fd));
		mode = HOOK_MODE_SKB;
		fd = link_in_mode(bpf_program__fd(prog), a->ifindex, mode);
	}
	if (fd < 0) {
		pr_err("%s: cannot attach the capture program in %s mode: %s\n", a->ifname,
		       hook_mode__name(mode), strerror(-fd));
		return fd;
	}
	a->link_fd = fd;
	a->mode = mode;
	a->used = ATTACH_LOAD;
	bpf_prog_id_by_fd(bpf_program__fd(prog), &a->capture_id);
	snprintf(a->description, sizeof(a->description), "load: %s mode", hook_mode__name(mode));
	return 0;
}

int detach_load(struct attachment *a)
{
	/* Closing our only reference to the link detaches the program. */
	if (a->link_fd >= 0)
		close(a->link_fd);
	a->link_fd = -1;
	a->used = ATTACH_AUTO;
	return 0;
}
