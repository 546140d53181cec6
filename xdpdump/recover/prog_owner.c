// SPDX-License-Identifier: GPL-2.0
/* Who holds a capture program: a process's open descriptors, read from
 * /proc. Recovery asks it before it touches a leftover. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include "prog_owner.h"

bool process_holds_prog(pid_t pid, __u32 prog_id)
{
	char path[64], line[128];
	struct dirent *ent;
	bool found = false;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo", (int)pid);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (ent = readdir(d))) {
		char file[64 + sizeof(ent->d_name)];
		unsigned int id;
		FILE *f;

		if (ent->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, ent->d_name);
		f = fopen(file, "r");
		while (f && !found && fgets(line, sizeof(line), f))
			found = sscanf(line, "prog_id: %u", &id) == 1 && id == prog_id;
		if (f)
			fclose(f);
	}
	closedir(d);
	return found;
}
