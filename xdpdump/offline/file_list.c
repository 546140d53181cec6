// SPDX-License-Identifier: GPL-2.0
/* -V LIST: the files LIST names, one a line, handed one after the other to
 * whichever reader -r uses. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "file_list.h"
#include "log.h"

int file_list__each(const char *list, file_list_fn fn, void *ctx)
{
	FILE *f = fopen(list, "r");
	bool named = false;
	char *line = NULL;
	size_t cap = 0;
	int err = 0;

	if (!f) {
		err = -errno; /* before pr_err() can change errno */
		pr_err("%s: %s\n", list, strerror(-err));
		return err;
	}
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		/* Blank lines name nothing. */
		if (!line[strspn(line, " \t")])
			continue;
		named = true;
		err = fn(line, ctx);
		if (err)
			goto out;
	}
	if (ferror(f)) {
		err = -EIO;
		pr_err("%s: %s\n", list, strerror(EIO));
		goto out;
	}
	if (!named) {
		err = -EINVAL;
		pr_err("%s: names no file\n", list);
	}
out:
	free(line);
	fclose(f);
	return err;
}
