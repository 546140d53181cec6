// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_link_hold: attach an XDP program through a bpf_link and hold it.
 *
 *   xdp_link_hold IFNAME OBJECT PROGRAM native|skb
 *
 * A link-attached program cannot be replaced through netlink: only the
 * link's owner (or bpf_link_update on the link) may change it. This helper
 * stands in for a loader that works that way, so a test can check what
 * xdpdump does beside it. The link lives as long as this process: it
 * prints "attached prog PROG_ID link LINK_ID" and waits for SIGTERM or
 * SIGINT, and exiting closes the link, which detaches the program.
 */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int mode_flags(const char *mode)
{
	if (strcmp(mode, "native") == 0)
		return XDP_FLAGS_DRV_MODE;
	if (strcmp(mode, "skb") == 0)
		return XDP_FLAGS_SKB_MODE;
	return -1;
}

static int print_ids(int prog_fd, int link_fd)
{
	struct bpf_prog_info prog = { 0 };
	struct bpf_link_info link = { 0 };
	__u32 plen = sizeof(prog), llen = sizeof(link);

	if (bpf_obj_get_info_by_fd(prog_fd, &prog, &plen) ||
	    bpf_obj_get_info_by_fd(link_fd, &link, &llen))
		return -errno;
	printf("attached prog %u link %u\n", prog.id, link.id);
	fflush(stdout);
	return 0;
}

static int attach(const char *ifname, const char *path, const char *name, int flags,
		  struct bpf_object **obj)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = flags);
	struct bpf_program *prog;
	int ifindex = if_nametoindex(ifname), link_fd;

	if (!ifindex)
		return -errno;
	*obj = bpf_object__open_file(path, NULL);
	if (!*obj)
		return -errno;
	prog = bpf_object__find_program_by_name(*obj, name);
	if (!prog)
		return -ENOENT;
	if (bpf_object__load(*obj))
		return -errno;
	link_fd = bpf_link_create(bpf_program__fd(prog), ifindex, BPF_XDP, &opts);
	if (link_fd < 0)
		return -errno;
	if (print_ids(bpf_program__fd(prog), link_fd))
		return -errno;
	return link_fd;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct bpf_object *obj = NULL;
	int flags, link_fd;

	if (argc != 5 || (flags = mode_flags(argv[4])) < 0) {
		fprintf(stderr, "usage: xdp_link_hold IFNAME OBJECT PROGRAM "
				"native|skb\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	link_fd = attach(argv[1], argv[2], argv[3], flags, &obj);
	if (link_fd < 0) {
		fprintf(stderr, "xdp_link_hold: %s: %s\n", argv[1], strerror(-link_fd));
		bpf_object__close(obj);
		return 1;
	}
	while (!stop)
		pause();
	close(link_fd);
	bpf_object__close(obj);
	return 0;
}
