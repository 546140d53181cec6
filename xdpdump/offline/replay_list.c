// SPDX-License-Identifier: GPL-2.0
/* -V LIST: the files LIST names, one after the other, into one output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "replay.h"

int replay_list(const char *list, struct replay_options *ro, const struct capture_filter *filter,
		struct output *out)
{
	FILE *f = fopen(list, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int err = 0;

	if (!f) {
		err = -errno; /* before pr_err() can change errno */
		pr_err("%s: %s\n", list, strerror(-err));
		return err;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		/* Blank lines name nothing. */
		if (!line[strspn(line, " \t")])
			continue;
		ro->path = line;
		/* tcpdump's -c counts in each file of the list. */
		ro->written = 0;
		err = replay_file(ro, filter, out);
		if (err)
			goto out;
	}
	if (ferror(f)) {
		err = -EIO;
		pr_err("%s: %s\n", list, strerror(EIO));
		goto out;
	}
	if (ro->if_id < 0) {
		err = -EINVAL;
		pr_err("%s: names no file\n", list);
	}
out:
	ro->path = list; /* not the line, which is freed here */
	free(line);
	fclose(f);
	return err;
}
