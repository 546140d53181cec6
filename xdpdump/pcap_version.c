// SPDX-License-Identifier: GPL-2.0
/*
 * libpcap's <pcap/bpf.h> and the kernel's <linux/bpf.h> both define struct
 * bpf_insn, so no file may include both: everything that needs libpcap
 * goes through small wrappers in files that include only it.
 */
#include <pcap/pcap.h>
#include "pcap_version.h"

const char *pcap_version_string(void)
{
	return pcap_lib_version();
}
