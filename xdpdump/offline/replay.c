// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "capture.skel.h"
#include "attach/frags_probe.h"
#include "log.h"
#include "pcap_front.h"
#include "capture/perf_ring.h"
#include "replay.h"

/* The one sample a test run of one packet can produce. */
struct replay_sample {
	bool present;
	struct xdpdump_meta meta;
	unsigned char data[XDPDUMP_DEFAULT_SNAPLEN];
};

struct replay_counts {
	uint64_t read, ran, accepted, written, too_short, over_limit;
};

static enum bpf_perf_event_ret on_event(void *ctx, int cpu, struct perf_event_header *event)
{
	const struct ring_sample *raw = (const void *)event;
	struct replay_sample *s = ctx;

	(void)cpu;
	if (event->type != PERF_RECORD_SAMPLE || raw->size < sizeof(s->meta))
		return LIBBPF_PERF_EVENT_CONT;
	memcpy(&s->meta, raw->data, sizeof(s->meta));
	if (s->meta.cap_len > raw->size - sizeof(s->meta) || s->meta.cap_len > sizeof(s->data))
		return LIBBPF_PERF_EVENT_CONT;
	memcpy(s->data, raw->data + sizeof(s->meta), s->meta.cap_len);
	s->present = true;
	return LIBBPF_PERF_EVENT_CONT;
}

/* We read the ring right after each run, so the kernel never needs to wake
 * us: a wakeup per sample would cost more than the run itself. */
static struct perf_buffer *open_ring(struct capture_bpf *skel, struct replay_sample *sample)
{
	struct perf_event_attr attr;

	/* The kernel compares wakeup_events as an int: stay positive. */
	perf_ring__attr(&attr, 1u << 30, 0);
	return perf_buffer__new_raw(bpf_map__fd(skel->maps.events), 64, &attr, on_event, sample,
				    NULL);
}

static struct capture_bpf *load_program(uint32_t snaplen)
{
	struct capture_bpf *skel = capture_bpf__open();
	int err;

	if (!skel)
		return NULL;
	skel->rodata->snaplen = snaplen;
	/* A saved file has no user program to come back from. */
	bpf_program__set_autoload(skel->progs.xdpdump_at_exit, false);
	/* Frames larger than a page arrive as multi-buffer in a test run,
	 * and only a frags-aware program may see them. */
	if (frags_probe__kernel_supports())
		bpf_program__set_flags(skel->progs.xdpdump_capture, BPF_F_XDP_HAS_FRAGS);
	err = capture_bpf__load(skel);
	if (err) {
		capture_bpf__destroy(skel);
		errno = -err;
		return NULL;
	}
	return skel;
}

/* One interface for all the files of a -V list: they are all Ethernet,
 * run through the same program. */
static int add_interface(struct output *out, struct replay_options *ro,
			 const struct capture_filter *filter)
{
	struct capture_interface idb = {
		.name = ro->if_name ? ro->if_name : ro->path,
		.description =
			"xdpdump -r: packets the capture program kept, via BPF_PROG_TEST_RUN",
		.filter = filter->expression,
		.snaplen = ro->snaplen,
		.linktype = 1, /* DLT_EN10MB */
	};
	int err;

	if (ro->if_id >= 0)
		return ro->if_id;
	err = output__begin(out);
	ro->if_id = err ? err : output__add_interface(out, &idb);
	return ro->if_id;
}

/* Run one packet; a kept packet is written with its file time, its
 * original length and its position in the file as packet id. */
static int run_one(int prog_fd, struct perf_buffer *pb, struct replay_sample *sample,
		   const struct pcap_source_packet *pkt, struct output *out, int if_id,
		   struct replay_counts *c)
{
	/* A record claiming more bytes than its length: the frame is len. */
	uint32_t frame = pkt->caplen < pkt->len ? pkt->caplen : pkt->len;
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt->data, .data_size_in = frame,
		    .repeat = 1);
	struct xdpdump_meta meta;
	int err;

	sample->present = false;
	/* A frame over the kernel's test-run limit is counted, not fatal. */
	if (bpf_prog_test_run_opts(prog_fd, &topts)) {
		c->over_limit++;
		return 0;
	}
	c->ran++;
	err = perf_buffer__consume(pb);
	if (err < 0)
		return err;
	if (!sample->present)
		return 0;
	c->accepted++;
	meta = sample->meta;
	meta.pkt_len = pkt->len;
	meta.packet_id = c->read;
	err = output__packet(out, if_id, "replay", pkt->ts_ns, &meta, sample->data, NULL);
	if (!err)
		c->written++;
	return err;
}

