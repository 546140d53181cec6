// SPDX-License-Identifier: GPL-2.0
/*
 * runstat: run a command and record what it cost: user and system CPU
 * time and peak resident set size (the kernel's maxrss, which is VmHWM),
 * summed over all its threads and waited-for children, from wait4().
 *
 * The benchmark starts each capture tool under runstat and stops it with a
 * signal; runstat passes SIGINT, SIGTERM and SIGHUP on to the command, so
 * the tool's own shutdown (final drain, summary) is measured as well.
 *
 *   runstat -o FILE CMD [ARG...]
 *
 * FILE gets one line "user_us=N sys_us=N maxrss_kb=N status=N". runstat
 * exits with the command's status (128 + signal if a signal ended it).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

static volatile pid_t child;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = forward, .sa_flags = SA_RESTART };
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static long long usec(struct timeval tv)
{
	return tv.tv_sec * 1000000LL + tv.tv_usec;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	FILE *f;

	if (argc < 4 || strcmp(argv[1], "-o")) {
		fprintf(stderr, "usage: runstat -o FILE CMD [ARG...]\n");
		return 2;
	}
	f = fopen(argv[2], "w");
	if (!f) {
		fprintf(stderr, "runstat: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	catch_signals();
	child = fork();
	if (child < 0) {
		perror("runstat: fork");
		return 2;
	}
	if (child == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "runstat: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	while (wait4(child, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("runstat: wait4");
			return 2;
		}
	}
	fprintf(f, "user_us=%lld sys_us=%lld maxrss_kb=%ld status=%d\n", usec(ru.ru_utime),
		usec(ru.ru_stime), ru.ru_maxrss, exit_code(status));
	fclose(f);
	return exit_code(status);
}
