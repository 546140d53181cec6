// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include "caps.h"
#include "log.h"

/* Kernel headers older than 5.8 do not name these. */
#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/* The effective set; 0 or -errno. No libcap: one system call is enough. */
static int effective_caps(uint64_t *caps)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &head, data))
		return -errno;
	*caps = (uint64_t)data[1].effective << 32 | data[0].effective;
	return 0;
}

static bool has(uint64_t caps, int cap)
{
	return caps >> cap & 1;
}

int caps__check(void)
{
	static const struct {
		int cap;
		const char *name;
	} needed[] = {
		{ CAP_BPF, "CAP_BPF" },
		{ CAP_NET_ADMIN, "CAP_NET_ADMIN" },
		{ CAP_PERFMON, "CAP_PERFMON" },
	};
	char missing[64] = "";
	uint64_t caps = 0;

	/* When we cannot tell, let the kernel decide. */
	if (effective_caps(&caps))
		return 0;
	if (has(caps, CAP_NET_ADMIN) && has(caps, CAP_SYS_ADMIN))
		return 0;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!has(caps, needed[i].cap))
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 "%s%s", *missing ? ", " : "", needed[i].name);
	if (!*missing)
		return 0;
	pr_err("capturing needs root, or CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON (missing here: %s)\n",
	       missing);
	return -EPERM;
}
