// SPDX-License-Identifier: GPL-2.0
/*
 * Capture file writer: pcapng (draft-ietf-opsawg-pcapng) or classic pcap
 * with nanosecond timestamps (draft-ietf-opsawg-pcap).
 *
 * Blocks are written in host byte order; the byte-order magic tells readers
 * which one that is. Output is buffered; only whole blocks reach the fd (see
 * outbuf.h), so a file on a full disk stays readable up to its last complete
 * block. Not thread safe: one writer per thread, or a lock around it.
 */
#ifndef XDPDUMP_PCAPNG_H
#define XDPDUMP_PCAPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outbuf.h"

enum capture_format {
	CAPTURE_FORMAT_PCAPNG,
	CAPTURE_FORMAT_PCAP,
};

struct capture_writer_opts {
	size_t sz; /* sizeof(struct capture_writer_opts), libbpf-style */
	enum capture_format format;
	const char *hardware; /* SHB shb_hardware, may be NULL */
	const char *os; /* SHB shb_os, may be NULL */
	const char *application; /* SHB shb_userappl, may be NULL */
	size_t buffer_size; /* 0 = default 256 KiB; at most 1 GiB */
};

struct capture_interface {
	const char *name; /* if_name, may be NULL */
	const char *description; /* if_description, may be NULL */
	const char *filter; /* if_filter as a libpcap string, may be NULL */
	const char *comment; /* opt_comment, may be NULL */
	uint32_t snaplen; /* 0 = no limit */
	uint16_t linktype; /* LINKTYPE_ETHERNET = 1 */
	/* Packets copied from another file (-r): written with the lengths
	 * they were read with, even a captured length above the length or
	 * the snaplen, as libpcap's writer does. */
	bool as_read;
};

/* epb_flags direction bits (draft-ietf-opsawg-pcapng, epb_flags, bits 0-1) */
#define CAPTURE_EPB_INBOUND 0x1U
#define CAPTURE_EPB_OUTBOUND 0x2U

/* epb_verdict types (draft-ietf-opsawg-pcapng, epb_verdict) */
#define CAPTURE_VERDICT_HW 0
#define CAPTURE_VERDICT_EBPF_TC 1
#define CAPTURE_VERDICT_EBPF_XDP 2

struct capture_packet {
	uint32_t if_id; /* as returned by capture_writer__add_interface() */
	uint64_t ts_ns; /* wall clock, ns since the Unix epoch */
	uint32_t caplen;
	uint32_t origlen;
	const void *data;
	uint32_t flags; /* epb_flags; 0 = omit */
	bool has_queue;
	uint32_t queue; /* epb_queue */
	bool has_packet_id;
	uint64_t packet_id; /* epb_packetid */
	bool has_verdict;
	uint8_t verdict_type; /* CAPTURE_VERDICT_* */
	uint64_t verdict; /* epb_verdict value, 8 bytes */
	const char *comment; /* opt_comment, may be NULL */
};

struct capture_if_stats {
	uint64_t start_ns; /* isb_starttime, 0 = omit */
	uint64_t end_ns; /* isb_endtime, 0 = omit; also the ISB timestamp */
	bool has_ifrecv;
	uint64_t ifrecv; /* isb_ifrecv */
	bool has_ifdrop;
	uint64_t ifdrop; /* isb_ifdrop */
	bool has_osdrop;
	uint64_t osdrop; /* isb_osdrop */
	bool has_filteraccept;
	uint64_t filteraccept; /* isb_filteraccept */
	bool has_usrdeliv;
	uint64_t usrdeliv; /* isb_usrdeliv */
	const char *comment; /* opt_comment, NULL = omit */
};

struct capture_writer;

/*
 * NULL + errno. Does not take ownership of @fd. @opts may be NULL. Nothing
 * reaches the fd before the first flush: the pcapng section header goes into
 * the buffer here, the pcap file header when the first interface is added.
 */
struct capture_writer *capture_writer__open_fd(int fd, const struct capture_writer_opts *opts);

/* The same, writing through @sink (copied), e.g. a gzip stream. */
struct capture_writer *capture_writer__open_sink(const struct outbuf_sink *sink,
						 const struct capture_writer_opts *opts);

/*
 * Returns the interface id (>= 0) or -errno. The IDB carries if_tsresol 9
 * (nanoseconds). pcap files hold one link type: a second interface with a
 * different one is -EINVAL there.
 */
int capture_writer__add_interface(struct capture_writer *w,
				  const struct capture_interface *iface);

/*
 * 0 or -errno. -EINVAL for an unknown if_id, caplen > origlen or caplen
 * above the interface's snaplen (unless the interface is as_read), NULL data with caplen > 0, or an option string
 * longer than 65535 bytes. Write errors (-ENOSPC, -EPIPE) stick.
 */
int capture_writer__write_packet(struct capture_writer *w, const struct capture_packet *pkt);

/*
 * A block made elsewhere, written as it is (pcapng only; -EINVAL for
 * pcap): its interface id must be one this writer gave. With stays (the
 * caller keeps the memory as it is until capture_writer__flush() has
 * returned, whenever capture_writer__holds_refs()), a large block is not
 * copied but handed to the fd at the next flush (outbuf__write_ref).
 * 0 or -errno.
 */
int capture_writer__write_block(struct capture_writer *w, const void *block, size_t len,
				bool stays);
bool capture_writer__holds_refs(const struct capture_writer *w);

/* Interface Statistics Block; 0 or -errno. pcap has none: 0 there. */
int capture_writer__write_stats(struct capture_writer *w, uint32_t if_id,
				const struct capture_if_stats *st);

int capture_writer__flush(struct capture_writer *w);

/* Flushes and frees; returns the flush error. Does not close the fd. */
int capture_writer__close(struct capture_writer *w);

/* Frees without flushing, for a capture given up: what is still buffered
 * never reaches the fd. Does not close the fd. */
void capture_writer__discard(struct capture_writer *w);

/*
 * Size the file will have once flushed: bytes of complete blocks handed to
 * the fd plus those still buffered (what tcpdump's -C compares, via ftell).
 */
uint64_t capture_writer__bytes_written(const struct capture_writer *w);

#endif /* XDPDUMP_PCAPNG_H */
