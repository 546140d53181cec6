// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet II (and IEEE 802.1Q / 802.1ad tags): the link-level header is
 * shown only with -e, except for frames whose ethertype has no printer,
 * which get the header and a hex dump of their payload.
 */
#include "print_internal.h"

#define ETH_HEADER 14
#define VLAN_TAG 4
/* Below this the type field is an IEEE 802.3 length. */
#define ETHERTYPE_MIN 0x600

static bool is_vlan(uint16_t type)
{
	return type == 0x8100 || type == 0x88a8 || type == 0x9100;
}

static void print_type_label(struct packet_printer *pr, uint16_t type)
{
	const char *name = ethertype_name(type);

	if (pr->opts.quiet && name)
		pr_out(pr, "%s", name);
	else if (pr->opts.quiet)
		pr_out(pr, "Unknown Ethertype (0x%04x)", type);
	else
		pr_out(pr, "ethertype %s (0x%04x)", name ? name : "Unknown", type);
}

/* "src > dst, ethertype X (0x....), length N: " */
static void print_link_header(struct packet_printer *pr, const uint8_t *frame, uint16_t type,
			      uint32_t len)
{
	print_mac(pr, frame + 6);
	pr_out(pr, " > ");
	print_mac(pr, frame);
	pr_out(pr, ", ");
	if (type < ETHERTYPE_MIN)
		pr_out(pr, "802.3");
	else
		print_type_label(pr, type);
	pr_out(pr, ", length %u: ", len);
}

int print_ethertype(struct packet_printer *pr, uint16_t type, struct span s)
{
	switch (type) {
	case 0x0800:
		return print_ipv4(pr, s);
	case 0x86dd:
		return print_ipv6(pr, s);
	case 0x0806:
	case 0x8035: /* RARP (RFC 903) shares ARP's layout */
		return print_arp(pr, s);
	default:
		return -1;
	}
}

/* A frame nobody here decodes: its header (naming the innermost type),
 * then its payload in hex unless -x dumps it anyway or -q asks for less. */
static int print_unknown(struct packet_printer *pr, struct span frame, uint16_t type,
			 struct span payload)
{
	if (!pr->opts.link_header)
		print_link_header(pr, frame.p, type, frame.len);
	if (!pr->opts.quiet && pr->opts.hex == PRINT_HEX_NONE)
		print_hex(pr, payload.p, payload.cap, true);
	return 0;
}

/* 802.1Q: "vlan 100, p 3, " and, with -e, the inner ethertype. */
static int print_vlan_tags(struct packet_printer *pr, struct span *payload, uint16_t *type,
			   uint32_t *link_len)
{
	bool tagged = false;

	while (is_vlan(*type)) {
		uint16_t tci;

		/* tcpdump counts a tag as link header even when it is cut. */
		*link_len += VLAN_TAG;
		if (!span_has(payload, 0, VLAN_TAG))
			return print_truncated(pr, "vlan");
		tci = get16(payload->p);
		if (pr->opts.link_header) {
			/* The outermost type went with the Ethernet header. */
			if (tagged) {
				print_type_label(pr, *type);
				pr_out(pr, ", ");
			}
			pr_out(pr, "vlan %u, p %u%s, ", tci & 0xfff, tci >> 13,
			       tci & 0x1000 ? ", DEI" : "");
		}
		tagged = true;
		*type = get16(payload->p + 2);
		*payload = span_after(payload, VLAN_TAG);
	}
	if (pr->opts.link_header && tagged) {
		print_type_label(pr, *type);
		pr_out(pr, ", ");
	}
	return 0;
}

int print_ether(struct packet_printer *pr, struct span s, uint32_t *link_len)
{
	struct span payload;
	uint16_t type;
	int err;

	/* Even a cut header counts as link header for -x, as in tcpdump. */
	*link_len = ETH_HEADER;
	if (!span_has(&s, 0, ETH_HEADER))
		return print_truncated(pr, "ether");
	type = get16(s.p + 12);
	payload = span_after(&s, ETH_HEADER);
	if (pr->opts.link_header) {
		if (is_vlan(type) && !span_has(&payload, 0, VLAN_TAG)) {
			*link_len += VLAN_TAG;
			print_mac(pr, s.p + 6);
			pr_out(pr, " > ");
			print_mac(pr, s.p);
			pr_out(pr, ", ");
			return print_truncated(pr, "vlan");
		}
		print_link_header(pr, s.p, type, s.len);
	}
	if (type < ETHERTYPE_MIN)
		return print_unknown(pr, s, type, payload);
	err = print_vlan_tags(pr, &payload, &type, link_len);
	if (err)
		return err;
	err = print_ethertype(pr, type, payload);
	return err < 0 ? print_unknown(pr, s, type, payload) : err;
}
