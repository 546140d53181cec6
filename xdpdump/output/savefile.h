/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One capture file: opened without following symlinks, created with a given
 * mode and owner, written plain or as a gzip stream (a name ending in
 * ".gz"), and closed complete: the writer flushed, the gzip trailer out.
 */
#ifndef XDPDUMP_SAVEFILE_H
#define XDPDUMP_SAVEFILE_H

#include <sys/types.h>
#include "pcapng.h"
#include "attach/privs.h"

#define SAVEFILE_DEFAULT_MODE 0600

struct savefile_opts {
	enum capture_format format;
	const struct file_owner *owner; /* NULL: leave ownership alone */
	mode_t mode; /* of files we create */
	const char *hardware, *os, *application; /* pcapng SHB strings */
};

struct savefile;

/*
 * Opens @path ("-": stdout). A new file gets @opts->mode and owner; an
 * existing one is left untouched until savefile__begin(), so a capture that
 * fails to start does not destroy it. NULL + errno (EPERM: it exists and
 * is not the owner's alone); nothing is logged.
 * @opts must outlive the savefile.
 */
struct savefile *savefile__open(const char *path, const struct savefile_opts *opts);

/* Empties an existing file and writes the file header. 0 or -errno. */
int savefile__begin(struct savefile *f);

/* The writer for blocks; NULL before savefile__begin(). */
struct capture_writer *savefile__writer(const struct savefile *f);

/* Flushes, ends the gzip stream, closes. The first error, or 0. NULL is
 * fine. */
int savefile__close(struct savefile *f);

/* Before savefile__begin(): close, and remove the file if we created it. */
void savefile__abort(struct savefile *f);

const char *savefile__name(const struct savefile *f);

#endif /* XDPDUMP_SAVEFILE_H */
