// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <linux/bpf.h>
#include <xdp/libxdp.h>
#include "iflist.h"
#include "attach/xdp_state.h"
#include "xdpdump_shared.h"

static const char *const action_names[] = { "aborted", "drop", "pass", "tx", "redirect" };

static void print_chain_actions(FILE *out, const struct xdp_program *prog)
{
	const char *sep = "";

	for (unsigned int a = XDP_ABORTED; a <= XDP_REDIRECT; a++) {
		if (!xdp_program__chain_call_enabled(prog, a))
			continue;
		fprintf(out, "%s%s", sep, action_names[a]);
		sep = ",";
	}
}

/* The programs inside a libxdp dispatcher, in the order they run. */
static void print_dispatcher(FILE *out, int ifindex)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifindex);
	struct xdp_program *prog = NULL;

	if (libxdp_get_error(mp))
		return;
	if (xdp_multiprog__is_legacy(mp)) {
		xdp_multiprog__close(mp);
		return;
	}
	fprintf(out, "\tlibxdp dispatcher with %d programs:\n", xdp_multiprog__program_count(mp));
	while ((prog = xdp_multiprog__next_prog(prog, mp))) {
		fprintf(out,
			"\t  priority %-4u %s (id %u) chain on: ", xdp_program__run_prio(prog),
			xdp_program__name(prog), xdp_program__id(prog));
		print_chain_actions(out, prog);
		fputc('\n', out);
	}
	xdp_multiprog__close(mp);
}

static void print_interface(FILE *out, unsigned int n, const struct if_nameindex *ifn)
{
	struct xdp_state st;

	fprintf(out, "%u.%s", n, ifn->if_name);
	if (xdp_state__query(ifn->if_index, &st)) {
		fprintf(out, "\t(XDP state unreadable)\n");
		return;
	}
	if (!st.prog_id) {
		fprintf(out, "\t(no XDP program)\n");
		return;
	}
	fprintf(out, "\t%s (id %u) %s mode, %s%s\n", st.prog_name, st.prog_id,
		hook_mode__name(st.mode), st.link_id ? "bpf_link" : "netlink",
		strcmp(st.prog_name, XDPDUMP_PROG_NAME) ? "" : ", xdpdump capture program");
	print_dispatcher(out, ifn->if_index);
}

int iflist_print(FILE *out)
{
	struct if_nameindex *list = if_nameindex(), *ifn;
	unsigned int n = 0;

	if (!list)
		return -errno;
	for (ifn = list; ifn->if_index; ifn++)
		print_interface(out, ++n, ifn);
	if_freenameindex(list);
	return 0;
}
