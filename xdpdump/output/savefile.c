// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "gzsink.h"
#include "rotate.h"
#include "savefile.h"

struct savefile {
	const struct savefile_opts *opts;
	int fd;
	bool own_fd; /* false for stdout */
	bool created; /* we created it: remove it if we never begin */
	struct gzsink *gz;
	struct capture_writer *writer;
	char name[];
};

/* A file we made: exactly the mode asked for (umask would narrow it) and
 * the -Z owner. */
static int adopt_new(struct savefile *f)
{
	if (fchmod(f->fd, f->opts->mode))
		return -errno;
	if (f->opts->owner)
		return file_owner__take(f->opts->owner, f->fd);
	return 0;
}

static int check_existing(struct savefile *f)
{
	return f->opts->owner ? file_owner__check(f->opts->owner, f->fd) : 0;
}

/*
 * Never follow a symlink planted at the path (O_NOFOLLOW), and create with
 * O_EXCL so that what we create is a new inode of ours; a file that is
 * already there is opened (still without following) and emptied only at
 * savefile__begin().
 */
static int open_path(struct savefile *f)
{
	f->fd = open(f->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (f->fd >= 0) {
		f->created = true;
		f->own_fd = true;
		return adopt_new(f);
	}
	if (errno == EEXIST)
		f->fd = open(f->name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (f->fd < 0)
		return -errno;
	f->own_fd = true;
	return check_existing(f);
}

struct savefile *savefile__open(const char *path, const struct savefile_opts *opts)
{
	struct savefile *f = calloc(1, sizeof(*f) + strlen(path) + 1);
	int err = 0;

	if (!f)
		return NULL;
	f->opts = opts;
	f->fd = -1;
	strcpy(f->name, path);
	if (!strcmp(path, "-"))
		f->fd = STDOUT_FILENO;
	else
		err = open_path(f);
	if (err) {
		savefile__abort(f);
		errno = -err;
		return NULL;
	}
	return f;
}

const char *savefile__name(const struct savefile *f)
{
	return f->own_fd ? f->name : "stdout";
}

static int start_writer(struct savefile *f)
{
	struct capture_writer_opts wopts = {
		.sz = sizeof(wopts),
		.format = f->opts->format,
		.hardware = f->opts->hardware,
		.os = f->opts->os,
		.application = f->opts->application,
	};
	struct outbuf_sink sink = { .write = gzsink__sink_write };

	if (!f->own_fd || !rotate__is_gzip(f->name)) {
		f->writer = capture_writer__open_fd(f->fd, &wopts);
		return f->writer ? 0 : -errno;
	}
	f->gz = gzsink__new(f->fd);
	if (!f->gz)
		return -errno;
	sink.ctx = f->gz;
	f->writer = capture_writer__open_sink(&sink, &wopts);
	return f->writer ? 0 : -errno;
}

int savefile__begin(struct savefile *f)
{
	struct stat st;

	if (f->own_fd && !fstat(f->fd, &st) && S_ISREG(st.st_mode) && ftruncate(f->fd, 0))
		return -errno;
	return start_writer(f);
}

struct capture_writer *savefile__writer(const struct savefile *f)
{
	return f->writer;
}

int savefile__close(struct savefile *f)
{
	int err = 0, ret;

	if (!f)
		return 0;
	if (f->writer)
		err = capture_writer__close(f->writer);
	if (f->gz) {
		ret = gzsink__finish(f->gz);
		err = err ?: ret;
		gzsink__free(f->gz);
	}
	if (f->own_fd && close(f->fd) && !err)
		err = -errno;
	free(f);
	return err;
}

void savefile__abort(struct savefile *f)
{
	if (!f)
		return;
	/* Nothing more goes to the file: drop what is buffered, unwritten. */
	capture_writer__discard(f->writer);
	gzsink__free(f->gz);
	if (f->created)
		unlink(f->name);
	if (f->own_fd)
		close(f->fd);
	free(f);
}
