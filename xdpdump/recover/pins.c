// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include "log.h"
#include "pins.h"

#define BPFFS_MOUNT "/sys/fs/bpf"

int bpffs__ensure_mounted(void)
{
	struct statfs fs;

	if (!statfs(BPFFS_MOUNT, &fs) && fs.f_type == BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", BPFFS_MOUNT, "bpf", 0, "mode=0700")) {
		int err = -errno;

		pr_err("cannot mount bpffs at %s: %s\n", BPFFS_MOUNT, strerror(-err));
		return err;
	}
	pr_debug("mounted bpffs at %s\n", BPFFS_MOUNT);
	return 0;
}

static void pin_dir(__u32 id, char *buf, size_t size)
{
	snprintf(buf, size, "%s/prog%u", XDPDUMP_PIN_ROOT, id);
}

/*
 * bpffs's root is often world-writable (sticky, like /tmp), so anyone could
 * have made our directory first and would then control what recovery
 * reads. Use it only when it is a real directory of ours, closed to others.
 */
static int make_private_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0700) && errno != EEXIST)
		return -errno;
	if (lstat(path, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		return -EPERM;
	if ((st.st_mode & 077) && chmod(path, 0700))
		return -errno;
	return 0;
}

/* The capture program's pin directory, made private (with its root). */
static int make_pin_dir(__u32 capture_prog_id, char *dir, size_t size)
{
	int err = make_private_dir(XDPDUMP_PIN_ROOT);

	if (err)
		return err;
	pin_dir(capture_prog_id, dir, size);
	return make_private_dir(dir);
}

static int pin_in(const char *dir, const char *name, int fd)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return bpf_obj_pin(fd, path) ? -errno : 0;
}

static int pin_owner(const char *dir, int fd)
{
	char name[32];

	snprintf(name, sizeof(name), "owner%d", (int)getpid());
	return pin_in(dir, name, fd);
}

int pins__record(__u32 capture_prog_id, int chain_map_fd)
{
	char dir[PATH_MAX];
	int err = make_pin_dir(capture_prog_id, dir, sizeof(dir));

	if (!err)
		err = pin_in(dir, "chain", chain_map_fd);
	return err ? err : pin_owner(dir, chain_map_fd);
}

int pins__record_owner(__u32 capture_prog_id, int map_fd)
{
	char dir[PATH_MAX];
	int err = make_pin_dir(capture_prog_id, dir, sizeof(dir));

	return err ? err : pin_owner(dir, map_fd);
}

int pins__remove(__u32 capture_prog_id)
{
	char dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
	struct dirent *ent;
	DIR *d;

	pin_dir(capture_prog_id, dir, sizeof(dir));
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((ent = readdir(d))) {
		if (ent->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, ent->d_name);
		unlink(path);
	}
	closedir(d);
	if (rmdir(dir))
		return -errno;
	return 0;
}

int pins__open_chain(__u32 capture_prog_id)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	int fd;

	pin_dir(capture_prog_id, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/chain", dir);
	fd = bpf_obj_get(path);
	return fd < 0 ? -errno : fd;
}

int pins__owner(__u32 capture_prog_id, pid_t *pid)
{
	char dir[PATH_MAX];
	struct dirent *ent;
	int err = -ENOENT;
	DIR *d;

	pin_dir(capture_prog_id, dir, sizeof(dir));
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((ent = readdir(d))) {
		int value;

		if (sscanf(ent->d_name, "owner%d", &value) == 1) {
			*pid = value;
			err = 0;
			break;
		}
	}
	closedir(d);
	return err;
}

void pins__remove_stale(void)
{
	struct dirent *ent;
	DIR *d = opendir(XDPDUMP_PIN_ROOT);

	if (!d)
		return;
	while ((ent = readdir(d))) {
		unsigned int id;
		int fd;

		if (sscanf(ent->d_name, "prog%u", &id) != 1)
			continue;
		fd = bpf_prog_get_fd_by_id(id);
		if (fd >= 0) {
			close(fd);
			continue;
		}
		pr_debug("removing stale marker for capture program %u\n", id);
		pins__remove(id);
	}
	closedir(d);
}
