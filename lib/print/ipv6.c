// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 (RFC 8200): "IP6", with -v the header fields, the extension
 * headers in order (hop-by-hop with the jumbo payload option of RFC 2675,
 * destination options, routing types 0, 2 and 4, fragment), then the upper
 * layer. Where the capture ends between two headers the line just ends, as
 * tcpdump's does.
 */
#include <string.h>
#include "print_internal.h"

#define IPV6_HEADER 40
#define NH_HOPOPTS 0
#define NH_TCP 6
#define NH_UDP 17
#define NH_DCCP 33
#define NH_ROUTING 43
#define NH_FRAGMENT 44
#define NH_DSTOPTS 60
#define NH_SCTP 132
#define FRAG_HEADER 8

/* What the walk over the extension headers has found so far. */
struct ipv6_walk {
	struct ip_info ip;
	uint32_t payload_len; /* the header's, or a valid jumbo option's */
	bool found_extension, found_jumbo;
};

/* RFC 8200 4.2 options. Checked always, shown with -v; a malformed one
 * ends the line with " [|proto]". */
static int print_options(struct packet_printer *pr, const uint8_t *o, uint32_t len,
			 struct ipv6_walk *w, bool hop_by_hop, const char *proto)
{
	bool v = pr->opts.verbose;
	uint32_t optlen;

	for (uint32_t i = 0; i < len; i += optlen) {
		uint8_t type = o[i];

		if (type == 0) {
			optlen = 1;
		} else if (i + 1 < len) {
			optlen = o[i + 1] + 2u;
		} else {
			return print_truncated(pr, proto);
		}
		if (i + optlen > len)
			return print_truncated(pr, proto);
		if (type == 0) {
			if (v)
				pr_out(pr, "(pad1)");
		} else if (type == 1) {
			if (v)
				pr_out(pr, "(padn)");
		} else if (type == 5) {
			if (optlen != 4) {
				pr_out(pr, "(rtalert: invalid len %u)", o[i + 1]);
				return print_truncated(pr, proto);
			}
			if (v)
				pr_out(pr, "(rtalert: 0x%04x) ", get16(o + i + 2));
		} else if (type == 0xc2) {
			uint32_t jumbo;

			if (optlen != 6) {
				pr_out(pr, "(jumbo: invalid len %u)", o[i + 1]);
				return print_truncated(pr, proto);
			}
			jumbo = get32(o + i + 2);
			/* RFC 2675: only in hop-by-hop, only with a zero payload
			 * length, only for 64 KiB and more. */
			if (w->found_jumbo || !hop_by_hop || w->payload_len || jumbo < 65536) {
				if (v)
					pr_out(pr, "(jumbo: %u - %s) ", jumbo,
					       w->found_jumbo ? "already seen" :
					       !hop_by_hop    ? "not a hop-by-hop option" :
					       w->payload_len ? "payload len != 0" :
								"< 65536");
			} else {
				w->found_jumbo = true;
				w->payload_len = jumbo;
				if (v)
					pr_out(pr, "(jumbo: %u) ", jumbo);
			}
		} else if (v) {
			pr_out(pr, "(opt_type 0x%02x: len=%u)", type, o[i + 1]);
		}
	}
	if (v && len)
		pr_out(pr, " ");
	return 0;
}

/* Hop-by-hop and destination options: the whole header must be captured. */
static int print_options_header(struct packet_printer *pr, struct span h, uint32_t *advance,
				struct ipv6_walk *w, bool hop_by_hop)
{
	const char *proto = hop_by_hop ? "hbhopt" : "dstopt";

	if (!span_has(&h, 1, 1))
		return print_truncated_deep(pr, proto);
	*advance = (h.p[1] + 1u) * 8;
	if (!span_has(&h, 0, *advance))
		return print_truncated(pr, proto);
	pr_out(pr, "%s ", hop_by_hop ? "HBH" : "DSTOPT");
	if (!hop_by_hop && !pr->opts.verbose)
		return 0;
	return print_options(pr, h.p + 2, *advance - 2, w, hop_by_hop, proto);
}