static int replay_packets(struct pcap_source *src, int prog_fd, struct perf_buffer *pb,
			  struct replay_sample *sample, const struct replay_options *ro,
			  struct output *out, int if_id, struct replay_counts *c)
{
	struct pcap_source_packet pkt;
	char err_text[256];
	int ret = 0;

	while ((!ro->count || ro->written + c->written < ro->count) &&
	       (ret = pcap_source__next(src, &pkt, err_text, sizeof(err_text))) == 1) {
		c->read++;
		/* The kernel's test run refuses frames without an Ethernet
		 * header; so would any NIC. */
		if (pkt.caplen < ETH_HLEN || pkt.len < ETH_HLEN) {
			c->too_short++;
			continue;
		}
		ret = run_one(prog_fd, pb, sample, &pkt, out, if_id, c);
		/* -G with -W closed its last file: done, like -c. */
		if (ret == -ECANCELED)
			return 0;
		if (ret) {
			pr_err("%s: packet %llu (%u bytes): %s\n", ro->path,
			       (unsigned long long)c->read, pkt.caplen, strerror(-ret));
			return ret;
		}
	}
	if (ret < 0)
		pr_err("%s: %s\n", ro->path, err_text);
	return ret < 0 ? ret : 0;
}

int replay_file(struct replay_options *ro, const struct capture_filter *filter,
		struct output *out)
{
	struct replay_counts c = { 0 };
	struct replay_sample *sample = NULL;
	struct perf_buffer *pb = NULL;
	struct capture_bpf *skel = NULL;
	struct pcap_source *src;
	char err_text[512];
	int err, if_id;

	src = pcap_source__open(ro->path, err_text, sizeof(err_text));
	if (!src) {
		pr_err("%s\n", err_text);
		return -EINVAL;
	}
	if (pcap_source__linktype(src) != 1 /* DLT_EN10MB */) {
		pr_err("%s: link type %s: --kernel-filter runs Ethernet frames only, as XDP sees them\n",
		       ro->path, pcap_source__linktype_name(src));
		pcap_source__close(src);
		return -EINVAL;
	}
	sample = malloc(sizeof(*sample));
	skel = load_program(ro->snaplen);
	if (!sample || !skel) {
		err = -errno;
		capture_filter__report_load_failure(ro->path, err);
		goto out;
	}
	pb = open_ring(skel, sample);
	if (!pb) {
		err = -errno;
		pr_err("cannot open the perf rings: %s\n", strerror(-err));
		goto out;
	}
	if_id = add_interface(out, ro, filter);
	if (if_id < 0) {
		err = if_id;
		pr_err("%s: %s\n", output__name(out), strerror(-err));
		goto out;
	}
	err = replay_packets(src, bpf_program__fd(skel->progs.xdpdump_capture), pb, sample, ro,
			     out, if_id, &c);
	ro->written += c.written;
	snprintf(
		err_text, sizeof(err_text),
		"; not run: %llu shorter than an Ethernet header, %llu over the kernel's test-run limit",
		(unsigned long long)c.too_short, (unsigned long long)c.over_limit);
	pr_info("%s: %llu packets read, %llu run, %llu kept by the capture program, %llu written%s\n",
		ro->path, (unsigned long long)c.read, (unsigned long long)c.ran,
		(unsigned long long)c.accepted, (unsigned long long)c.written,
		c.too_short || c.over_limit ? err_text : "");
out:
	perf_buffer__free(pb);
	capture_bpf__destroy(skel);
	free(sample);
	pcap_source__close(src);
	return err;
}
