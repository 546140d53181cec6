/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A gzip stream (RFC 1952) written to a file descriptor as data comes in,
 * not compressed at close: each gzsink__write() ends with a zlib sync flush,
 * so everything handed over so far can be decompressed from the file at
 * once, even if the process dies before gzsink__finish().
 *
 * Write errors stick: after the first failure every call returns it again.
 * A regular file is then cut back to the end of the last write that went
 * out whole, so a full disk leaves a stream that decompresses to all the
 * data written before it (without the gzip trailer).
 */
#ifndef XDPDUMP_GZSINK_H
#define XDPDUMP_GZSINK_H

#include <stddef.h>

struct gzsink;

/* NULL + errno. Does not take ownership of @fd. */
struct gzsink *gzsink__new(int fd);

/* Compresses @len bytes and writes them out, flushed. 0 or -errno. */
int gzsink__write(struct gzsink *z, const void *data, size_t len);

/* Ends the stream (last block, CRC and length trailer). 0 or -errno. */
int gzsink__finish(struct gzsink *z);

/* Does not finish the stream. NULL is fine. */
void gzsink__free(struct gzsink *z);

/* The signature struct outbuf_sink wants; @ctx is the gzsink. */
int gzsink__sink_write(void *ctx, const void *data, size_t len);

#endif /* XDPDUMP_GZSINK_H */
