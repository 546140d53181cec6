// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "fdio.h"

/* Steps over @n written bytes: whole entries first, then into the next one. */
static void iov_advance(struct iovec **iov, int *cnt, size_t n)
{
	while (*cnt && n >= (*iov)->iov_len) {
		n -= (*iov)->iov_len;
		(*iov)->iov_len = 0;
		(*iov)++;
		(*cnt)--;
	}
	if (*cnt && n) {
		(*iov)->iov_base = (uint8_t *)(*iov)->iov_base + n;
		(*iov)->iov_len -= n;
	}
}

int fd_writev_all(int fd, struct iovec *iov, int cnt, size_t *done)
{
	ssize_t n;

	*done = 0;
	/* Leading empty entries would make a finished write look unfinished. */
	iov_advance(&iov, &cnt, 0);
	while (cnt) {
		n = writev(fd, iov, cnt);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		*done += n;
		iov_advance(&iov, &cnt, n);
	}
	return 0;
}

int fd_write_all(int fd, const void *data, size_t len, size_t *done)
{
	struct iovec one = { .iov_base = (void *)data, .iov_len = len };

	return fd_writev_all(fd, &one, 1, done);
}
