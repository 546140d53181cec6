/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture points in other network namespaces: -i NETNS/IF, NETNS as
 * `ip netns` names it (/run/netns/NETNS). The capture program, its maps and
 * rings belong to no namespace; what does is the interface: its index, the
 * netlink requests that attach, query and detach, and recovery. Each of
 * those runs with the thread switched into the point's namespace and back.
 */
#ifndef XDPDUMP_POINT_NETNS_H
#define XDPDUMP_POINT_NETNS_H

#include <stdbool.h>

#define NETNS_RUN_DIR "/run/netns"

struct netns_point {
	int fd; /* the namespace; -1: the one we run in */
	const char *dev; /* the interface name inside it */
};

/* Split "NETNS/IF" (or plain "IF") and open the namespace. 0, or -errno
 * with one line on stderr. */
int netns_point__open(struct netns_point *p, const char *spec);
void netns_point__close(struct netns_point *p);
/* The interface's index inside its namespace; 0 (reported) if none. */
unsigned int netns_point__ifindex(const struct netns_point *p, const char *spec);
/* Whether two points name one namespace. */
bool netns_point__same_ns(const struct netns_point *a, const struct netns_point *b);

/* Switch the calling thread into p's namespace; *home is where to return
 * (-1 when nothing was switched). 0 or -errno (reported). */
int netns_point__enter(const struct netns_point *p, int *home);
/* Back home; a failure here would leave every later netlink request in the
 * wrong namespace, so it is fatal. */
void netns_point__leave(int home);

#endif /* XDPDUMP_POINT_NETNS_H */
