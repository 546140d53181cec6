// SPDX-License-Identifier: GPL-2.0
/* Addresses as tcpdump -n shows them. */
#include <arpa/inet.h>
#include <string.h>
#include "print_internal.h"

void print_link_addr(struct packet_printer *pr, const uint8_t *a, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		pr_out(pr, "%s%02x", i ? ":" : "", a[i]);
}

void print_mac(struct packet_printer *pr, const uint8_t *m)
{
	print_link_addr(pr, m, 6);
}

/* RFC 5952 text (inet_ntop), as tcpdump prints IPv6. */
void format_ip(int version, const uint8_t *a, char *buf, size_t size)
{
	if (!inet_ntop(version == 4 ? AF_INET : AF_INET6, a, buf, size))
		snprintf(buf, size, "?");
}

void ip_info_init(struct ip_info *ip, int version, const uint8_t *src, const uint8_t *dst,
		  uint8_t proto)
{
	uint32_t len = version == 4 ? 4 : 16;

	memset(ip, 0, sizeof(*ip));
	ip->version = version;
	ip->direct = true;
	ip->proto = proto;
	memcpy(ip->src, src, len);
	memcpy(ip->dst, dst, len);
	memcpy(ip->final_dst, dst, len);
	format_ip(version, ip->src, ip->src_text, sizeof(ip->src_text));
	format_ip(version, ip->dst, ip->dst_text, sizeof(ip->dst_text));
}

/* Both ends: "a > b: ", or with ports "a.1 > b.2: ". */
void print_endpoints(struct packet_printer *pr, const struct ip_info *ip)
{
	pr_out(pr, "%s > %s: ", ip->src_text, ip->dst_text);
}

void print_endpoint_ports(struct packet_printer *pr, const struct ip_info *ip, uint16_t sport,
			  uint16_t dport)
{
	/* Behind IPv6 extension headers tcpdump names only the ports: the
	 * addresses were printed before the headers. */
	if (ip->direct)
		pr_out(pr, "%s.%u > %s.%u: ", ip->src_text, sport, ip->dst_text, dport);
	else
		pr_out(pr, "%u > %u: ", sport, dport);
}
