/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a corpus directory (or single files) for the replay programs,
 * which run the fuzz targets' inputs without libFuzzer.
 */
#ifndef XDPDUMP_FUZZ_CORPUS_FILES_H
#define XDPDUMP_FUZZ_CORPUS_FILES_H

#include <stddef.h>
#include <stdint.h>

/* Called with each file's bytes; a non-zero return stops the walk. */
typedef int (*corpus_fn)(const char *path, const uint8_t *data, size_t size, void *ctx);

/*
 * @path is a file or a directory, whose regular files are visited in name
 * order (subdirectories are not entered). 0, the callback's non-zero
 * return, or -errno with a line on stderr when a file cannot be read.
 */
int corpus__walk(const char *path, corpus_fn fn, void *ctx);

#endif /* XDPDUMP_FUZZ_CORPUS_FILES_H */
