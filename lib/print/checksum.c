// SPDX-License-Identifier: GPL-2.0
/* The Internet checksum (RFC 1071) and the transport pseudo headers. */
#include "print_internal.h"

uint32_t checksum_add(uint32_t sum, const uint8_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += get16(p + i);
	if (n & 1)
		sum += p[n - 1] << 8;
	/* Fold early so that long buffers cannot overflow 32 bits. */
	return (sum & 0xffff) + (sum >> 16);
}

uint16_t checksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t checksum_pseudo(const struct ip_info *ip, uint32_t len)
{
	uint32_t addr_len = ip->version == 4 ? 4 : 16;
	uint32_t sum = checksum_add(0, ip->src, addr_len);

	sum = checksum_add(sum, ip->final_dst, addr_len);
	return sum + ip->proto + (len >> 16) + (len & 0xffff);
}

bool checksum_check(const struct ip_info *ip, const struct span *s, uint32_t len,
		    uint32_t csum_off, uint16_t *field, uint16_t *should_be)
{
	if (ip->fragmented || !span_has(s, 0, len) || len < csum_off + 2)
		return false;
	*field = get16(s->p + csum_off);
	*should_be = checksum_transport(ip, s->p, len, csum_off);
	return true;
}

uint16_t checksum_transport(const struct ip_info *ip, const uint8_t *p, uint32_t len,
			    uint32_t csum_off)
{
	uint32_t sum = checksum_pseudo(ip, len);

	sum = checksum_add(sum, p, csum_off);
	return checksum_fold(checksum_add(sum, p + csum_off + 2, len - csum_off - 2));
}
