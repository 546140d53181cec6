// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corpus_files.h"

/* A corpus file is small (libFuzzer's -max_len); anything bigger is not ours. */
#define MAX_CORPUS_INPUT (1 << 20)

/* 0 and a malloc'd copy of the file in *data, or -errno. */
static int read_all(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	int err = 0;

	*size = 0;
	*data = NULL;
	if (!f) {
		err = -errno;
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return err;
	}
	*data = malloc(MAX_CORPUS_INPUT);
	if (!*data)
		err = -ENOMEM;
	else
		*size = fread(*data, 1, MAX_CORPUS_INPUT, f);
	if (!err && ferror(f))
		err = -EIO;
	fclose(f);
	if (err) {
		fprintf(stderr, "%s: %s\n", path, strerror(-err));
		free(*data);
	}
	return err;
}

static int visit_file(const char *path, corpus_fn fn, void *ctx)
{
	uint8_t *data;
	size_t size;
	int err = read_all(path, &data, &size);

	if (err)
		return err;
	err = fn(path, data, size, ctx);
	free(data);
	return err;
}

static int only_files(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int visit_dir(const char *dir, corpus_fn fn, void *ctx)
{
	struct dirent **names;
	struct stat st;
	char path[4096];
	int n, i, err = 0;

	n = scandir(dir, &names, only_files, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -errno;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (!err && !stat(path, &st) && S_ISREG(st.st_mode))
			err = visit_file(path, fn, ctx);
		free(names[i]);
	}
	free(names);
	return err;
}

int corpus__walk(const char *path, corpus_fn fn, void *ctx)
{
	struct stat st;

	if (stat(path, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -errno;
	}
	return S_ISDIR(st.st_mode) ? visit_dir(path, fn, ctx) : visit_file(path, fn, ctx);
}
