// SPDX-License-Identifier: GPL-2.0
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "outbuf.h"
#include "pcapng.h"

#define DEFAULT_BUFFER_SIZE (256 * 1024)
#define NSEC_PER_SEC 1000000000ULL

/*
 * draft-ietf-opsawg-pcapng, section 3.1 (general block structure): block
 * type, block total length, body, block total length again. Blocks, and each
 * option value (section 3.5), are padded to 32 bits.
 */
#define BLOCK_OVERHEAD 12
#define PAD4(n) (((n) + 3) & ~(size_t)3)

/* Block types: SHB section 4.1, IDB 4.2, EPB 4.3, ISB 4.6 */
#define BT_SHB 0x0A0D0D0AU
#define BT_IDB 0x00000001U
#define BT_EPB 0x00000006U
#define BT_ISB 0x00000005U
#define BYTE_ORDER_MAGIC 0x1A2B3C4DU

/* Fixed part of each block body, before the options */
#define SHB_FIXED 16 /* byte-order magic, major, minor, section length */
#define IDB_FIXED 8 /* link type, reserved, snaplen */
#define EPB_FIXED 20 /* interface id, timestamp (2 words), caplen, origlen */
#define ISB_FIXED 12 /* interface id, timestamp (2 words) */

/* Option codes, section 3.5 (common) and the block's own section */
#define OPT_ENDOFOPT 0
#define OPT_COMMENT 1
#define SHB_HARDWARE 2
#define SHB_OS 3
#define SHB_USERAPPL 4
#define IF_NAME 2
#define IF_DESCRIPTION 3
#define IF_TSRESOL 9
#define IF_FILTER 11
#define EPB_FLAGS 2
#define EPB_PACKETID 5
#define EPB_QUEUE 6
#define EPB_VERDICT 7
#define ISB_STARTTIME 2
#define ISB_ENDTIME 3
#define ISB_IFRECV 4
#define ISB_IFDROP 5
#define ISB_FILTERACCEPT 6
#define ISB_OSDROP 7
#define ISB_USRDELIV 8

/* if_tsresol: bit 7 clear, so the value is a power of ten: 10^-9 s */
#define TSRESOL_NSEC 9
/* if_filter type 0: the filter is a libpcap expression string */
#define FILTER_TYPE_LIBPCAP 0

/*
 * draft-ietf-opsawg-pcap section 4: this magic means the second word of each
 * record's timestamp counts nanoseconds, not microseconds.
 */
#define PCAP_MAGIC_NSEC 0xA1B23C4DU
#define PCAP_VERSION_MAJOR 2
#define PCAP_VERSION_MINOR 4
#define PCAP_FILE_HEADER 24
#define PCAP_RECORD_HEADER 16 /* section 5: ts_sec, ts_nsec, caplen, len */

struct iface_info {
	uint32_t snaplen;
	uint16_t linktype;
	bool as_read;
};

struct capture_writer {
	struct outbuf *out;
	enum capture_format format;
	struct iface_info *ifaces;
	uint32_t nr_ifaces;
	void *scratch; /* a block too large for the buffer is built here */
};

/* libbpf-style: read a field only if the caller's struct is new enough. */
#define OPTS_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetof(typeof(*(opts)), field) + sizeof((opts)->field))
#define OPTS_GET(opts, field, fallback) (OPTS_HAS(opts, field) ? (opts)->field : (fallback))

/* A newer caller's struct is fine as long as we would ignore nothing set. */
static int check_opts_tail(const struct capture_writer_opts *opts)
{
	const char *p = (const char *)opts;
	size_t i;

	if (!opts)
		return 0;
	if (opts->sz < sizeof(opts->sz))
		return -EINVAL;
	for (i = sizeof(*opts); i < opts->sz; i++)
		if (p[i])
			return -EINVAL;
	return 0;
}

/* Option lengths are 16 bits (section 3.5); @extra counts a type byte. */
static bool str_fits(const char *s, size_t extra)
{
	return !s || strlen(s) + extra <= UINT16_MAX;
}

