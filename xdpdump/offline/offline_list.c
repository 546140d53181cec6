// SPDX-License-Identifier: GPL-2.0
/* -V LIST: the files LIST names, read one after the other as -r reads one,
 * into one output. */
#include "file_list.h"
#include "offline.h"

struct offline_list_ctx {
	struct offline_options one;
	struct output *out;
};

static int read_one(const char *path, void *ctx)
{
	struct offline_list_ctx *c = ctx;

	/* tcpdump's -c counts in each file of the list. */
	c->one.path = path;
	return offline_read(&c->one, c->out);
}

int offline_read_list(const char *list, const struct offline_options *oo, struct output *out)
{
	struct offline_list_ctx c = { .one = *oo, .out = out };

	return file_list__each(list, read_one, &c);
}
