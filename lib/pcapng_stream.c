// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "pcapng_stream.h"

/* Block types and option codes, draft-ietf-opsawg-pcapng sections 4.1-4.6 */
#define BT_SHB 0x0A0D0D0AU
#define BT_IDB 0x00000001U
#define BT_SPB 0x00000003U
#define BT_ISB 0x00000005U
#define BT_EPB 0x00000006U
#define BYTE_ORDER_MAGIC 0x1A2B3C4DU
#define OPT_COMMENT 1
#define IF_NAME 2
#define IF_DESCRIPTION 3
#define IF_TSRESOL 9
#define IF_FILTER 11
#define IF_TSOFFSET 14
#define EPB_FLAGS 2
#define EPB_PACKETID 5
#define EPB_QUEUE 6
#define EPB_VERDICT 7
#define ISB_STARTTIME 2
#define ISB_ENDTIME 3
#define ISB_IFRECV 4
#define ISB_IFDROP 5
#define ISB_OSDROP 7
#define PAD4(n) (((n) + 3) & ~(size_t)3)

struct pcapng_stream {
	uint8_t *buf;
	size_t cap, start, end; /* unread bytes are buf[start, end) */
	bool swap; /* the section is in the other byte order */
	bool in_section;
	int err; /* once the stream is refused, it stays refused */
	struct pcapng_stream_iface *ifaces;
	unsigned int nr_ifaces, section_base; /* ids before this section */
	char comment[1024];
};

static uint16_t get16(const struct pcapng_stream *s, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return s->swap ? __builtin_bswap16(v) : v;
}

static uint32_t get32(const struct pcapng_stream *s, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return s->swap ? __builtin_bswap32(v) : v;
}

static uint64_t get64(const struct pcapng_stream *s, const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return s->swap ? __builtin_bswap64(v) : v;
}

struct pcapng_stream *pcapng_stream__new(void)
{
	return calloc(1, sizeof(struct pcapng_stream));
}

void pcapng_stream__free(struct pcapng_stream *s)
{
	if (!s)
		return;
	for (unsigned int i = 0; i < s->nr_ifaces; i++) {
		free(s->ifaces[i].name);
		free(s->ifaces[i].description);
		free(s->ifaces[i].filter);
	}
	free(s->ifaces);
	free(s->buf);
	free(s);
}

int pcapng_stream__feed(struct pcapng_stream *s, const void *data, size_t len)
{
	if (s->start && s->end + len > s->cap) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	if (s->end + len > s->cap) {
		size_t cap = s->cap ? s->cap : 65536;
		uint8_t *grown;

		while (cap < s->end + len)
			cap *= 2;
		grown = realloc(s->buf, cap);
		if (!grown)
			return -ENOMEM;
		s->buf = grown;
		s->cap = cap;
	}
	memcpy(s->buf + s->end, data, len);
	s->end += len;
	return 0;
}

size_t pcapng_stream__pending(const struct pcapng_stream *s)
{
	return s->end - s->start;
}

const struct pcapng_stream_iface *pcapng_stream__iface(const struct pcapng_stream *s,
						       uint32_t if_id)
{
	return if_id < s->nr_ifaces ? &s->ifaces[if_id] : NULL;
}

unsigned int pcapng_stream__nr_ifaces(const struct pcapng_stream *s)
{
	return s->nr_ifaces;
}

/* One option of a block's option list: 1 and its code, value and length;
 * 0 at the end; -EINVAL when the list overruns the block. */
static int next_opt(const struct pcapng_stream *s, const uint8_t **p, const uint8_t *end,
		    uint16_t *code, const uint8_t **val, uint16_t *len)
{
	if (end - *p < 4)
		return 0;
	*code = get16(s, *p);
	*len = get16(s, *p + 2);
	*val = *p + 4;
	if (!*code)
		return 0;
	if ((size_t)(end - *val) < PAD4(*len))
		return -EINVAL;
	*p = *val + PAD4(*len);
	return 1;
}

static char *dup_opt(const uint8_t *val, uint16_t len)
{
	char *copy = malloc(len + 1);

	if (copy) {
		memcpy(copy, val, len);
		copy[len] = '\0';
	}
	return copy;
}

static int parse_shb(struct pcapng_stream *s, const uint8_t *body, size_t len)
{
	uint32_t magic;

	if (len < 16)
		return -EINVAL;
	memcpy(&magic, body, 4);
	if (magic == BYTE_ORDER_MAGIC)
		s->swap = false;
	else if (magic == __builtin_bswap32(BYTE_ORDER_MAGIC))
		s->swap = true;
	else
		return -EINVAL;
	if (get16(s, body + 4) != 1)
		return -EINVAL;
	s->in_section = true;
	s->section_base = s->nr_ifaces;
	return 0;
}