static int resolve_opts(const struct capture_writer_opts *opts, struct capture_writer_opts *o)
{
	int err = check_opts_tail(opts);

	if (err)
		return err;
	o->sz = sizeof(*o);
	o->format = OPTS_GET(opts, format, CAPTURE_FORMAT_PCAPNG);
	o->hardware = OPTS_GET(opts, hardware, NULL);
	o->os = OPTS_GET(opts, os, NULL);
	o->application = OPTS_GET(opts, application, NULL);
	o->buffer_size = OPTS_GET(opts, buffer_size, 0) ?: DEFAULT_BUFFER_SIZE;
	if (o->format != CAPTURE_FORMAT_PCAPNG && o->format != CAPTURE_FORMAT_PCAP)
		return -EINVAL;
	if (!str_fits(o->hardware, 0) || !str_fits(o->os, 0) || !str_fits(o->application, 0))
		return -EINVAL;
	return 0;
}

/* Builders: each stores a field in host byte order and returns the cursor. */
static uint8_t *put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

static uint8_t *put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

/* Timestamps are two 32-bit words, high word first (section 4.3). */
static uint8_t *put_ts(uint8_t *p, uint64_t ts)
{
	p = put32(p, ts >> 32);
	return put32(p, (uint32_t)ts);
}

static uint8_t *put_padded(uint8_t *p, const void *data, size_t len)
{
	size_t pad = PAD4(len) - len;

	if (len)
		memcpy(p, data, len);
	memset(p + len, 0, pad);
	return p + len + pad;
}

static size_t opt_size(size_t len)
{
	return 4 + PAD4(len);
}

static size_t str_opt_size(const char *s)
{
	return s && *s ? opt_size(strlen(s)) : 0;
}

/* A non-empty option list ends with opt_endofopt; an empty one is omitted. */
static size_t opt_list_size(size_t opts)
{
	return opts ? opts + opt_size(0) : 0;
}

static uint8_t *put_opt(uint8_t *p, uint16_t code, const void *val, size_t len)
{
	p = put16(p, code);
	p = put16(p, (uint16_t)len);
	return put_padded(p, val, len);
}

/* Strings are UTF-8 without a terminating NUL (section 3.5). */
static uint8_t *put_opt_str(uint8_t *p, uint16_t code, const char *s)
{
	return s && *s ? put_opt(p, code, s, strlen(s)) : p;
}

static uint8_t *put_opt_u32(uint8_t *p, uint16_t code, uint32_t v)
{
	return put_opt(p, code, &v, sizeof(v));
}

static uint8_t *put_opt_u64(uint8_t *p, uint16_t code, uint64_t v)
{
	return put_opt(p, code, &v, sizeof(v));
}

static uint8_t *put_opt_ts(uint8_t *p, uint16_t code, uint64_t ts)
{
	uint8_t v[8];

	put_ts(v, ts);
	return put_opt(p, code, v, sizeof(v));
}

/* if_filter and epb_verdict values are a one-byte type, then the data. */
static uint8_t *put_opt_typed(uint8_t *p, uint16_t code, uint8_t type, const void *data,
			      size_t len)
{
	size_t pad = PAD4(1 + len) - (1 + len);

	p = put16(p, code);
	p = put16(p, (uint16_t)(1 + len));
	*p++ = type;
	if (len)
		memcpy(p, data, len);
	memset(p + len, 0, pad);
	return p + len + pad;
}

static uint8_t *put_opt_end(uint8_t *p, const uint8_t *opts)
{
	return p == opts ? p : put_opt(p, OPT_ENDOFOPT, NULL, 0);
}

/*
 * Blocks are built in place in the output buffer, so the packet is copied
 * once; only a block larger than the whole buffer is built on the heap.
 */
static uint8_t *block_begin(struct capture_writer *w, size_t len)
{
	uint8_t *p = outbuf__reserve(w->out, len);

	if (p || errno != EMSGSIZE)
		return p;
	w->scratch = malloc(len);
	if (!w->scratch)
		errno = ENOMEM;
	return w->scratch;
}

