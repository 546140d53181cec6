// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include "capture.skel.h"
#include "capture_dynptr.skel.h"
#include "capture_skel.h"

/* One skeleton drives both objects only while they have the same maps,
 * programs and globals: the two generated skeletons must agree. (The
 * build makes both from one source; a variable or map added under
 * XDPDUMP_DYNPTR alone would shift everything after it.) */
#define SAME_PART(part)                                                        \
	_Static_assert(sizeof(((struct capture_bpf *)0)->part) ==              \
			       sizeof(((struct capture_dynptr_bpf *)0)->part), \
		       "capture and capture_dynptr objects differ in " #part)
SAME_PART(maps);
SAME_PART(progs);
SAME_PART(links);
SAME_PART(rodata[0]);
SAME_PART(data[0]);

struct capture_bpf *capture_skel__open(bool dynptr)
{
	struct capture_bpf *obj;
	int err;

	if (!dynptr)
		return capture_bpf__open();
	obj = calloc(1, sizeof(*obj));
	if (!obj) {
		errno = ENOMEM;
		return NULL;
	}
	err = capture_bpf__create_skeleton(obj);
	if (err)
		goto fail;
	/* Same maps, programs and sections by name; other bytes. */
	obj->skeleton->data = (void *)capture_dynptr_bpf__elf_bytes(&obj->skeleton->data_sz);
	err = bpf_object__open_skeleton(obj->skeleton, NULL);
	if (err)
		goto fail;
	return obj;
fail:
	capture_bpf__destroy(obj);
	errno = -err;
	return NULL;
}
