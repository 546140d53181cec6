// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>
#include "pcap_front.h"

/* struct cbpf_insn is declared to match libpcap's struct bpf_insn; the
 * compiler checks what it can. */
_Static_assert(sizeof(struct cbpf_insn) == sizeof(struct bpf_insn), "cBPF layout");

int pcap_front__compile(const char *expr, uint32_t snaplen, uint32_t netmask,
			struct cbpf_insn **out, size_t *len, char *err, size_t err_size)
{
	struct bpf_program prog;
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, (int)snaplen);
	int ret = 0;

	if (!dead) {
		snprintf(err, err_size, "libpcap: cannot create a compile handle");
		return -ENOMEM;
	}
	if (pcap_compile(dead, &prog, expr, 1,
			 netmask == FILTER_NETMASK_UNKNOWN ? PCAP_NETMASK_UNKNOWN : netmask)) {
		snprintf(err, err_size, "%s", pcap_geterr(dead));
		pcap_close(dead);
		return -EINVAL;
	}
	*out = calloc(prog.bf_len ? prog.bf_len : 1, sizeof(**out));
	if (*out) {
		memcpy(*out, prog.bf_insns, prog.bf_len * sizeof(**out));
		*len = prog.bf_len;
	} else {
		ret = -ENOMEM;
	}
	pcap_freecode(&prog);
	pcap_close(dead);
	return ret;
}

void pcap_front__dump(FILE *out, const struct cbpf_insn *insns, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fprintf(out, "%s\n", bpf_image((const struct bpf_insn *)&insns[i], (int)i));
}

struct pcap_source {
	pcap_t *handle;
	int nsec; /* timestamps in ns (pcapng, nanosecond pcap) or us */
	uint64_t packets; /* returned so far, to name a bad one */
	struct bpf_program prog; /* pcap_source__compile()'s */
	bool has_prog;
};

struct pcap_source *pcap_source__open(const char *path, char *err, size_t err_size)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_source *src = calloc(1, sizeof(*src));

	if (!src) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	/* Ask for nanoseconds; libpcap scales microsecond files up. */
	src->handle =
		pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!src->handle) {
		snprintf(err, err_size, "%s", errbuf);
		free(src);
		return NULL;
	}
	src->nsec = pcap_get_tstamp_precision(src->handle) == PCAP_TSTAMP_PRECISION_NANO;
	return src;
}

/*
 * Nanoseconds since 1970 in 64 bits end in 2554; a pcapng time with a
 * coarse resolution can lie beyond that. Classic pcap stores seconds as
 * unsigned 32 bits, which libpcap 1.10 reads as signed: 2038 to 2106 come
 * out negative, and are taken back as unsigned. tcpdump reads a record
 * whatever its time says, and so do we: a fraction out of its range is
 * folded into the seconds, and a time before 1970 or past 2554 becomes the
 * nearest one that fits (-ERANGE tells the caller, who keeps the record).
 */
static int time_ns(const struct timeval *ts, int nsec, uint64_t *ns)
{
	const int64_t giga = 1000000000;
	int64_t sec = ts->tv_sec, frac = (int64_t)ts->tv_usec * (nsec ? 1 : 1000);

	if (sec < 0 && sec >= INT32_MIN)
		sec = (uint32_t)sec;
	sec += frac / giga;
	frac %= giga;
	if (frac < 0) {
		frac += giga;
		sec--;
	}
	if (sec < 0) {
		*ns = 0;
		return -ERANGE;
	}
	if ((uint64_t)sec > (UINT64_MAX - (uint64_t)frac) / (uint64_t)giga) {
		*ns = UINT64_MAX;
		return -ERANGE;
	}
	*ns = (uint64_t)sec * (uint64_t)giga + (uint64_t)frac;
	return 0;
}

int pcap_source__next(struct pcap_source *src, struct pcap_source_packet *pkt, char *err,
		      size_t err_size)
{
	struct pcap_pkthdr *hdr;
	const u_char *data;
	int ret = pcap_next_ex(src->handle, &hdr, &data);

	if (ret == PCAP_ERROR_BREAK)
		return 0;
	if (ret != 1) {
		snprintf(err, err_size, "%s", pcap_geterr(src->handle));
		return -EIO;
	}
	src->packets++;
	/* A record whose captured length is above its length is passed on as
	 * libpcap reads it: tcpdump filters and writes it so too. */
	time_ns(&hdr->ts, src->nsec, &pkt->ts_ns);
	pkt->data = data;
	pkt->caplen = hdr->caplen;
	pkt->len = hdr->len;
	return 1;
}

void pcap_source__close(struct pcap_source *src)
{
	if (!src)
		return;
	if (src->has_prog)
		pcap_freecode(&src->prog);
	pcap_close(src->handle);
	free(src);
}

const char *pcap_front__version(void)
{
	return pcap_lib_version();
}

int pcap_source__linktype(const struct pcap_source *src)
{
	return pcap_datalink(src->handle);
}

const char *pcap_source__linktype_name(const struct pcap_source *src)
{
	return pcap_datalink_val_to_name(pcap_datalink(src->handle)) ?: "unknown";
}

uint32_t pcap_source__snaplen(const struct pcap_source *src)
{
	int snap = pcap_snapshot(src->handle);

	return snap > 0 ? (uint32_t)snap : 0;
}

/*
 * libpcap numbers a few link types differently in its API (DLT_*) and in
 * files (LINKTYPE_*), where the DLT value is platform specific; everything
 * else is the same number in both.
 */
uint16_t pcap_front__file_linktype(int dlt)
{
	switch (dlt) {
	case DLT_ATM_RFC1483:
		return 100;
	case DLT_RAW:
		return 101;
	case DLT_SLIP_BSDOS:
		return 102;
	case DLT_PPP_BSDOS:
		return 103;
	default:
		return (uint16_t)dlt;
	}
}

int pcap_source__compile(struct pcap_source *src, const char *expr, uint32_t netmask, char *err,
			 size_t err_size)
{
	if (src->has_prog) {
		pcap_freecode(&src->prog);
		src->has_prog = false;
	}
	if (pcap_compile(src->handle, &src->prog, expr, 1,
			 netmask == FILTER_NETMASK_UNKNOWN ? PCAP_NETMASK_UNKNOWN : netmask)) {
		snprintf(err, err_size, "%s", pcap_geterr(src->handle));
		return -EINVAL;
	}
	src->has_prog = true;
	return 0;
}

const struct cbpf_insn *pcap_source__program(const struct pcap_source *src, size_t *len)
{
	*len = src->has_prog ? src->prog.bf_len : 0;
	return src->has_prog ? (const struct cbpf_insn *)src->prog.bf_insns : NULL;
}

uint32_t pcap_source__verdict(const struct pcap_source *src, const struct pcap_source_packet *pkt)
{
	if (!src->has_prog)
		return 1;
	return bpf_filter(src->prog.bf_insns, pkt->data, pkt->len, pkt->caplen);
}

uint32_t pcap_front__run(const struct cbpf_insn *insns, const uint8_t *data, uint32_t wirelen,
			 uint32_t buflen)
{
	return bpf_filter((const struct bpf_insn *)insns, data, wirelen, buflen);
}
