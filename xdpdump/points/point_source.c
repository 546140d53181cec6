// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the processes behind capture points, and what they say.
 *
 * Nothing the user typed becomes shell syntax on the remote host. ssh joins
 * its command arguments with spaces into one string for the remote user's
 * shell, so every remote word (the program, each -i point, each option,
 * the expression) is sent single-quoted, with each ' written as '\''. A
 * POSIX shell turns each such word back into exactly the bytes given.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "log.h"
#include "point_source.h"

#define MAX_ARGS (3 * XDPDUMP_MAX_IFACES + 2 * XDPDUMP_MAX_FORWARD + 64)

static uint64_t real_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* "[USER@]HOST:REST": where the host part ends (a ':' outside [...]), or
 * NULL for a local point. Interface names never hold ':' or '/' (the
 * kernel refuses them), so a ':' before any '/' is a host's. */
static const char *host_end(const char *spec)
{
	const char *p = spec;

	if (*p == '[' || (strchr(p, '@') && strchr(p, '@')[1] == '[')) {
		p = strchr(p, ']');
		return p && p[1] == ':' ? p + 1 : NULL;
	}
	for (; *p && *p != '/'; p++)
		if (*p == ':')
			return p;
	return NULL;
}

bool points__any_remote(const struct xdpdump_args *args)
{
	for (unsigned int i = 0; i < args->nr_ifnames; i++)
		if (host_end(args->ifnames[i]))
			return true;
	return false;
}

/* HOST as the file names it: the target without USER@ (an IPv6 address
 * keeps its brackets, so that [fd00::1]:eth0 reads as it was typed). */
static void set_label(struct point_source *src)
{
	const char *host = strrchr(src->target, '@');

	snprintf(src->label, sizeof(src->label), "%s", host ? host + 1 : src->target);
}

static struct point_source *find_or_add(struct point_source *src, unsigned int *nr,
					const char *target, size_t len)
{
	for (unsigned int i = 0; i < *nr; i++)
		if (strlen(src[i].target) == len && !strncmp(src[i].target, target, len))
			return &src[i];
	src = &src[(*nr)++];
	src->in_fd = src->out_fd = src->err_fd = -1;
	src->remote = target != NULL;
	if (target) {
		snprintf(src->target, sizeof(src->target), "%.*s", (int)len, target);
		set_label(src);
	}
	return src;
}

static int check_point(const char *spec, const char *end)
{
	size_t len = end ? (size_t)(end - spec) : 0;

	/* A host must not read as an ssh option. */
	if (end && (!len || len >= 256 || spec[0] == '-' || !end[1])) {
		pr_err("%s: expected [USER@]HOST:IF or HOST:NETNS/IF (a host not starting with '-')\n",
		       spec);
		return -EINVAL;
	}
	return 0;
}

int point_sources__build(const struct xdpdump_args *args, struct point_source **out,
			 unsigned int *nr)
{
	struct point_source *src = calloc(args->nr_ifnames, sizeof(*src)), *s;

	*nr = 0;
	*out = src;
	if (!src)
		return -ENOMEM;
	for (unsigned int i = 0; i < args->nr_ifnames; i++) {
		const char *spec = args->ifnames[i], *end = host_end(spec);

		if (check_point(spec, end))
			return -EINVAL;
		s = end ? find_or_add(src, nr, spec, end - spec) : find_or_add(src, nr, NULL, 0);
		s->ifaces[s->nr_ifaces++] = end ? end + 1 : spec;
	}
	return 0;
}

void point_sources__free(struct point_source *src, unsigned int nr)
{
	for (unsigned int i = 0; src && i < nr; i++) {
		if (src[i].in_fd >= 0)
			close(src[i].in_fd);
		if (src[i].out_fd >= 0)
			close(src[i].out_fd);
		if (src[i].err_fd >= 0)
			close(src[i].err_fd);
		for (unsigned int j = 0; j < src[i].nr_held; j++)
			free(src[i].held[j]);
		pcapng_stream__free(src[i].stream);
		free(src[i].out_ids);
	}
	free(src);
}

