// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "offline.h"
#include "pcap_front.h"
#include "verify_filter.h"

/* tcpdump 4.99 compiles with netmask 0 when it reads a file: `ip
 * broadcast` then matches 0.0.0.0 and 255.255.255.255. */
#define OFFLINE_NETMASK 0

struct offline_counts {
	uint64_t read, kept, written;
};

static int add_interface(struct output *out, const struct offline_options *oo,
			 const struct pcap_source *src)
{
	struct capture_interface idb = {
		.name = oo->path,
		.description = "xdpdump -r: the records libpcap's filter kept, as read",
		.filter = oo->expression,
		.snaplen = pcap_source__snaplen(src),
		.linktype = pcap_front__file_linktype(pcap_source__linktype(src)),
		.as_read = true,
	};
	int err = output__begin(out);

	return err ? err : output__add_interface(out, &idb);
}

static int write_packet(struct output *out, int if_id, const struct pcap_source_packet *pkt,
			uint64_t n)
{
	struct xdpdump_meta meta = {
		.cap_len = pkt->caplen,
		.pkt_len = pkt->len,
		.packet_id = n,
		.point = XDPDUMP_POINT_FILE,
	};

	return output__packet(out, if_id, "file", pkt->ts_ns, &meta, pkt->data, NULL);
}

/* 0 at the end of the file or -c, 1 after a damaged record (reported),
 * -errno when the output failed (reported). */
static int read_all(struct pcap_source *src, const struct offline_options *oo,
		    struct filter_verify *v, struct output *out, int if_id,
		    struct offline_counts *c)
{
	struct pcap_source_packet pkt;
	char err_text[512];
	uint32_t verdict;
	int ret = 0;

	while ((!oo->count || c->written < oo->count) &&
	       (ret = pcap_source__next(src, &pkt, err_text, sizeof(err_text))) == 1) {
		c->read++;
		verdict = pcap_source__verdict(src, &pkt);
		if (v)
			filter_verify__packet(v, c->read, &pkt, verdict);
		if (!verdict)
			continue;
		c->kept++;
		ret = write_packet(out, if_id, &pkt, c->read);
		/* -G with -W closed its last file: done, like -c. */
		if (ret == -ECANCELED)
			return 0;
		if (ret) {
			pr_err("%s: %s\n", output__name(out), strerror(-ret));
			return ret;
		}
		c->written++;
	}
	if (oo->count && c->written >= oo->count)
		return 0;
	if (ret < 0) {
		/* libpcap's reason, and which record it was. */
		pr_err("%s: record %llu: %s\n", oo->path, (unsigned long long)c->read + 1,
		       err_text);
		return OFFLINE_INCOMPLETE;
	}
	return 0;
}

static int compile(struct pcap_source *src, const struct offline_options *oo)
{
	char err[512] = "";
	int ret;

	if (!oo->expression)
		return 0;
	ret = pcap_source__compile(src, oo->expression, OFFLINE_NETMASK, err, sizeof(err));
	if (ret)
		pr_err("filter '%s': %s\n", oo->expression, err);
	return ret;
}

static struct filter_verify *start_verify(const struct pcap_source *src,
					  const struct offline_options *oo, int *err)
{
	const struct cbpf_insn *insns;
	struct filter_verify *v;
	size_t len;

	*err = 0;
	if (!oo->verify)
		return NULL;
	insns = pcap_source__program(src, &len);
	v = filter_verify__new(oo->expression, insns, len, pcap_source__linktype(src));
	if (!v)
		*err = -errno;
	return v;
}

int offline_read(const struct offline_options *oo, struct output *out)
{
	struct offline_counts c = { 0 };
	struct filter_verify *v = NULL;
	struct pcap_source *src;
	char err_text[512];
	int err, if_id;

	src = pcap_source__open(oo->path, err_text, sizeof(err_text));
	if (!src) {
		pr_err("%s\n", err_text);
		return -EINVAL;
	}
	err = compile(src, oo);
	if (err)
		goto out;
	v = start_verify(src, oo, &err);
	if (err)
		goto out;
	if_id = add_interface(out, oo, src);
	if (if_id < 0) {
		err = if_id;
		pr_err("%s: %s\n", output__name(out), strerror(-err));
		goto out;
	}
	err = read_all(src, oo, v, out, if_id, &c);
	pr_debug("%s: %llu packets read, %llu kept by the filter, %llu written\n", oo->path,
		 (unsigned long long)c.read, (unsigned long long)c.kept,
		 (unsigned long long)c.written);
	if (v && filter_verify__report(v, oo->path) && err >= 0)
		err = OFFLINE_INCOMPLETE;
out:
	filter_verify__free(v);
	pcap_source__close(src);
	return err;
}

int offline_dump_filter(const char *path, const char *expr, FILE *out)
{
	const struct cbpf_insn *insns;
	struct pcap_source *src;
	char err_text[512];
	size_t len;
	int err;

	src = pcap_source__open(path, err_text, sizeof(err_text));
	if (!src) {
		pr_err("%s\n", err_text);
		return -EINVAL;
	}
	err = pcap_source__compile(src, expr, OFFLINE_NETMASK, err_text, sizeof(err_text));
	if (err) {
		pr_err("filter '%s': %s\n", expr, err_text);
	} else {
		insns = pcap_source__program(src, &len);
		pcap_front__dump(out, insns, len);
	}
	pcap_source__close(src);
	return err;
}