/* Routing types 0 (RFC 2460, deprecated by RFC 5095) and 2 (RFC 6275)
 * list addresses, type 4 (RFC 8754) segments. The transport checksum
 * covers the final destination: as tcpdump takes it, from the first
 * routing header only, the last address of types 0 and 2 (whatever is
 * left of the route) or the first segment of type 4. */
static int print_routing(struct packet_printer *pr, struct span h, uint32_t *advance,
			 struct ip_info *ip)
{
	uint8_t type, len;
	uint32_t first, naddr;
	char text[46];

	/* Nothing of it: tcpdump's IPv6 walk notices. Some of it: field by
	 * field, as far as the capture goes. */
	if (!span_has(&h, 0, 1))
		return print_truncated(pr, "ip6");
	pr_out(pr, "RT6");
	if (!span_has(&h, 1, 1))
		return print_truncated_deep(pr, "rt6");
	len = h.p[1];
	pr_out(pr, " (len=%u", len);
	if (!span_has(&h, 2, 1))
		return print_truncated_deep(pr, "rt6");
	type = h.p[2];
	pr_out(pr, ", type=%u%s", type, type == 0 ? " [Deprecated]" : "");
	if (!span_has(&h, 3, 1))
		return print_truncated_deep(pr, "rt6");
	pr_out(pr, ", segleft=%u", h.p[3]);
	if (type == 0 || type == 2) {
		if (!span_has(&h, 4, 4))
			return print_truncated_deep(pr, "rt6");
		if (get32(h.p + 4) || pr->opts.verbose)
			pr_out(pr, ", rsv=0x%x", get32(h.p + 4));
	} else if (type == 4) {
		if (!span_has(&h, 4, 4))
			return print_truncated_deep(pr, "rt6");
		pr_out(pr, ", last-entry=%u", h.p[4]);
		if (h.p[5] || pr->opts.verbose)
			pr_out(pr, ", flags=0x%x", h.p[5]);
		pr_out(pr, ", tag=%x", get16(h.p + 6));
	} else {
		pr_out(pr, " (unknown type) (invalid)");
		return PRINT_STOP;
	}
	if (len % 2) {
		pr_out(pr, " (invalid length %u) (invalid)", len);
		return PRINT_STOP;
	}
	first = 8;
	naddr = len / 2;
	for (uint32_t i = 0; i < naddr; i++) {
		if (!span_has(&h, first + i * 16, 16))
			return print_truncated_deep(pr, "rt6");
		format_ip(6, h.p + first + i * 16, text, sizeof(text));
		pr_out(pr, ", [%u]%s", i, text);
	}
	if (!ip->routed && naddr)
		memcpy(ip->final_dst, h.p + first + (type == 4 ? 0 : naddr - 1) * 16, 16);
	ip->routed = true;
	pr_out(pr, ") ");
	*advance = (len + 1u) * 8;
	return 0;
}

/* "frag (offset|bytes after this header)"; a later fragment ends the line. */
static int print_fragment(struct packet_printer *pr, struct span h, uint32_t rest,
			  uint32_t *advance)
{
	uint16_t offset;

	/* The identification is read only to be shown, at -v. */
	if (!span_has(&h, 0, pr->opts.verbose ? FRAG_HEADER : 4))
		return print_truncated_deep(pr, "frag6");
	offset = get16(h.p + 2) & 0xfff8;
	pr_out(pr, "frag (");
	if (pr->opts.verbose)
		pr_out(pr, "0x%08x:", get32(h.p + 4));
	pr_out(pr, "%u|%u)", offset, rest);
	if (offset)
		return PRINT_STOP;
	pr_out(pr, " ");
	*advance = FRAG_HEADER;
	/* Nothing after the header captured: the line ends here. */
	return h.cap <= FRAG_HEADER ? PRINT_STOP : 0;
}

