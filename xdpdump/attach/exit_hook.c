// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include "exit_hook.h"
#include "xdp_state.h"
#include "xdpdump_hook.h"
#include "xdpdump_shared.h"

void exit_hook__init(struct exit_hook *h)
{
	h->prog_map_fd = -1;
	h->state_map_fd = -1;
	h->installed_id = 0;
}

/* fd of the map named name among prog_id's maps, or -errno. */
static int open_prog_map(__u32 prog_id, const char *name, __u32 type)
{
	/* Zeroed only for valgrind, which does not see the kernel fill it. */
	__u32 map_ids[64] = { 0 }, nr_maps = 64;
	struct bpf_prog_info info = { .nr_map_ids = nr_maps,
				      .map_ids = (__u64)(unsigned long)map_ids };
	__u32 len = sizeof(info);
	int prog_fd = bpf_prog_get_fd_by_id(prog_id), err = -ENOENT;

	if (prog_fd < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len)) {
		err = -errno;
		goto out;
	}
	for (__u32 i = 0; i < info.nr_map_ids && i < nr_maps; i++) {
		struct bpf_map_info map = {};
		__u32 map_len = sizeof(map);
		int fd = bpf_map_get_fd_by_id(map_ids[i]);

		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &map, &map_len) && map.type == type &&
		    !strcmp(map.name, name)) {
			err = fd;
			break;
		}
		close(fd);
	}
out:
	close(prog_fd);
	return err;
}

int exit_hook__find(struct exit_hook *h, __u32 prog_id)
{
	h->prog_map_fd = open_prog_map(prog_id, XDPDUMP_HOOK_PROG_MAP, BPF_MAP_TYPE_PROG_ARRAY);
	if (h->prog_map_fd < 0)
		return h->prog_map_fd;
	h->state_map_fd =
		open_prog_map(prog_id, XDPDUMP_HOOK_STATE_MAP, BPF_MAP_TYPE_PERCPU_ARRAY);
	if (h->state_map_fd < 0) {
		int err = h->state_map_fd;

		close(h->prog_map_fd);
		exit_hook__init(h);
		return err;
	}
	return 0;
}

int exit_hook__install(struct exit_hook *h, int exit_prog_fd)
{
	__u32 key = 0;

	if (bpf_map_update_elem(h->prog_map_fd, &key, &exit_prog_fd, BPF_ANY))
		return -errno;
	return bpf_prog_id_by_fd(exit_prog_fd, &h->installed_id);
}

/* Empty slot 0 of a hook PROG_ARRAY if it holds expected_id (0: any
 * program named like our exit program). */
static int clear_slot(int map_fd, __u32 expected_id)
{
	char name[BPF_OBJ_NAME_LEN] = "";
	__u32 key = 0, id = 0;

	if (bpf_map_lookup_elem(map_fd, &key, &id))
		return 0; /* empty */
	if (expected_id ? id != expected_id :
			  bpf_prog_name_by_id(id, name, sizeof(name)) ||
				  strcmp(name, XDPDUMP_EXIT_PROG_NAME))
		return 0; /* someone else's */
	if (bpf_map_delete_elem(map_fd, &key))
		return -errno;
	return 1;
}

void exit_hook__release(struct exit_hook *h)
{
	if (h->prog_map_fd >= 0 && h->installed_id)
		clear_slot(h->prog_map_fd, h->installed_id);
	if (h->prog_map_fd >= 0)
		close(h->prog_map_fd);
	if (h->state_map_fd >= 0)
		close(h->state_map_fd);
	exit_hook__init(h);
}

int exit_hook__clear_leftover(__u32 prog_id)
{
	int fd = open_prog_map(prog_id, XDPDUMP_HOOK_PROG_MAP, BPF_MAP_TYPE_PROG_ARRAY), ret;

	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	ret = clear_slot(fd, 0);
	close(fd);
	return ret;
}