static int block_end(struct capture_writer *w, uint8_t *blk, size_t len)
{
	int err;

	if (blk != w->scratch) {
		outbuf__commit(w->out, len);
		return 0;
	}
	err = outbuf__write(w->out, blk, len);
	free(w->scratch);
	w->scratch = NULL;
	return err;
}

static uint8_t *put_block_head(uint8_t *p, uint32_t type, size_t len)
{
	p = put32(p, type);
	return put32(p, (uint32_t)len);
}

/* Writes the trailing length; the cursor must have reached it exactly. */
static int block_finish(struct capture_writer *w, uint8_t *blk, uint8_t *p, size_t len)
{
	put32(p, (uint32_t)len);
	assert(p + 4 == blk + len);
	return block_end(w, blk, len);
}

static size_t shb_size(const struct capture_writer_opts *o)
{
	size_t opts =
		str_opt_size(o->hardware) + str_opt_size(o->os) + str_opt_size(o->application);

	return BLOCK_OVERHEAD + SHB_FIXED + opt_list_size(opts);
}

/* Section Header Block, section 4.1 */
static int write_shb(struct capture_writer *w, const struct capture_writer_opts *o)
{
	size_t len = shb_size(o);
	uint8_t *blk, *p, *opts;

	blk = block_begin(w, len);
	if (!blk)
		return -errno;
	p = put_block_head(blk, BT_SHB, len);
	p = put32(p, BYTE_ORDER_MAGIC);
	p = put16(p, 1);
	p = put16(p, 0);
	/* Section length -1: not known while the section is being streamed */
	p = put64(p, UINT64_MAX);
	opts = p;
	p = put_opt_str(p, SHB_HARDWARE, o->hardware);
	p = put_opt_str(p, SHB_OS, o->os);
	p = put_opt_str(p, SHB_USERAPPL, o->application);
	p = put_opt_end(p, opts);
	return block_finish(w, blk, p, len);
}

static size_t idb_size(const struct capture_interface *iface)
{
	size_t opts = str_opt_size(iface->name) + str_opt_size(iface->description) + opt_size(1) +
		      str_opt_size(iface->comment);

	if (iface->filter)
		opts += opt_size(1 + strlen(iface->filter));
	return BLOCK_OVERHEAD + IDB_FIXED + opt_list_size(opts);
}

/* Interface Description Block, section 4.2 */
static int write_idb(struct capture_writer *w, const struct capture_interface *iface)
{
	size_t len = idb_size(iface);
	uint8_t tsresol = TSRESOL_NSEC;
	uint8_t *blk, *p, *opts;

	blk = block_begin(w, len);
	if (!blk)
		return -errno;
	p = put_block_head(blk, BT_IDB, len);
	p = put16(p, iface->linktype);
	p = put16(p, 0);
	p = put32(p, iface->snaplen);
	opts = p;
	p = put_opt_str(p, IF_NAME, iface->name);
	p = put_opt_str(p, IF_DESCRIPTION, iface->description);
	p = put_opt_str(p, OPT_COMMENT, iface->comment);
	p = put_opt(p, IF_TSRESOL, &tsresol, sizeof(tsresol));
	if (iface->filter)
		p = put_opt_typed(p, IF_FILTER, FILTER_TYPE_LIBPCAP, iface->filter,
				  strlen(iface->filter));
	p = put_opt_end(p, opts);
	return block_finish(w, blk, p, len);
}

/* draft-ietf-opsawg-pcap section 4 (file header) */
static int write_pcap_header(struct capture_writer *w, const struct capture_interface *iface)
{
	uint8_t hdr[PCAP_FILE_HEADER], *p = hdr;

	p = put32(p, PCAP_MAGIC_NSEC);
	p = put16(p, PCAP_VERSION_MAJOR);
	p = put16(p, PCAP_VERSION_MINOR);
	p = put32(p, 0); /* reserved, was thiszone */
	p = put32(p, 0); /* reserved, was sigfigs */
	p = put32(p, iface->snaplen);
	put32(p, iface->linktype);
	return outbuf__write(w->out, hdr, sizeof(hdr));
}

