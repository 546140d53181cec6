/* SPDX-License-Identifier: GPL-2.0 */
/* write(2) without short writes, shared by the output sinks. */
#ifndef XDPDUMP_FDIO_H
#define XDPDUMP_FDIO_H

#include <stddef.h>

/*
 * Writes all of @len bytes, retrying short writes and EINTR. 0 or -errno;
 * *@done counts the bytes that reached the fd either way.
 */
int fd_write_all(int fd, const void *data, size_t len, size_t *done);

#endif /* XDPDUMP_FDIO_H */
