// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xdp_state.h"

static int prog_info_by_fd(int fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len))
		return -errno;
	return 0;
}

int bpf_prog_name_by_fd(int fd, char *name, size_t size)
{
	struct bpf_prog_info info;
	int err = prog_info_by_fd(fd, &info);

	if (err)
		return err;
	snprintf(name, size, "%s", info.name);
	return 0;
}

int bpf_prog_id_by_fd(int fd, __u32 *id)
{
	struct bpf_prog_info info;
	int err = prog_info_by_fd(fd, &info);

	if (!err)
		*id = info.id;
	return err;
}

int bpf_prog_name_by_id(__u32 id, char *name, size_t size)
{
	int fd = bpf_prog_get_fd_by_id(id);
	int err;

	if (fd < 0)
		return -errno;
	err = bpf_prog_name_by_fd(fd, name, size);
	close(fd);
	return err;
}

/* The XDP bpf_link (if any) that holds prog_id on ifindex. Links are few;
 * walking them all is cheaper than it sounds and needs no extra state. */
static __u32 find_xdp_link(int ifindex, __u32 prog_id)
{
	__u32 id = 0;

	while (!bpf_link_get_next_id(id, &id)) {
		struct bpf_link_info info = {};
		__u32 len = sizeof(info);
		int fd = bpf_link_get_fd_by_id(id);

		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.type == BPF_LINK_TYPE_XDP &&
		    (int)info.xdp.ifindex == ifindex && info.prog_id == prog_id) {
			close(fd);
			return id;
		}
		close(fd);
	}
	return 0;
}

int xdp_state__query(int ifindex, struct xdp_state *st)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, opts);
	int err;

	memset(st, 0, sizeof(*st));
	err = bpf_xdp_query(ifindex, 0, &opts);
	if (err)
		return err;

	switch (opts.attach_mode) {
	case XDP_ATTACHED_NONE:
		return 0;
	case XDP_ATTACHED_DRV:
		st->mode = HOOK_MODE_NATIVE;
		st->prog_id = opts.drv_prog_id;
		break;
	case XDP_ATTACHED_SKB:
		st->mode = HOOK_MODE_SKB;
		st->prog_id = opts.skb_prog_id;
		break;
	case XDP_ATTACHED_HW:
		st->mode = HOOK_MODE_HW;
		st->prog_id = opts.hw_prog_id;
		break;
	default:
		/* Offloaded and driver programs together: we would have to
		 * pick one, and we only ever touch the driver one. */
		st->mode = HOOK_MODE_NATIVE;
		st->prog_id = opts.drv_prog_id;
		break;
	}
	if (bpf_prog_name_by_id(st->prog_id, st->prog_name, sizeof(st->prog_name)))
		snprintf(st->prog_name, sizeof(st->prog_name), "?");
	st->link_id = find_xdp_link(ifindex, st->prog_id);
	return 0;
}

__u32 hook_mode__flags(enum hook_mode mode)
{
	switch (mode) {
	case HOOK_MODE_NATIVE:
		return XDP_FLAGS_DRV_MODE;
	case HOOK_MODE_SKB:
		return XDP_FLAGS_SKB_MODE;
	case HOOK_MODE_HW:
		return XDP_FLAGS_HW_MODE;
	default:
		return 0;
	}
}

const char *hook_mode__name(enum hook_mode mode)
{
	static const char *const names[] = {
		[HOOK_MODE_NONE] = "none",
		[HOOK_MODE_NATIVE] = "native",
		[HOOK_MODE_SKB] = "skb",
		[HOOK_MODE_HW] = "hw",
	};

	return names[mode];
}

int hook_mode__parse(const char *text, enum hook_mode *mode)
{
	if (!strcmp(text, "native") || !strcmp(text, "drv"))
		*mode = HOOK_MODE_NATIVE;
	else if (!strcmp(text, "skb") || !strcmp(text, "generic"))
		*mode = HOOK_MODE_SKB;
	else
		return -EINVAL;
	return 0;
}
