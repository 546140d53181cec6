// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include "epb_record.h"

/* The block's fixed part after type and length, then the closing
 * length: what a block with an empty packet and no options has. */
#define EPB_MIN_LEN 32u

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int epb_record__head(const void *rec, size_t len, struct epb_record *out)
{
	struct xdpdump_epb_head h;
	const uint8_t *block = (const uint8_t *)rec + 8;

	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, rec, sizeof(h));
	if (h.block_type != XDPDUMP_EPB_TYPE || h.block_len < EPB_MIN_LEN || h.block_len % 4 ||
	    h.block_len > len - 8 || h.cap_len > h.block_len - EPB_MIN_LEN ||
	    get32(block + h.block_len - 4) != h.block_len)
		return -EINVAL;
	out->mono_ns = h.mono_ns;
	out->block = block;
	out->block_len = h.block_len;
	out->if_id = h.if_id;
	out->wall_ns = (uint64_t)h.ts_high << 32 | h.ts_low;
	return 0;
}

static void read_option(struct xdpdump_meta *meta, uint16_t code, const uint8_t *v, uint16_t len)
{
	switch (code) {
	case XDPDUMP_EPB_OPT_PACKETID:
		if (len == 8)
			memcpy(&meta->packet_id, v, 8);
		break;
	case XDPDUMP_EPB_OPT_QUEUE:
		if (len == 4)
			meta->rx_queue = get32(v);
		break;
	case XDPDUMP_EPB_OPT_VERDICT:
		if (len == 9 && v[0] == XDPDUMP_EPB_VERDICT_XDP) {
			uint64_t action;

			memcpy(&action, v + 1, 8);
			meta->point = XDPDUMP_POINT_EXIT;
			meta->action = (uint32_t)action;
		}
		break;
	}
}

int epb_record__decode(const struct epb_record *r, struct xdpdump_meta *meta,
		       const uint8_t **data)
{
	const uint8_t *p = r->block, *end = r->block + r->block_len - 4;
	uint32_t cap_len = get32(p + 20);

	memset(meta, 0, sizeof(*meta));
	meta->ts_ns = r->mono_ns;
	meta->cap_len = cap_len;
	meta->pkt_len = get32(p + 24);
	meta->point = XDPDUMP_POINT_ENTRY;
	*data = p + 28;
	p += 28 + ((cap_len + 3) & ~3u);
	while (p + 4 <= end) {
		uint16_t code, len;

		memcpy(&code, p, 2);
		memcpy(&len, p + 2, 2);
		if (!code)
			return 0;
		p += 4;
		if (len > end - p)
			return -EINVAL;
		read_option(meta, code, p, len);
		p += (len + 3u) & ~3u;
	}
	return p == end ? 0 : -EINVAL;
}
