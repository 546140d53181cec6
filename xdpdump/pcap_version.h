/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPDUMP_PCAP_VERSION_H
#define XDPDUMP_PCAP_VERSION_H

/* libpcap's own version text, e.g. "libpcap version 1.10.3 (...)". */
const char *pcap_version_string(void);

#endif /* XDPDUMP_PCAP_VERSION_H */
