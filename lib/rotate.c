// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rotate.h"

#define GZ_SUFFIX ".gz"
#define NSEC_PER_SEC 1000000000LL

bool rotate__is_gzip(const char *name)
{
	size_t len = strlen(name), sfx = strlen(GZ_SUFFIX);

	return len > sfx && !strcmp(name + len - sfx, GZ_SUFFIX);
}

/* tcpdump pads ring numbers to the digits of the highest one, COUNT-1, so
 * the files sort in order; a ring of one file has no number at all. */
static unsigned int digits_below(unsigned int count)
{
	unsigned int width = 0;

	for (unsigned int n = count ? count - 1 : 0; n; n /= 10)
		width++;
	return width;
}

int rotate__init(struct rotate *r, const struct rotate_opts *opts, int64_t now_ns)
{
	if (!opts->name || (opts->files && !opts->max_bytes && !opts->seconds))
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->opts = *opts;
	r->opened_ns = now_ns;
	if (opts->max_bytes && opts->files)
		r->width = digits_below(opts->files);
	return 0;
}

static enum rotate_step next_interval(struct rotate *r, int64_t now_ns)
{
	r->intervals++;
	if (r->opts.files && !r->opts.max_bytes && r->intervals >= r->opts.files)
		return ROTATE_STOP;
	r->opened_ns = now_ns;
	r->count = 0;
	return ROTATE_NEXT;
}

static enum rotate_step next_size(struct rotate *r)
{
	r->count++;
	/* Only a ring of -C files wraps; with -G too, -W just pads. */
	if (r->opts.files && !r->opts.seconds && r->count >= r->opts.files)
		r->count = 0;
	return ROTATE_NEXT;
}

/* A whole interval measured from the opening, not whole seconds of the
 * clock: a file opened at 10.9 s with -G 1 lasts until 11.9 s. A clock set
 * back only makes the current file last longer. */
enum rotate_step rotate__step(struct rotate *r, uint64_t file_bytes, int64_t now_ns)
{
	if (r->opts.seconds && now_ns - r->opened_ns >= r->opts.seconds * NSEC_PER_SEC)
		return next_interval(r, now_ns);
	if (r->opts.max_bytes && file_bytes > r->opts.max_bytes)
		return next_size(r);
	return ROTATE_KEEP;
}

/* -G names go through strftime; without -G a '%' is just a character. */
static int base_name(const struct rotate *r, char *buf, size_t size)
{
	time_t opened = r->opened_ns / NSEC_PER_SEC;
	struct tm tm;

	if (!r->opts.seconds) {
		if ((size_t)snprintf(buf, size, "%s", r->opts.name) >= size)
			return -ENAMETOOLONG;
		return 0;
	}
	if (!localtime_r(&opened, &tm))
		return -EINVAL;
	/* 0 is also what an empty result gives; a name is never empty. */
	return strftime(buf, size, r->opts.name, &tm) ? 0 : -ENAMETOOLONG;
}

int rotate__name(const struct rotate *r, char *buf, size_t size)
{
	char base[4096];
	size_t stem;
	int err, n;

	err = base_name(r, base, sizeof(base));
	if (err)
		return err;
	if (!r->count && !r->width) {
		n = snprintf(buf, size, "%s", base);
		return (size_t)n < size ? 0 : -ENAMETOOLONG;
	}
	stem = strlen(base) - (rotate__is_gzip(base) ? strlen(GZ_SUFFIX) : 0);
	n = snprintf(buf, size, "%.*s%0*u%s", (int)stem, base, (int)r->width, r->count,
		     base + stem);
	return n >= 0 && (size_t)n < size ? 0 : -ENAMETOOLONG;
}
