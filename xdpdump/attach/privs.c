// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "log.h"
#include "privs.h"

int file_owner__lookup(struct file_owner *owner, const char *user)
{
	struct passwd pw, *found = NULL;
	char buf[4096];
	int err;

	err = getpwnam_r(user, &pw, buf, sizeof(buf), &found);
	if (err || !found) {
		pr_err("-Z: no user named '%s'%s%s\n", user, err ? ": " : "",
		       err ? strerror(err) : "");
		return -ENOENT;
	}
	owner->set = true;
	owner->uid = pw.pw_uid;
	owner->gid = pw.pw_gid;
	snprintf(owner->name, sizeof(owner->name), "%s", user);
	return 0;
}

int file_owner__take(const struct file_owner *owner, int fd)
{
	if (!owner->set)
		return 0;
	return fchown(fd, owner->uid, owner->gid) ? -errno : 0;
}

int file_owner__check(const struct file_owner *owner, int fd)
{
	struct stat st;

	if (!owner->set)
		return 0;
	if (fstat(fd, &st))
		return -errno;
	/* A second link could be a file of someone else's planted here. */
	if (S_ISREG(st.st_mode) && (st.st_uid != owner->uid || st.st_nlink != 1))
		return -EPERM;
	return 0;
}
