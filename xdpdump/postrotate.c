// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "log.h"
#include "postrotate.h"

/* In the grandchild: no inherited descriptor but stdin, stdout and stderr
 * (a command that outlives the capture must not keep its program loaded,
 * nor look like a live capture to the next xdpdump's recovery), and the
 * default signal mask. */
static void exec_command(const char *command, const char *file)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (close_range(3, ~0U, 0))
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	execlp(command, command, file, (char *)NULL);
	_exit(127);
}

int postrotate__run(const char *command, const char *file)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		pr_err("-z %s %s: %s\n", command, file, strerror(errno));
		return -errno;
	}
	if (!pid) {
		/* The child leaves at once: the command, orphaned, is
		 * reaped by init, and xdpdump never waits for it. */
		pid_t grandchild = fork();

		if (!grandchild)
			exec_command(command, file);
		_exit(grandchild < 0 ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		pr_err("-z %s %s: could not start it\n", command, file);
		return -ECHILD;
	}
	return 0;
}
