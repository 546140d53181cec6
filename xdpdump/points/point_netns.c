// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "log.h"
#include "point_netns.h"

/* ip netns names are file names under /run/netns: no '/', no "." or "..". */
static bool valid_netns_name(const char *name, size_t len)
{
	if (!len || len > NAME_MAX)
		return false;
	return !(len == 1 && name[0] == '.') && !(len == 2 && !strncmp(name, "..", 2));
}

int netns_point__open(struct netns_point *p, const char *spec)
{
	const char *slash = strchr(spec, '/');
	char path[sizeof(NETNS_RUN_DIR) + NAME_MAX + 2];
	size_t len;

	p->fd = -1;
	p->dev = spec;
	if (!slash)
		return 0;
	len = slash - spec;
	p->dev = slash + 1;
	if (!valid_netns_name(spec, len) || !*p->dev) {
		pr_err("%s: expected NETNS/IF, NETNS as ip netns lists it\n", spec);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%.*s", NETNS_RUN_DIR, (int)len, spec);
	p->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (p->fd < 0) {
		int err = -errno;

		pr_err("%s: no network namespace '%.*s' (%s: %s)\n", spec, (int)len, spec, path,
		       strerror(-err));
		return err;
	}
	return 0;
}

void netns_point__close(struct netns_point *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

int netns_point__enter(const struct netns_point *p, int *home)
{
	*home = -1;
	if (p->fd < 0)
		return 0;
	*home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*home < 0 || setns(p->fd, CLONE_NEWNET)) {
		int err = -errno;

		pr_err("cannot enter the network namespace of %s: %s\n", p->dev, strerror(-err));
		if (*home >= 0)
			close(*home);
		*home = -1;
		return err;
	}
	return 0;
}

void netns_point__leave(int home)
{
	if (home < 0)
		return;
	if (setns(home, CLONE_NEWNET)) {
		pr_err("cannot return to our own network namespace: %s\n", strerror(errno));
		abort();
	}
	close(home);
}

unsigned int netns_point__ifindex(const struct netns_point *p, const char *spec)
{
	unsigned int ifindex = 0;
	int home;

	if (netns_point__enter(p, &home))
		return 0;
	ifindex = if_nametoindex(p->dev);
	netns_point__leave(home);
	if (!ifindex)
		pr_err("%s: no such interface\n", spec);
	return ifindex;
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return !fstat(a, &sa) && !fstat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

bool netns_point__same_ns(const struct netns_point *a, const struct netns_point *b)
{
	int self;
	bool same;

	if (a->fd >= 0 && b->fd >= 0)
		return same_file(a->fd, b->fd);
	if (a->fd < 0 && b->fd < 0)
		return true;
	/* One is "here": /run/netns/X may name the namespace we run in. */
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return false;
	same = same_file(self, a->fd >= 0 ? a->fd : b->fd);
	close(self);
	return same;
}
