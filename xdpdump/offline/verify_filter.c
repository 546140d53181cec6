// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include "attach/frags_probe.h"
#include "log.h"
#include "verify_filter.h"

/* libpcap's DLT_EN10MB; pcap headers stay out of this file. */
#define DLT_ETHERNET 1
/* The longest frame a record can describe (libpcap's largest snaplen). */
#define FRAME_MAX (256u * 1024)

struct filter_verify {
	const struct cbpf_insn *cbpf;
	size_t cbpf_len;
	int prog_fd; /* -1: not Ethernet, nothing runs */
	uint8_t *frame; /* the packet as a live capture would see it */
	uint64_t compared, disagreed, short_frames, over_limit, not_ethernet;
	uint64_t cut_matters; /* verdict on the record != verdict on the frame */
	int limit_errno; /* what the kernel said about the first too big */
	uint32_t smallest_over; /* the shortest frame it refused */
};

/*
 * The translation is one function ending in exit with the verdict in r0,
 * its entry taking the context in r1: as it stands, a whole XDP program
 * whose return value is the verdict. A frame longer than a page arrives
 * in fragments, which the program reads only when loaded to accept them,
 * as the capture program is.
 */
static int load_program(const struct bpf_insn *insns, size_t n)
{
	char *log = NULL;
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	int fd;

	if (frags_probe__kernel_supports())
		opts.prog_flags = BPF_F_XDP_HAS_FRAGS;
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "xdpdump_verify", "GPL", insns, n, &opts);
	if (fd >= 0 || log_get_level() < LOG_DEBUG)
		return fd < 0 ? -errno : fd;
	/* Again, to show the verifier's reasons with -v. */
	log = calloc(1, 1 << 20);
	if (log) {
		opts.log_buf = log;
		opts.log_size = 1 << 20;
		opts.log_level = 1;
		fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "xdpdump_verify", "GPL", insns, n, &opts);
		pr_debug("%s\n", log);
	}
	free(log);
	return fd < 0 ? -errno : fd;
}

static int translate_and_load(struct filter_verify *v, const char *expr)
{
	struct bpf_insn *ebpf = NULL;
	char err[512] = "";
	size_t n = 0;
	int ret;

	ret = cbpf_xlate(v->cbpf, v->cbpf_len, NULL, &ebpf, &n, err, sizeof(err));
	if (ret) {
		pr_err("filter '%s' cannot run at XDP: %s\n", expr, err);
		return ret;
	}
	ret = load_program(ebpf, n);
	free(ebpf);
	if (ret == -EPERM) {
		pr_err("--verify-filter: loading the filter into the kernel needs CAP_BPF (or root): %s\n",
		       strerror(-ret));
		return ret;
	}
	if (ret < 0) {
		pr_err("filter '%s': the kernel refused its translation: %s (-v shows why)\n",
		       expr, strerror(-ret));
		return ret;
	}
	v->prog_fd = ret;
	return 0;
}

struct filter_verify *filter_verify__new(const char *expr, const struct cbpf_insn *insns,
					 size_t len, int dlt)
{
	struct filter_verify *v = calloc(1, sizeof(*v));
	int err = 0;

	if (!v)
		return NULL;
	v->cbpf = insns;
	v->cbpf_len = len;
	v->prog_fd = -1;
	v->frame = calloc(1, FRAME_MAX);
	if (!v->frame)
		err = -ENOMEM;
	else if (dlt == DLT_ETHERNET)
		err = translate_and_load(v, expr);
	if (err) {
		filter_verify__free(v);
		errno = -err;
		return NULL;
	}
	return v;
}

/* The kernel's verdict on the frame's first len bytes, or -errno when it
 * cannot run them. */
static int64_t kernel_verdict(struct filter_verify *v, uint32_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = v->frame, .data_size_in = len,
		    .repeat = 1);

	if (bpf_prog_test_run_opts(v->prog_fd, &topts))
		return -errno;
	return topts.retval;
}

static void count_over_limit(struct filter_verify *v, uint32_t len, int err)
{
	if (!v->over_limit || len < v->smallest_over) {
		v->smallest_over = len;
		v->limit_errno = err;
	}
	v->over_limit++;
}

static const char *said(uint32_t verdict)
{
	return verdict ? "keeps" : "rejects";
}

void filter_verify__packet(struct filter_verify *v, uint64_t n,
			   const struct pcap_source_packet *pkt, uint32_t file_verdict)
{
	uint32_t len = pkt->len < FRAME_MAX ? pkt->len : FRAME_MAX;
	uint32_t have = pkt->caplen < len ? pkt->caplen : len;
	uint32_t ref;
	int64_t got;

	if (v->prog_fd < 0) {
		v->not_ethernet++;
		return;
	}
	if (len < ETH_HLEN) {
		v->short_frames++;
		return;
	}
	/* A live capture sees the whole frame; the bytes the file did not
	 * keep are zeros here, for both. */
	memcpy(v->frame, pkt->data, have);
	memset(v->frame + have, 0, len - have);
	got = kernel_verdict(v, len);
	if (got < 0) {
		count_over_limit(v, len, (int)-got);
		return;
	}
	ref = pcap_front__run(v->cbpf, v->frame, len, len);
	v->compared++;
	if (!ref != !file_verdict)
		v->cut_matters++;
	if ((uint32_t)got == ref)
		return;
	v->disagreed++;
	pr_err("packet %llu (%u bytes): libpcap %s it (%u), the kernel's translation %s it (%u)\n",
	       (unsigned long long)n, len, said(ref), ref, said((uint32_t)got), (uint32_t)got);
}

uint64_t filter_verify__report(const struct filter_verify *v, const char *path)
{
	pr_info("%s: --verify-filter: %llu packets compared, %llu disagreements\n", path,
		(unsigned long long)v->compared, (unsigned long long)v->disagreed);
	if (v->not_ethernet)
		pr_info("%s: %llu packets not run: not Ethernet frames, which is all XDP sees\n",
			path, (unsigned long long)v->not_ethernet);
	if (v->short_frames)
		pr_info("%s: %llu packets not run: shorter than an Ethernet header\n", path,
			(unsigned long long)v->short_frames);
	if (v->over_limit)
		pr_info("%s: %llu packets not run: over the kernel's test-run limit (%u bytes and up: %s)\n",
			path, (unsigned long long)v->over_limit, v->smallest_over,
			strerror(v->limit_errno));
	if (v->cut_matters)
		pr_info("%s: %llu packets decided differently on the bytes the file holds than on the whole frame\n",
			path, (unsigned long long)v->cut_matters);
	return v->disagreed;
}

void filter_verify__free(struct filter_verify *v)
{
	if (!v)
		return;
	if (v->prog_fd >= 0)
		close(v->prog_fd);
	free(v->frame);
	free(v);
}