/* A pcap file has one header, so one link type and one snaplen. */
static int pcap_add_interface(struct capture_writer *w, const struct capture_interface *iface)
{
	if (w->nr_ifaces == 0)
		return write_pcap_header(w, iface);
	return iface->linktype == w->ifaces[0].linktype ? 0 : -EINVAL;
}

static int check_interface(const struct capture_interface *iface)
{
	if (!str_fits(iface->name, 0) || !str_fits(iface->description, 0) ||
	    !str_fits(iface->filter, 1))
		return -EINVAL;
	return 0;
}

/* Room for the new interface first, so a failed write leaves no stray id. */
static int grow_ifaces(struct capture_writer *w)
{
	struct iface_info *ifaces;

	ifaces = realloc(w->ifaces, ((size_t)w->nr_ifaces + 1) * sizeof(*ifaces));
	if (!ifaces)
		return -ENOMEM;
	w->ifaces = ifaces;
	return 0;
}

int capture_writer__add_interface(struct capture_writer *w, const struct capture_interface *iface)
{
	int err;

	if (!w || !iface || w->nr_ifaces >= INT_MAX)
		return -EINVAL;
	err = check_interface(iface);
	if (!err)
		err = grow_ifaces(w);
	if (err)
		return err;
	if (w->format == CAPTURE_FORMAT_PCAP)
		err = pcap_add_interface(w, iface);
	else
		err = write_idb(w, iface);
	if (err)
		return err;
	w->ifaces[w->nr_ifaces].snaplen = iface->snaplen;
	w->ifaces[w->nr_ifaces].as_read = iface->as_read;
	w->ifaces[w->nr_ifaces].linktype = iface->linktype;
	return (int)w->nr_ifaces++;
}

/* In pcap the file header's snaplen is the only one readers see. */
static uint32_t packet_snaplen(const struct capture_writer *w, uint32_t if_id)
{
	return w->format == CAPTURE_FORMAT_PCAP ? w->ifaces[0].snaplen : w->ifaces[if_id].snaplen;
}

static int check_packet(const struct capture_writer *w, const struct capture_packet *pkt)
{
	uint32_t snaplen;

	if (!pkt || pkt->if_id >= w->nr_ifaces)
		return -EINVAL;
	if (!pkt->data && pkt->caplen)
		return -EINVAL;
	if (w->ifaces[pkt->if_id].as_read)
		return str_fits(pkt->comment, 0) ? 0 : -EINVAL;
	if (pkt->caplen > pkt->origlen)
		return -EINVAL;
	snaplen = packet_snaplen(w, pkt->if_id);
	if (snaplen && pkt->caplen > snaplen)
		return -EINVAL;
	return str_fits(pkt->comment, 0) ? 0 : -EINVAL;
}

static size_t epb_size(const struct capture_packet *pkt)
{
	size_t opts = str_opt_size(pkt->comment);

	if (pkt->flags)
		opts += opt_size(sizeof(uint32_t));
	if (pkt->has_packet_id)
		opts += opt_size(sizeof(uint64_t));
	if (pkt->has_queue)
		opts += opt_size(sizeof(uint32_t));
	if (pkt->has_verdict)
		opts += opt_size(1 + sizeof(uint64_t));
	return BLOCK_OVERHEAD + EPB_FIXED + PAD4((size_t)pkt->caplen) + opt_list_size(opts);
}

static uint8_t *put_epb_opts(uint8_t *p, const struct capture_packet *pkt)
{
	uint8_t *opts = p;

	p = put_opt_str(p, OPT_COMMENT, pkt->comment);
	if (pkt->flags)
		p = put_opt_u32(p, EPB_FLAGS, pkt->flags);
	if (pkt->has_packet_id)
		p = put_opt_u64(p, EPB_PACKETID, pkt->packet_id);
	if (pkt->has_queue)
		p = put_opt_u32(p, EPB_QUEUE, pkt->queue);
	/* Verdict types 1 (TC) and 2 (XDP) carry a 64-bit value. */
	if (pkt->has_verdict)
		p = put_opt_typed(p, EPB_VERDICT, pkt->verdict_type, &pkt->verdict,
				  sizeof(pkt->verdict));
	return put_opt_end(p, opts);
}