static int idb_option(struct pcapng_stream_iface *ifc, const struct pcapng_stream *s,
		      uint16_t code, const uint8_t *val, uint16_t len)
{
	char **str = code == IF_NAME	    ? &ifc->name :
		     code == IF_DESCRIPTION ? &ifc->description :
					      NULL;

	if (str && !*str) {
		*str = dup_opt(val, len);
		return *str ? 0 : -ENOMEM;
	}
	if (code == IF_TSRESOL && len >= 1)
		ifc->tsresol = val[0];
	else if (code == IF_TSOFFSET && len >= 8)
		ifc->tsoffset = (int64_t)get64(s, val);
	/* if_filter: a type byte, then the filter; 0 is a libpcap string. */
	else if (code == IF_FILTER && len >= 1 && val[0] == 0 && !ifc->filter)
		ifc->filter = dup_opt(val + 1, len - 1);
	return 0;
}

static int parse_idb(struct pcapng_stream *s, const uint8_t *body, size_t len,
		     struct pcapng_record *rec)
{
	const uint8_t *p = body + 8, *end = body + len, *val;
	struct pcapng_stream_iface *ifaces, *ifc;
	uint16_t code, olen;
	int ret;

	if (len < 8)
		return -EINVAL;
	ifaces = realloc(s->ifaces, (s->nr_ifaces + 1) * sizeof(*ifaces));
	if (!ifaces)
		return -ENOMEM;
	s->ifaces = ifaces;
	ifc = &ifaces[s->nr_ifaces];
	memset(ifc, 0, sizeof(*ifc));
	ifc->linktype = get16(s, body);
	ifc->snaplen = get32(s, body + 4);
	ifc->tsresol = 6;
	rec->if_id = s->nr_ifaces++;
	while ((ret = next_opt(s, &p, end, &code, &val, &olen)) > 0) {
		ret = idb_option(ifc, s, code, val, olen);
		if (ret)
			return ret;
	}
	return ret;
}

/* Units of if_tsresol to nanoseconds: 10^-n or (top bit) 2^-n seconds. */
static uint64_t to_ns(const struct pcapng_stream_iface *ifc, uint64_t ts)
{
	uint8_t r = ifc->tsresol & 0x7f;
	unsigned __int128 v = ts;
	uint64_t ns;

	if (ifc->tsresol & 0x80) {
		ns = r > 63 ? 0 : (uint64_t)((v * 1000000000u) >> r);
	} else if (r <= 9) {
		for (ns = ts; r < 9; r++)
			ns *= 10;
	} else {
		for (ns = ts; r > 9 && ns; r--)
			ns /= 10;
	}
	/* Unsigned: a stream may hold any offset; it wraps, never overflows. */
	return ns + (uint64_t)ifc->tsoffset * 1000000000ull;
}

static int epb_option(struct pcapng_stream *s, struct capture_packet *pkt, uint16_t code,
		      const uint8_t *val, uint16_t len)
{
	if (code == OPT_COMMENT && !pkt->comment) {
		size_t n = len < sizeof(s->comment) - 1 ? len : sizeof(s->comment) - 1;

		memcpy(s->comment, val, n);
		s->comment[n] = '\0';
		pkt->comment = s->comment;
	} else if (code == EPB_FLAGS && len >= 4) {
		pkt->flags = get32(s, val);
	} else if (code == EPB_PACKETID && len >= 8) {
		pkt->has_packet_id = true;
		pkt->packet_id = get64(s, val);
	} else if (code == EPB_QUEUE && len >= 4) {
		pkt->has_queue = true;
		pkt->queue = get32(s, val);
	} else if (code == EPB_VERDICT && len >= 9) {
		pkt->has_verdict = true;
		pkt->verdict_type = val[0];
		pkt->verdict = get64(s, val + 1);
	}
	return 0;
}

static int parse_epb(struct pcapng_stream *s, const uint8_t *body, size_t len,
		     struct pcapng_record *rec)
{
	struct capture_packet *pkt = &rec->pkt;
	const struct pcapng_stream_iface *ifc;
	const uint8_t *p, *end = body + len, *val;
	uint16_t code, olen;
	int ret;

