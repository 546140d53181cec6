// SPDX-License-Identifier: GPL-2.0
/*
 * Buffered output to a file descriptor, in units.
 *
 * Every outbuf__write() (or outbuf__reserve() + outbuf__commit()) is one
 * unit, and the capture writer makes each unit one whole pcapng block or pcap
 * record. A unit is either entirely in the buffer or not there at all, and a
 * flush that fails part way (the disk filled up during write(2)) truncates a
 * regular file back to the end of the last unit that reached it whole. So a
 * capture file on a full disk stays readable up to its last complete block.
 * Pipes cannot be truncated: a reader there may see one partial unit before
 * the error.
 *
 * A unit larger than the capacity is written straight to the fd after a
 * flush. The first write error sticks: every later call returns it again.
 *
 * Writing to a pipe whose reader has gone raises SIGPIPE; callers that want
 * -EPIPE instead must ignore that signal.
 */
#ifndef XDPDUMP_OUTBUF_H
#define XDPDUMP_OUTBUF_H

#include <stddef.h>
#include <stdint.h>

struct outbuf;

/* NULL + errno on failure. Does not take ownership of @fd. */
struct outbuf *outbuf__new(int fd, size_t capacity);

/*
 * Where flushed bytes go instead of an fd (a compressor, for example).
 * write() takes all @len bytes or fails with -errno; nothing is cut back
 * after a failure, so the sink decides what a partial write leaves behind.
 */
struct outbuf_sink {
	int (*write)(void *ctx, const void *data, size_t len);
	void *ctx;
};

/* Like outbuf__new(), but units are flushed into @sink (copied). */
struct outbuf *outbuf__new_sink(const struct outbuf_sink *sink, size_t capacity);

/* Copies @len bytes as one unit. 0 or -errno. */
int outbuf__write(struct outbuf *b, const void *data, size_t len);

/*
 * Returns @len contiguous bytes of buffer space, flushing first when the free
 * space is short, so a unit can be built in place without a second copy.
 * NULL + errno: EMSGSIZE when @len exceeds the capacity (use outbuf__write()
 * for that unit), otherwise the sticky write error. The space becomes part of
 * the output only at outbuf__commit().
 */
void *outbuf__reserve(struct outbuf *b, size_t len);

/* Ends the unit started by the last outbuf__reserve(); @len <= reserved. */
void outbuf__commit(struct outbuf *b, size_t len);

/* Hands everything buffered to the fd or sink. 0 or -errno (-ENOSPC, -EPIPE, ...). */
int outbuf__flush(struct outbuf *b);

/* Bytes of complete units written to the fd plus those still buffered. */
uint64_t outbuf__size(const struct outbuf *b);

/* Does not flush. NULL is fine. */
void outbuf__free(struct outbuf *b);

#endif /* XDPDUMP_OUTBUF_H */