/* word in single quotes for a POSIX shell: 'it'\''s'. */
static char *shell_quote(const char *word)
{
	size_t len = 2;
	char *q, *p;

	for (const char *c = word; *c; c++)
		len += *c == '\'' ? 4 : 1;
	q = p = malloc(len + 1);
	if (!q)
		return NULL;
	*p++ = '\'';
	for (const char *c = word; *c; c++) {
		if (*c == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = *c;
		}
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

struct argv_builder {
	char *words[MAX_ARGS + 1];
	unsigned int n;
	bool quote; /* words after the host go through the remote shell */
	bool failed;
};

static void add(struct argv_builder *b, const char *word)
{
	char *copy = b->quote ? shell_quote(word) : strdup(word);

	if (!copy || b->n == MAX_ARGS) {
		free(copy);
		b->failed = true;
		return;
	}
	b->words[b->n++] = copy;
}

static void free_argv(struct argv_builder *b)
{
	for (unsigned int i = 0; i < b->n; i++)
		free(b->words[i]);
}

/* --rsh CMD: words split at blanks, as rsync's -e does; '...' and "..."
 * group words with blanks. Local words: nothing here reaches a shell. */
static void add_rsh(struct argv_builder *b, const char *cmd)
{
	char word[PATH_MAX];
	size_t n = 0;
	char quote = 0;
	bool in_word = false;

	for (const char *c = cmd;; c++) {
		if (!*c || (!quote && (*c == ' ' || *c == '\t'))) {
			if (in_word) {
				word[n] = '\0';
				add(b, word);
			}
			n = 0;
			in_word = false;
			if (!*c)
				break;
		} else if (quote && *c == quote) {
			quote = 0;
		} else if (!quote && (*c == '\'' || *c == '"')) {
			quote = *c;
			in_word = true;
		} else if (n < sizeof(word) - 1) {
			word[n++] = *c;
			in_word = true;
		}
	}
}

/* ssh takes [USER@]HOST without the brackets an IPv6 address needs here. */
static void add_destination(struct argv_builder *b, const struct point_source *src)
{
	const char *at = strrchr(src->target, '@'), *host = src->label;
	char dest[sizeof(src->target) + sizeof(src->label)];
	int len = strlen(host);

	if (host[0] == '[' && len > 1 && host[len - 1] == ']') {
		host++;
		len -= 2;
	}
	snprintf(dest, sizeof(dest), "%.*s%.*s", at ? (int)(at - src->target + 1) : 0,
		 src->target, len, host);
	add(b, dest);
}

static void add_capture_words(struct argv_builder *b, const struct point_source *src,
			      const struct xdpdump_args *args, const char *expression)
{
	char opt[PATH_MAX];

	add(b, "-w");
	add(b, "-");
	add(b, "--exit-on-eof");
	if (src->remote)
		add(b, "--clock-probe");
	for (int i = 0; i < args->verbose; i++)
		add(b, "-v");
	for (unsigned int i = 0; i < src->nr_ifaces; i++) {
		add(b, "-i");
		add(b, src->ifaces[i]);
	}
	for (unsigned int i = 0; i < args->nr_forward; i++) {
		snprintf(opt, sizeof(opt), "--%s=%s", args->forward[i].name,
			 args->forward[i].arg ? args->forward[i].arg : "");
		add(b, opt);
	}
	if (expression) {
		add(b, "--");
		add(b, expression);
	}
}

static int say_cannot_start(const struct point_source *src, int err)
{
	pr_err("%s: cannot start: %s\n", src->remote ? src->label : "local points",
	       strerror(-err));
	return err;
}

/* Says why it failed: an empty --rsh needs its own line. */
static int build_argv(struct argv_builder *b, const struct point_source *src,
		      const struct xdpdump_args *args, const char *expression)
{
	char self[PATH_MAX];
	ssize_t n;

	memset(b, 0, sizeof(*b));
	if (src->remote) {
		add_rsh(b, args->rsh);
		if (!b->n) {
			pr_err("--rsh '%s': no command\n", args->rsh);
			return -EINVAL;
		}
		add_destination(b, src);
		b->quote = true;
		add(b, args->xdpdump_path);
	} else {
		/* The local points run in a copy of this very program. */
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			return say_cannot_start(src, -errno);
		self[n] = '\0';
		add(b, self);
	}
	add_capture_words(b, src, args, expression);
	b->words[b->n] = NULL;
	return b->failed ? say_cannot_start(src, -ENOMEM) : 0;
}

static void child(int in, int out, int err, char **argv)
{
	sigset_t all;

	/* Ctrl-C at the terminal is ours to pass on (by closing stdin), so
	 * the capture can stop in order; and if we die, so does ssh. */
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	execvp(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int make_pipes(int fds[3][2])
{
	for (int i = 0; i < 3; i++) {
		fds[i][0] = fds[i][1] = -1;
		if (pipe2(fds[i], O_CLOEXEC))
			return -errno;
	}
	return 0;
}

static void close_pipes(int fds[3][2])
{
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 2; j++)
			if (fds[i][j] >= 0)
				close(fds[i][j]);
}

int point_source__spawn(struct point_source *src, const struct xdpdump_args *args,
			const char *expression)
{
	struct argv_builder b;
	int fds[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
	int err;

	src->program = args->xdpdump_path;
	err = build_argv(&b, src, args, expression);
	if (err) {
		free_argv(&b);
		return err;
	}
	err = make_pipes(fds);
	if (err)
		goto err_argv;
	pr_debug("%s: running %s ...\n", src->remote ? src->label : "local points", b.words[0]);
	src->pid = fork();
	if (src->pid == 0)
		child(fds[0][0], fds[1][1], fds[2][1], b.words);
	if (src->pid < 0) {
		err = -errno;
		goto err_argv;
	}
	free_argv(&b);
	src->in_fd = fds[0][1];
	src->out_fd = fds[1][0];
	src->err_fd = fds[2][0];
	fds[0][1] = fds[1][0] = fds[2][0] = -1;
	fcntl(src->out_fd, F_SETFL, O_NONBLOCK);
	/* Heartbeats must never block the merge. */
	fcntl(src->in_fd, F_SETFL, O_NONBLOCK);
	fcntl(src->err_fd, F_SETFL, O_NONBLOCK);
	src->state = src->remote ? POINT_HANDSHAKE : POINT_STREAM;
	src->stream = pcapng_stream__new();
	if (!src->stream) {
		err = -ENOMEM;
		goto err_pipes;
	}
	close_pipes(fds);
	return 0;

	/* The argv is freed before the pipes are closed, as on success. */
err_argv:
	free_argv(&b);
err_pipes:
	close_pipes(fds);
	return say_cannot_start(src, err);
}

static int send_line(struct point_source *src, const char *line)
{
	if (write(src->in_fd, line, strlen(line)) != (ssize_t)strlen(line))
		return -EPIPE;
	return 0;
}

static void note_probe(struct point_source *src, uint64_t remote_ns)
{
	uint64_t now = real_now_ns(), rtt = now - src->probe_sent_ns;
	int64_t mid = src->probe_sent_ns + rtt / 2;

	if (!src->probes || rtt < src->best_rtt_ns) {
		src->best_rtt_ns = rtt;
		src->offset_ns = (int64_t)remote_ns - mid;
	}
	src->probes++;
}

/* The protocol (clock_probe.c): "xdpdump-point 1 VERSION", then a "t" from
 * us is answered with "t NS" (its CLOCK_REALTIME), and "g" starts the
 * capture. */
int point_source__handshake_line(struct point_source *src, const char *line)
{
	unsigned long long ns;
	int err = 0;

	if (!strncmp(line, "xdpdump-point 1 ", 16) && !src->version[0]) {
		snprintf(src->version, sizeof(src->version), "%s", line + 16);
	} else if (src->version[0] && sscanf(line, "t %llu", &ns) == 1) {
		note_probe(src, ns);
	} else if (!src->version[0]) {
		/* Not our handshake: reported when it exits, with what it
		 * said on stderr (report_early_exit()). */
		return -EPROTO;
	} else {
		pr_err("%s: unexpected output in the clock handshake: %.80s\n", src->label, line);
		src->reported = true;
		return -EPROTO;
	}
	if (src->probes < POINT_CLOCK_PROBES) {
		src->probe_sent_ns = real_now_ns();
		err = send_line(src, "t\n");
	} else {
		pr_debug("%s: xdpdump %s, clock offset %+lld ns (round trip %llu ns)\n",
			 src->label, src->version, (long long)src->offset_ns,
			 (unsigned long long)src->best_rtt_ns);
		err = send_line(src, "g\n");
		src->state = POINT_STREAM;
	}
	return err;
}

/* What a remote xdpdump says starts with "xdpdump: "; ours says that too. */
static void print_line(const struct point_source *src, const char *line)
{
	if (!src->remote) {
		fprintf(stderr, "%s\n", line);
		return;
	}
	if (!strncmp(line, "xdpdump: ", 9))
		line += 9;
	/* Its file is our stream: the local summary names the file. */
	if (strstr(line, " written to stdout"))
		return;
	log_msg(LOG_INFO, "%s: %s\n", src->label, line);
}

static void take_line(struct point_source *src, const char *line)
{
	if (src->state != POINT_HANDSHAKE) {
		src->said_something = true;
		print_line(src, line);
		return;
	}
	if (src->nr_held == POINT_HELD_LINES) {
		free(src->held[0]);
		memmove(src->held, src->held + 1, (POINT_HELD_LINES - 1) * sizeof(char *));
		src->nr_held--;
	}
	src->held[src->nr_held] = strdup(line);
	if (src->held[src->nr_held])
		src->nr_held++;
}

static void flush_held(struct point_source *src)
{
	for (unsigned int i = 0; i < src->nr_held; i++) {
		print_line(src, src->held[i]);
		free(src->held[i]);
	}
	src->nr_held = 0;
}

void point_source__stderr(struct point_source *src, const char *buf, size_t len)
{
	if (src->state != POINT_HANDSHAKE)
		flush_held(src);
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '\n' && src->err_len < sizeof(src->errbuf) - 1) {
			src->errbuf[src->err_len++] = buf[i];
			continue;
		}
		if (buf[i] != '\n')
			continue; /* an overlong line is cut */
		src->errbuf[src->err_len] = '\0';
		take_line(src, src->errbuf);
		src->err_len = 0;
	}
}

static const char *last_held(const struct point_source *src)
{
	return src->nr_held ? src->held[src->nr_held - 1] : "";
}

static bool held_has(const struct point_source *src, const char *text)
{
	for (unsigned int i = 0; i < src->nr_held; i++)
		if (strstr(src->held[i], text))
			return true;
	return false;
}

/* Before the handshake, one line that says what went wrong, naming the
 * host: ssh's own failure (255), no program (127), or a program that is
 * not an xdpdump with capture points. */
static void report_early_exit(struct point_source *src, int code)
{
	if (code == 255)
		pr_err("%s: ssh failed: %s\n", src->label,
		       src->nr_held ? last_held(src) : "(no message)");
	else if (code == 127 && held_has(src, "cannot run"))
		pr_err("%s: %s\n", src->label, last_held(src));
	else if (code == 127)
		pr_err("%s: no program '%s' there (--xdpdump-path)\n", src->label, src->program);
	else if (code == 126)
		pr_err("%s: the remote xdpdump cannot be run (permission denied)\n", src->label);
	else
		pr_err("%s: the remote program is not an xdpdump with capture points (too old? it needs --clock-probe); it said: %s\n",
		       src->label, src->nr_held ? last_held(src) : "nothing");
}

void point_source__report_exit(struct point_source *src, bool quiet)
{
	int code = WIFEXITED(src->status) ? WEXITSTATUS(src->status) :
					    128 + WTERMSIG(src->status);
	const char *who = src->remote ? src->label : "local points";

	if (src->err_len) {
		src->errbuf[src->err_len] = '\0';
		take_line(src, src->errbuf);
		src->err_len = 0;
	}
	src->failed = code != 0;
	if (!code && !src->reported && src->state == POINT_HANDSHAKE && quiet) {
		/* Stopped before its capture began: nothing to say. */
		return;
	}
	if (src->state == POINT_HANDSHAKE && src->remote && !src->reported) {
		src->failed = true;
		report_early_exit(src, code);
		src->reported = true;
		return;
	}
	if (src->nr_held)
		src->said_something = true;
	flush_held(src);
	if (!src->failed || src->reported)
		return;
	src->reported = true;
	if (src->remote && WIFSIGNALED(src->status))
		pr_err("%s: the ssh connection was lost (ssh ended by signal %d)\n", who,
		       WTERMSIG(src->status));
	else if (code == 255 && src->remote)
		pr_err("%s: the ssh connection failed or was lost\n", who);
	else if (!quiet)
		pr_err("%s: the capture ended (exit status %d)\n", who, code);
}

void point_source__stop(struct point_source *src)
{
	if (src->in_fd >= 0)
		close(src->in_fd);
	src->in_fd = -1;
}
