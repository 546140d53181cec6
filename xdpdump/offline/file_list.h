/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPDUMP_FILE_LIST_H
#define XDPDUMP_FILE_LIST_H

/* Called with each file's path (valid until it returns); 0 goes on. */
typedef int (*file_list_fn)(const char *path, void *ctx);

/* fn for each file LIST names, one a line, blank lines skipped; stops at
 * the first non-zero return and returns it. Reports its own failures (LIST
 * unreadable, or naming no file) in one line: -errno. */
int file_list__each(const char *list, file_list_fn fn, void *ctx);

#endif /* XDPDUMP_FILE_LIST_H */
