// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include "linktype.h"
#include "log.h"

int linktype__check(const char *name)
{
	int dlt = pcap_datalink_name_to_val(name);

	if (dlt == DLT_EN10MB)
		return 0;
	if (dlt < 0)
		pr_err("-y: invalid data link type '%s'\n", name);
	else
		pr_err("-y %s: XDP hands xdpdump Ethernet frames only (EN10MB)\n", name);
	return -EINVAL;
}

int linktype__list(FILE *out, char *const *ifnames, unsigned int nr_ifnames)
{
	if (!nr_ifnames) {
		pr_err("-L lists the link types of an interface: give it with -i IF\n");
		return -EINVAL;
	}
	for (unsigned int i = 0; i < nr_ifnames; i++) {
		if (!if_nametoindex(ifnames[i])) {
			pr_err("%s: no such interface\n", ifnames[i]);
			return -ENODEV;
		}
		fprintf(out, "Data link types for %s (use option -y to set):\n", ifnames[i]);
		fprintf(out, "  %s (%s)\n", pcap_datalink_val_to_name(DLT_EN10MB),
			pcap_datalink_val_to_description(DLT_EN10MB));
	}
	return 0;
}