static void print_details(struct packet_printer *pr, const uint8_t *h)
{
	uint32_t first = get32(h);
	uint8_t tclass = first >> 20 & 0xff;
	uint32_t flow = first & 0xfffff;

	pr_out(pr, "(");
	if (tclass)
		pr_out(pr, "class 0x%02x, ", tclass);
	if (flow)
		pr_out(pr, "flowlabel 0x%05x, ", flow);
	pr_out(pr, "hlim %u, next-header %s (%u) payload length: %u) ", h[7], ip_proto_name(h[6]),
	       h[6], get16(h + 4));
}

/* The upper layer, with the length the header (or the jumbo option) gives. */
static int print_upper(struct packet_printer *pr, struct ipv6_walk *w, struct span s,
		       uint32_t consumed, uint32_t wire)
{
	uint32_t len;

	if (w->found_jumbo) {
		len = w->payload_len + IPV6_HEADER;
		if (len < consumed)
			return print_truncated(pr, "ip6");
		if (wire < len)
			pr_out(pr, "truncated-ip6 - %u bytes missing!", len - wire);
		s.len = len - consumed;
	} else if (!w->payload_len) {
		if (w->found_extension)
			return print_truncated(pr, "ip6");
		s.len = 0;
		s.cap = 0;
	}
	return print_ip_payload(pr, &w->ip, s);
}

int print_ipv6(struct packet_printer *pr, struct span s)
{
	struct ipv6_walk w;
	uint32_t len, consumed = IPV6_HEADER, wire = s.len, advance = 0;
	uint8_t nh;
	int err = 0;

	if (!span_has(&s, 0, IPV6_HEADER))
		return print_truncated(pr, "ip6");
	if (!pr->opts.link_header)
		pr_out(pr, "IP6 ");
	if ((s.p[0] >> 4) != 6) {
		pr_out(pr, "version error: %u != 6", s.p[0] >> 4);
		return PRINT_STOP;
	}
	memset(&w, 0, sizeof(w));
	ip_info_init(&w.ip, 6, s.p + 8, s.p + 24, s.p[6]);
	w.payload_len = get16(s.p + 4);
	/* A zero payload length means a jumbogram (RFC 2675), whose length a
	 * hop-by-hop option gives; until then, all that was captured. */
	len = w.payload_len ? w.payload_len + IPV6_HEADER : wire + IPV6_HEADER;
	if (w.payload_len && wire < len)
		pr_out(pr, "truncated-ip6 - %u bytes missing!", len - wire);
	if (pr->opts.verbose)
		print_details(pr, s.p);
	nh = s.p[6];
	s = span_after(&s, IPV6_HEADER);
	s.len = len - IPV6_HEADER;
	if (s.cap > s.len)
		s.cap = s.len;
	if (nh != NH_TCP && nh != NH_UDP && nh != NH_DCCP && nh != NH_SCTP)
		print_endpoints(pr, &w.ip);
	for (;;) {
		if (nh == NH_HOPOPTS) {
			if (w.found_extension) {
				pr_out(pr,
				       "[The Hop-by-Hop Options header don't follow the IPv6 header] (invalid)");
				return PRINT_STOP;
			}
			err = print_options_header(pr, s, &advance, &w, true);
			if (!err && !w.payload_len && !w.found_jumbo) {
				pr_out(pr,
				       "[No valid Jumbo Payload Hop-by-Hop option found] (invalid)");
				return PRINT_STOP;
			}
		} else if (nh == NH_DSTOPTS) {
			err = print_options_header(pr, s, &advance, &w, false);
		} else if (nh == NH_ROUTING) {
			err = print_routing(pr, s, &advance, &w.ip);
		} else if (nh == NH_FRAGMENT) {
			err = print_fragment(pr, s,
					     w.payload_len + IPV6_HEADER - consumed - FRAG_HEADER,
					     &advance);
			w.ip.fragmented = true;
		} else {
			w.ip.proto = nh;
			return print_upper(pr, &w, s, consumed, wire);
		}
		if (err)
			return err;
		w.found_extension = true;
		w.ip.direct = false;
		nh = s.p[0];
		if (s.len < advance)
			return print_truncated(pr, "ip6");
		consumed += advance;
		/* The next header may lie past the capture: then its printer
		 * finds nothing and says so. */
		s = span_after(&s, advance);
	}
}
