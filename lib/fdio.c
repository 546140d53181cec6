// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "fdio.h"

int fd_write_all(int fd, const void *data, size_t len, size_t *done)
{
	const uint8_t *p = data;
	ssize_t n;

	*done = 0;
	while (*done < len) {
		n = write(fd, p + *done, len - *done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		*done += n;
	}
	return 0;
}