/* Enhanced Packet Block, section 4.3; timestamps count if_tsresol units (ns). */
static int write_epb(struct capture_writer *w, const struct capture_packet *pkt)
{
	size_t len = epb_size(pkt);
	uint8_t *blk, *p;

	if (len > UINT32_MAX)
		return -EINVAL;
	blk = block_begin(w, len);
	if (!blk)
		return -errno;
	p = put_block_head(blk, BT_EPB, len);
	p = put32(p, pkt->if_id);
	p = put_ts(p, pkt->ts_ns);
	p = put32(p, pkt->caplen);
	p = put32(p, pkt->origlen);
	p = put_padded(p, pkt->data, pkt->caplen);
	p = put_epb_opts(p, pkt);
	return block_finish(w, blk, p, len);
}

/* draft-ietf-opsawg-pcap section 5 (packet record); no padding there. */
static int write_pcap_record(struct capture_writer *w, const struct capture_packet *pkt)
{
	size_t len = PCAP_RECORD_HEADER + (size_t)pkt->caplen;
	uint64_t sec = pkt->ts_ns / NSEC_PER_SEC;
	uint8_t *blk, *p;

	/* Seconds are 32 bits unsigned: the format ends in 2106. */
	if (sec > UINT32_MAX)
		return -ERANGE;
	blk = block_begin(w, len);
	if (!blk)
		return -errno;
	p = put32(blk, (uint32_t)sec);
	p = put32(p, (uint32_t)(pkt->ts_ns % NSEC_PER_SEC));
	p = put32(p, pkt->caplen);
	p = put32(p, pkt->origlen);
	if (pkt->caplen)
		memcpy(p, pkt->data, pkt->caplen);
	return block_end(w, blk, len);
}

int capture_writer__write_packet(struct capture_writer *w, const struct capture_packet *pkt)
{
	int err;

	if (!w)
		return -EINVAL;
	err = check_packet(w, pkt);
	if (err)
		return err;
	if (w->format == CAPTURE_FORMAT_PCAP)
		return write_pcap_record(w, pkt);
	return write_epb(w, pkt);
}

/* From this length on a block goes to the fd by reference, below it is
 * copied into the buffer: through lib/outbuf to tmpfs, warm, a reference
 * cost 1.05-1.11x a copy at 108 B, 0.78-0.87x at 556 B and 0.79-0.89x at
 * 1544 B (tests/bench/outbuf_ref.c). */
#define BLOCK_REF_MIN 512

int capture_writer__write_block(struct capture_writer *w, const void *block, size_t len,
				bool stays)
{
	if (!w || w->format != CAPTURE_FORMAT_PCAPNG || len < 12 || len % 4)
		return -EINVAL;
	if (stays && len >= BLOCK_REF_MIN)
		return outbuf__write_ref(w->out, block, len);
	return outbuf__write(w->out, block, len);
}

bool capture_writer__holds_refs(const struct capture_writer *w)
{
	return outbuf__ref_bytes(w->out) > 0;
}

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

static size_t isb_size(const struct capture_if_stats *st)
{
	size_t opts = 0;

	if (st->start_ns)
		opts += opt_size(8);
	if (st->end_ns)
		opts += opt_size(8);
	if (st->has_ifrecv)
		opts += opt_size(8);
	if (st->has_ifdrop)
		opts += opt_size(8);
	if (st->has_osdrop)
		opts += opt_size(8);
	if (st->has_filteraccept)
		opts += opt_size(8);
	if (st->has_usrdeliv)
		opts += opt_size(8);
	opts += str_opt_size(st->comment);
	return BLOCK_OVERHEAD + ISB_FIXED + opt_list_size(opts);
}

