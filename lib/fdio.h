/* SPDX-License-Identifier: GPL-2.0 */
/* write(2) and writev(2) without short writes, shared by the output sinks. */
#ifndef XDPDUMP_FDIO_H
#define XDPDUMP_FDIO_H

#include <stddef.h>
#include <sys/uio.h>

/*
 * Writes all of @len bytes, retrying short writes and EINTR. 0 or -errno;
 * *@done counts the bytes that reached the fd either way.
 */
int fd_write_all(int fd, const void *data, size_t len, size_t *done);

/*
 * Writes all bytes of @iov[0..@cnt) in order, retrying short writes (which
 * may stop inside an entry) and EINTR. @cnt must not exceed IOV_MAX. 0 or
 * -errno; *@done counts the bytes that reached the fd either way. @iov is
 * advanced in place past what was written: on an error it describes exactly
 * the bytes still to go (entries already written have iov_len 0), so the same
 * call can be repeated once the cause (EAGAIN, say) has passed.
 */
int fd_writev_all(int fd, struct iovec *iov, int cnt, size_t *done);

#endif /* XDPDUMP_FDIO_H */
