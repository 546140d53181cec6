// SPDX-License-Identifier: GPL-2.0
/* -V LIST with --kernel-filter: the files LIST names, one after the other
 * through the capture program, into one output. */
#include "file_list.h"
#include "replay.h"

struct replay_list_ctx {
	struct replay_options *ro;
	const struct capture_filter *filter;
	struct output *out;
};

static int replay_one(const char *path, void *ctx)
{
	struct replay_list_ctx *c = ctx;

	c->ro->path = path;
	/* tcpdump's -c counts in each file of the list. */
	c->ro->written = 0;
	return replay_file(c->ro, c->filter, c->out);
}

int replay_list(const char *list, struct replay_options *ro, const struct capture_filter *filter,
		struct output *out)
{
	struct replay_list_ctx c = { .ro = ro, .filter = filter, .out = out };
	int err = file_list__each(list, replay_one, &c);

	ro->path = list; /* not the line, which is freed by now */
	return err;
}
