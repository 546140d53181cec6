/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -y and -L: the link types xdpdump can capture. An XDP program sees the
 * frame as the driver hands it over, which for every interface xdpdump
 * attaches to is an Ethernet frame: EN10MB is the one link type there is.
 */
#ifndef XDPDUMP_LINKTYPE_H
#define XDPDUMP_LINKTYPE_H

#include <stdio.h>

/* -y NAME: 0 for EN10MB (by any name libpcap knows it by), or -EINVAL
 * with one line on stderr saying why NAME cannot be used. */
int linktype__check(const char *name);

/* -L: tcpdump's list for each interface; 0, or -ENODEV with one line on
 * stderr for an interface that does not exist. */
int linktype__list(FILE *out, char *const *ifnames, unsigned int nr_ifnames);

#endif /* XDPDUMP_LINKTYPE_H */