static uint8_t *put_isb_opts(uint8_t *p, const struct capture_if_stats *st)
{
	uint8_t *opts = p;

	if (st->start_ns)
		p = put_opt_ts(p, ISB_STARTTIME, st->start_ns);
	if (st->end_ns)
		p = put_opt_ts(p, ISB_ENDTIME, st->end_ns);
	if (st->has_ifrecv)
		p = put_opt_u64(p, ISB_IFRECV, st->ifrecv);
	if (st->has_ifdrop)
		p = put_opt_u64(p, ISB_IFDROP, st->ifdrop);
	if (st->has_filteraccept)
		p = put_opt_u64(p, ISB_FILTERACCEPT, st->filteraccept);
	if (st->has_osdrop)
		p = put_opt_u64(p, ISB_OSDROP, st->osdrop);
	if (st->has_usrdeliv)
		p = put_opt_u64(p, ISB_USRDELIV, st->usrdeliv);
	p = put_opt_str(p, OPT_COMMENT, st->comment);
	return put_opt_end(p, opts);
}

/*
 * Interface Statistics Block, section 4.6. Its timestamp says when the
 * counters were read: the end time when given, otherwise now.
 */
static int write_isb(struct capture_writer *w, uint32_t if_id, const struct capture_if_stats *st)
{
	size_t len = isb_size(st);
	uint8_t *blk, *p;

	blk = block_begin(w, len);
	if (!blk)
		return -errno;
	p = put_block_head(blk, BT_ISB, len);
	p = put32(p, if_id);
	p = put_ts(p, st->end_ns ?: realtime_ns());
	p = put_isb_opts(p, st);
	return block_finish(w, blk, p, len);
}

int capture_writer__write_stats(struct capture_writer *w, uint32_t if_id,
				const struct capture_if_stats *st)
{
	if (!w || !st || if_id >= w->nr_ifaces || !str_fits(st->comment, 0))
		return -EINVAL;
	if (w->format == CAPTURE_FORMAT_PCAP)
		return 0;
	return write_isb(w, if_id, st);
}

static void writer_free(struct capture_writer *w)
{
	outbuf__free(w->out);
	free(w->ifaces);
	free(w);
}

/* Takes @out; on failure it is freed with the rest. */
static struct capture_writer *writer_open(struct outbuf *out, const struct capture_writer_opts *o)
{
	struct capture_writer *w;
	int err;

	if (!out)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (!w) {
		outbuf__free(out);
		return NULL;
	}
	w->format = o->format;
	w->out = out;
	if (w->format == CAPTURE_FORMAT_PCAPNG) {
		err = write_shb(w, o);
		if (err) {
			writer_free(w);
			errno = -err;
			return NULL;
		}
	}
	return w;
}

/* Output to @sink when given, else to @fd. */
static struct capture_writer *open_on(int fd, const struct outbuf_sink *sink,
				      const struct capture_writer_opts *opts)
{
	struct capture_writer_opts o;
	int err = resolve_opts(opts, &o);

	if (err) {
		errno = -err;
		return NULL;
	}
	return writer_open(sink ? outbuf__new_sink(sink, o.buffer_size) :
				  outbuf__new(fd, o.buffer_size),
			   &o);
}

struct capture_writer *capture_writer__open_fd(int fd, const struct capture_writer_opts *opts)
{
	return open_on(fd, NULL, opts);
}

struct capture_writer *capture_writer__open_sink(const struct outbuf_sink *sink,
						 const struct capture_writer_opts *opts)
{
	if (!sink) {
		errno = EINVAL;
		return NULL;
	}
	return open_on(-1, sink, opts);
}

int capture_writer__flush(struct capture_writer *w)
{
	return w ? outbuf__flush(w->out) : -EINVAL;
}

int capture_writer__close(struct capture_writer *w)
{
	int err;

	if (!w)
		return 0;
	err = outbuf__flush(w->out);
	writer_free(w);
	return err;
}

void capture_writer__discard(struct capture_writer *w)
{
	if (w)
		writer_free(w);
}

uint64_t capture_writer__bytes_written(const struct capture_writer *w)
{
	return w ? outbuf__size(w->out) : 0;
}
