/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPDUMP_PROG_OWNER_H
#define XDPDUMP_PROG_OWNER_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/types.h>

/* Whether process pid holds a file descriptor of BPF program (or link of)
 * prog_id: its /proc/PID/fdinfo says "prog_id:". */
bool process_holds_prog(pid_t pid, __u32 prog_id);

#endif /* XDPDUMP_PROG_OWNER_H */
