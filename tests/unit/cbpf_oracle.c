// SPDX-License-Identifier: GPL-2.0
/* libpcap as the reference for the cBPF translator tests; see cbpf_oracle.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "cbpf_oracle.h"

_Static_assert(sizeof(struct cbpf_insn) == sizeof(struct bpf_insn), "cbpf_insn layout");
_Static_assert(offsetof(struct cbpf_insn, k) == offsetof(struct bpf_insn, k), "cbpf_insn layout");

static const struct bpf_insn *as_pcap(const struct cbpf_insn *prog)
{
	return (const struct bpf_insn *)prog;
}

int oracle_compile(const char *expr, struct cbpf_insn **prog, size_t *len, char *err,
		   size_t err_size)
{
	struct bpf_program bp;
	pcap_t *p;
	int ret = -1;

	p = pcap_open_dead(DLT_EN10MB, ORACLE_SNAPLEN);
	if (!p) {
		snprintf(err, err_size, "pcap_open_dead failed");
		return -1;
	}
	if (pcap_compile(p, &bp, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(err, err_size, "%s", pcap_geterr(p));
		goto out;
	}
	*prog = malloc(bp.bf_len * sizeof(**prog));
	if (*prog) {
		memcpy(*prog, bp.bf_insns, bp.bf_len * sizeof(**prog));
		*len = bp.bf_len;
		ret = 0;
	} else {
		snprintf(err, err_size, "out of memory");
	}
	pcap_freecode(&bp);
out:
	pcap_close(p);
	return ret;
}

unsigned int oracle_offline_filter(const struct cbpf_insn *prog, size_t n, const uint8_t *pkt,
				   size_t len)
{
	struct bpf_program bp = { .bf_len = (u_int)n,
				  .bf_insns = (struct bpf_insn *)as_pcap(prog) };
	struct pcap_pkthdr hdr = { .caplen = (bpf_u_int32)len, .len = (bpf_u_int32)len };

	return (unsigned int)pcap_offline_filter(&bp, &hdr, pkt);
}

unsigned int oracle_interpret(const struct cbpf_insn *prog, const uint8_t *pkt,
			      unsigned int wirelen, unsigned int buflen)
{
	return bpf_filter(as_pcap(prog), pkt, wirelen, buflen);
}

int oracle_validate(const struct cbpf_insn *prog, size_t n)
{
	return bpf_validate(as_pcap(prog), (int)n);
}

void oracle_print(const struct cbpf_insn *prog, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("    %s\n", bpf_image(as_pcap(prog) + i, (int)i));
}
