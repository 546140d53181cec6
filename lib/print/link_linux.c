// SPDX-License-Identifier: GPL-2.0
/*
 * Linux cooked captures (the "any" device): LINKTYPE_LINUX_SLL, a 16-byte
 * header (packet type, ARPHRD type, address length, 8 address bytes,
 * protocol), and LINKTYPE_LINUX_SLL2, a 20-byte one (protocol, reserved,
 * ifindex, ARPHRD type, packet type, address length, 8 address bytes), as
 * tcpdump 4.99 prints them: v2 always names the interface (looked up on
 * this machine, as tcpdump does) and the packet type; -e adds the address
 * and the protocol. See https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html
 * and LINKTYPE_LINUX_SLL2.html.
 */
#include <net/if.h>
#include "print_internal.h"
#include "link.h"

#define SLL_HEADER 16
#define SLL2_HEADER 20
#define MAC_LEN 6
/* At or below this the protocol field is not an ethertype. */
#define MAX_LENGTH_VAL 0x5dc
#define SLL_P_802_3 0x0001
#define SLL_P_802_2 0x0004
#define VLAN_TAG 4

struct cooked {
	uint32_t header; /* bytes of cooked header */
	uint16_t protocol;
	uint8_t halen;
	const uint8_t *addr;
	uint32_t ifindex; /* v2 */
	bool v2;
};

static const char *packet_type(uint16_t type)
{
	static const char *const names[] = { "In", "B", "M", "P", "Out" };

	return type < 5 ? names[type] : "?";
}

static void print_protocol(struct packet_printer *pr, uint16_t proto)
{
	const char *name;

	if (proto > MAX_LENGTH_VAL) {
		name = ethertype_name(proto);
		pr_out(pr, "ethertype %s (0x%04x)", name ? name : "Unknown", proto);
	} else if (proto == SLL_P_802_3) {
		pr_out(pr, "802.3");
	} else if (proto == SLL_P_802_2) {
		pr_out(pr, "802.2");
	} else {
		pr_out(pr, "ethertype Unknown (0x%04x)", proto);
	}
}

/* What -e shows (and what a frame nobody decodes shows without it). */
static void print_cooked_header(struct packet_printer *pr, const struct cooked *c,
				const uint8_t *p, uint32_t len)
{
	if (c->v2)
		pr_out(pr, "ifindex %u ", c->ifindex);
	else
		pr_out(pr, "%3s ", packet_type(get16(p)));
	if (c->halen == MAC_LEN) {
		print_mac(pr, c->addr);
		pr_out(pr, " ");
	}
	if (pr->opts.quiet)
		return;
	print_protocol(pr, c->protocol);
	pr_out(pr, ", length %u: ", len);
}

static int print_undecoded(struct packet_printer *pr, const struct cooked *c, struct span s,
			   struct span payload)
{
	if (!pr->opts.link_header)
		print_cooked_header(pr, c, s.p, s.len);
	if (!pr->opts.quiet && pr->opts.hex == PRINT_HEX_NONE)
		print_hex(pr, payload.p, payload.cap, true);
	return 0;
}

/* The payload by its protocol, through 802.1Q tags. */
static int print_cooked_payload(struct packet_printer *pr, const struct cooked *c, struct span s,
				uint32_t *link_len)
{
	struct span payload = span_after(&s, c->header);
	uint16_t proto = c->protocol;
	int err;

	while (proto == 0x8100) {
		if (!span_has(&payload, 0, VLAN_TAG)) {
			*link_len += payload.cap;
			return print_truncated(pr, "vlan");
		}
		if (pr->opts.link_header) {
			uint16_t tci = get16(payload.p);

			pr_out(pr, "vlan %u, p %u%s, ", tci & 0xfff, tci >> 13,
			       tci & 0x1000 ? ", DEI" : "");
		}
		proto = get16(payload.p + 2);
		if (proto <= MAX_LENGTH_VAL)
			proto = SLL_P_802_2;
		if (!pr->opts.quiet) {
			const char *name = ethertype_name(proto);

			pr_out(pr, "ethertype %s, ", name ? name : "Unknown");
		}
		*link_len += VLAN_TAG;
		payload = span_after(&payload, VLAN_TAG);
	}
	if (proto <= MAX_LENGTH_VAL)
		return print_undecoded(pr, c, s, payload);
	err = print_ethertype(pr, proto, payload);
	return err < 0 ? print_undecoded(pr, c, s, payload) : err;
}

int print_sll(struct packet_printer *pr, struct span s, uint32_t *link_len)
{
	struct cooked c = { .header = SLL_HEADER };

	/* A cut header is dumped whole by -x, as tcpdump does. */
	*link_len = 0;
	if (!span_has(&s, 0, SLL_HEADER))
		return print_truncated(pr, "sll");
	*link_len = SLL_HEADER;
	c.halen = (uint8_t)(get16(s.p + 4) > 8 ? 8 : get16(s.p + 4));
	if (get16(s.p + 4) != MAC_LEN)
		c.halen = 0;
	c.addr = s.p + 6;
	c.protocol = get16(s.p + 14);
	if (pr->opts.link_header)
		print_cooked_header(pr, &c, s.p, s.len);
	return print_cooked_payload(pr, &c, s, link_len);
}

int print_sll2(struct packet_printer *pr, struct span s, uint32_t *link_len)
{
	struct cooked c = { .header = SLL2_HEADER, .v2 = true };
	char name[IF_NAMESIZE];

	*link_len = 0;
	if (!span_has(&s, 0, SLL2_HEADER))
		return print_truncated(pr, "sll2");
	*link_len = SLL2_HEADER;
	c.protocol = get16(s.p);
	c.ifindex = get32(s.p + 4);
	c.halen = s.p[11] == MAC_LEN ? MAC_LEN : 0;
	c.addr = s.p + 12;
	/* tcpdump names the interface as this machine knows the index. */
	if (!if_indextoname(c.ifindex, name))
		snprintf(name, sizeof(name), "?");
	pr_out(pr, "%-5s %-3s ", name, packet_type(s.p[10]));
	if (pr->opts.link_header)
		print_cooked_header(pr, &c, s.p, s.len);
	return print_cooked_payload(pr, &c, s, link_len);
}
