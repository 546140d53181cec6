// SPDX-License-Identifier: GPL-2.0
/* -V LIST: the files LIST names, one a line, read one after the other as
 * -r reads one, into one output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "offline.h"

int offline_read_list(const char *list, const struct offline_options *oo, struct output *out)
{
	struct offline_options one = *oo;
	FILE *f = fopen(list, "r");
	bool named = false;
	char *line = NULL;
	size_t cap = 0;
	int err = 0;

	if (!f) {
		err = -errno;
		pr_err("%s: %s\n", list, strerror(-err));
		return err;
	}
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		/* Blank lines name nothing. */
		if (!line[strspn(line, " \t")])
			continue;
		named = true;
		/* tcpdump's -c counts in each file of the list. */
		one.path = line;
		err = offline_read(&one, out);
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
