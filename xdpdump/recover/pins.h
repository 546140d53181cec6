/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pinned marker a tail-call capture leaves in bpffs while it runs.
 *
 * Pinning the "chain" PROG_ARRAY is not optional bookkeeping: the kernel
 * empties a PROG_ARRAY when its last user-space reference goes, so if
 * xdpdump is killed and nothing else holds the map, the user's program would
 * be released and lost. The pin keeps it alive, and tells the next xdpdump
 * which program to put back. Layout:
 *
 *   /sys/fs/bpf/xdpdump/prog<ID>/chain       the PROG_ARRAY, slot 0 = original
 *   /sys/fs/bpf/xdpdump/prog<ID>/owner<PID>  same map; names the live owner
 *
 * A capture program inside a libxdp dispatcher (multiprog) has only the
 * owner marker (a pin of its stats map: libxdp's own pins keep the program
 * in the dispatcher), so that recovery asks its owner alone whether it
 * still runs, not every process that may have it open for a moment.
 *
 * where ID is the capture program's id (unique on the host, so namespaces
 * never collide) and the directories are root-only.
 */
#ifndef XDPDUMP_PINS_H
#define XDPDUMP_PINS_H

#include <linux/types.h>
#include <sys/types.h>

#define XDPDUMP_PIN_ROOT "/sys/fs/bpf/xdpdump"

/* Mount bpffs at /sys/fs/bpf when it is missing. */
int bpffs__ensure_mounted(void);

/* Pin the chain map and our owner marker. -EPERM: XDPDUMP_PIN_ROOT exists
 * and is not a directory of ours (bpffs's root is often world-writable). */
int pins__record(__u32 capture_prog_id, int chain_map_fd);
/* Only the owner marker, pinning map_fd (multiprog). */
int pins__record_owner(__u32 capture_prog_id, int map_fd);
int pins__remove(__u32 capture_prog_id);
/* fd of the pinned chain map, or -errno (-ENOENT: no marker). */
int pins__open_chain(__u32 capture_prog_id);
/* Pid recorded as owner, or -errno. */
int pins__owner(__u32 capture_prog_id, pid_t *pid);
/* Drop markers whose capture program no longer exists (killed between
 * pinning and attaching). */
void pins__remove_stale(void);

#endif /* XDPDUMP_PINS_H */
