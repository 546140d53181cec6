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
 * A unit may also be held by reference (outbuf__write_ref()): it is not
 * copied, the flush hands it to the fd with writev(2) between the copied
 * units around it. The unit rules above hold for it in the same way.
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

/*
 * One unit, like outbuf__write(), but its bytes are not copied: the next
 * flush writes them from @data itself, in order with the units before and
 * after it. Until that flush has returned (an explicit outbuf__flush(), or one
 * that a later outbuf__write(), outbuf__reserve() or outbuf__write_ref()
 * starts), or until outbuf__free(), the caller must keep the @len bytes at
 * @data valid and unchanged. A caller that wants the memory back calls
 * outbuf__flush() first; outbuf__ref_bytes() says whether anything is still
 * held. Once a flush has failed nothing is held: the error sticks and the
 * references are dropped.
 *
 * What is held is bounded: when this reference would take the bytes held by
 * reference beyond the capacity (a single reference may be larger), or the
 * pending units beyond one writev(2) (IOV_MAX entries, counting the runs of
 * copied units between references), everything pending is flushed first.
 *
 * Worth it for large units: warm, to tmpfs, 2 M units a size, a 256 KiB
 * buffer (tests/bench/outbuf_ref.c), by reference costs 1.05-1.11x the copy
 * at 108 bytes, 0.87x at 556 and 0.79-0.89x at 1544.
 *
 * An outbuf made with outbuf__new_sink() copies the bytes here instead (a
 * sink copies them anyway), so it never holds references.
 * 0 or -errno (the sticky write error, or that of the flush this started).
 */
int outbuf__write_ref(struct outbuf *b, const void *data, size_t len);

/* Bytes held by reference, not yet flushed: memory the caller must keep. */
size_t outbuf__ref_bytes(const struct outbuf *b);

/*
 * Hands everything pending, copied or by reference, to the fd or sink; the
 * caller may then reuse the memory of its references. 0 or -errno (-ENOSPC,
 * -EPIPE, ...).
 */
int outbuf__flush(struct outbuf *b);

/*
 * Bytes of complete units written to the fd plus those still buffered,
 * copied or by reference.
 */
uint64_t outbuf__size(const struct outbuf *b);

/* Does not flush; references still held are dropped. NULL is fine. */
void outbuf__free(struct outbuf *b);

#endif /* XDPDUMP_OUTBUF_H */