	if (len < 20)
		return -EINVAL;
	memset(pkt, 0, sizeof(*pkt));
	rec->if_id = s->section_base + get32(s, body);
	ifc = pcapng_stream__iface(s, rec->if_id);
	if (!ifc)
		return -EINVAL;
	pkt->if_id = rec->if_id;
	pkt->ts_ns = to_ns(ifc, (uint64_t)get32(s, body + 4) << 32 | get32(s, body + 8));
	pkt->caplen = get32(s, body + 12);
	pkt->origlen = get32(s, body + 16);
	if (pkt->caplen > len - 20 || PAD4(pkt->caplen) > len - 20)
		return -EINVAL;
	pkt->data = body + 20;
	p = body + 20 + PAD4(pkt->caplen);
	while ((ret = next_opt(s, &p, end, &code, &val, &olen)) > 0)
		epb_option(s, pkt, code, val, olen);
	return ret;
}

static void isb_option(const struct pcapng_stream *s, const struct pcapng_stream_iface *ifc,
		       struct capture_if_stats *st, uint16_t code, const uint8_t *val,
		       uint16_t len)
{
	uint64_t v;

	if (len < 8)
		return;
	v = get64(s, val);
	if (code == ISB_STARTTIME || code == ISB_ENDTIME)
		v = to_ns(ifc, (uint64_t)get32(s, val) << 32 | get32(s, val + 4));
	switch (code) {
	case ISB_STARTTIME:
		st->start_ns = v;
		break;
	case ISB_ENDTIME:
		st->end_ns = v;
		break;
	case ISB_IFRECV:
		st->has_ifrecv = true;
		st->ifrecv = v;
		break;
	case ISB_IFDROP:
		st->has_ifdrop = true;
		st->ifdrop = v;
		break;
	case ISB_OSDROP:
		st->has_osdrop = true;
		st->osdrop = v;
		break;
	}
}

static int parse_isb(struct pcapng_stream *s, const uint8_t *body, size_t len,
		     struct pcapng_record *rec)
{
	const struct pcapng_stream_iface *ifc;
	const uint8_t *p = body + 12, *end = body + len, *val;
	uint16_t code, olen;
	int ret;

	if (len < 12)
		return -EINVAL;
	memset(&rec->stats, 0, sizeof(rec->stats));
	rec->if_id = s->section_base + get32(s, body);
	ifc = pcapng_stream__iface(s, rec->if_id);
	if (!ifc)
		return -EINVAL;
	rec->ts_ns = to_ns(ifc, (uint64_t)get32(s, body + 4) << 32 | get32(s, body + 8));
	while ((ret = next_opt(s, &p, end, &code, &val, &olen)) > 0)
		isb_option(s, ifc, &rec->stats, code, val, olen);
	return ret;
}

static int parse_block(struct pcapng_stream *s, uint32_t type, const uint8_t *body, size_t len,
		       struct pcapng_record *rec)
{
	switch (type) {
	case BT_SHB:
		rec->type = PCAPNG_REC_SECTION;
		return parse_shb(s, body, len);
	case BT_IDB:
		rec->type = PCAPNG_REC_INTERFACE;
		return parse_idb(s, body, len, rec);
	case BT_EPB:
		rec->type = PCAPNG_REC_PACKET;
		return parse_epb(s, body, len, rec);
	case BT_ISB:
		rec->type = PCAPNG_REC_STATS;
		return parse_isb(s, body, len, rec);
	default:
		rec->type = PCAPNG_REC_OTHER;
		return 0;
	}
}

static int next_block(struct pcapng_stream *s, struct pcapng_record *rec);

int pcapng_stream__next(struct pcapng_stream *s, struct pcapng_record *rec)
{
	int ret = s->err ? s->err : next_block(s, rec);

	if (ret < 0 && ret != -ENOMEM)
		s->err = ret;
	return ret;
}

static int next_block(struct pcapng_stream *s, struct pcapng_record *rec)
{
	const uint8_t *p = s->buf + s->start;
	size_t avail = s->end - s->start;
	uint32_t type, len, magic;
	int err;

	if (avail < 12)
		return 0;
	memcpy(&type, p, 4);
	/* The SHB's own length is in the byte order its magic gives. */
	if (type == BT_SHB) {
		memcpy(&magic, p + 8, 4);
		s->swap = magic != BYTE_ORDER_MAGIC;
	} else if (!s->in_section) {
		return -EINVAL;
	}
	type = get32(s, p);
	len = get32(s, p + 4);
	if (len < 12 || len % 4)
		return -EINVAL;
	if (len > PCAPNG_STREAM_MAX_BLOCK)
		return -E2BIG;
	if (avail < len)
		return 0;
	if (get32(s, p + len - 4) != len)
		return -EINVAL;
	memset(rec, 0, sizeof(*rec));
	err = parse_block(s, type, p + 8, len - 12, rec);
	s->start += len;
	return err ? err : 1;
}
