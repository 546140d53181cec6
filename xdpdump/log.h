/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One logging layer for the tool and the libraries it drives: everything
 * goes to stderr prefixed with "xdpdump: ", so that stdout stays clean for
 * `-w -`. libbpf's and libxdp's messages are routed through here as well.
 */
#ifndef XDPDUMP_LOG_H
#define XDPDUMP_LOG_H

enum log_level {
	LOG_ERROR = 0, /* always shown */
	LOG_INFO = 1, /* shown unless quiet: attach lines, summaries */
	LOG_DEBUG = 2, /* -v: library chatter, verifier output */
};

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Route libbpf and libxdp messages into log_msg(). */
void log_hook_libraries(void);

#define pr_err(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define pr_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif /* XDPDUMP_LOG_H */
