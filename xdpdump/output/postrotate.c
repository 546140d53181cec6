// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "log.h"
#include "postrotate.h"

extern char **environ;

/* Commands started and not yet reaped. One that finishes is reaped at the
 * next rotation; those still running at exit are init's. */
#define MAX_TRACKED 64
static pid_t tracked[MAX_TRACKED];
static unsigned int nr_tracked;

static void reap_finished(void)
{
	unsigned int kept = 0;

	for (unsigned int i = 0; i < nr_tracked; i++)
		if (waitpid(tracked[i], NULL, WNOHANG) == 0)
			tracked[kept++] = tracked[i];
	nr_tracked = kept;
}

/* posix_spawn, not fork: no copy of xdpdump runs in between, and the
 * command gets none of xdpdump's descriptors (a command that outlives the
 * capture must not keep its program loaded, nor look like a live capture
 * to the next xdpdump's recovery), the default signal mask and
 * dispositions. */
int postrotate__run(const char *command, const char *file)
{
	char *argv[] = { (char *)command, (char *)file, NULL };
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	sigset_t none, all;
	pid_t pid;
	int err;

	reap_finished();
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&actions);
	posix_spawnattr_init(&attr);
	/* The posix_spawn family returns a positive errno, not -1. */
	err = posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
	if (err)
		goto out;
	err = posix_spawnattr_setsigmask(&attr, &none);
	if (err)
		goto out;
	err = posix_spawnattr_setsigdefault(&attr, &all);
	if (err)
		goto out;
	err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (err)
		goto out;
	err = posix_spawnp(&pid, command, &actions, &attr, argv, environ);
out:
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&actions);
	if (err) {
		pr_err("-z %s %s: %s\n", command, file, strerror(err));
		return -err;
	}
	if (nr_tracked < MAX_TRACKED)
		tracked[nr_tracked++] = pid;
	return 0;
}
