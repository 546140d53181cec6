// SPDX-License-Identifier: GPL-2.0
/*
 * The extcap protocol (see Wireshark's extcap(4)): each question is one run
 * of the program, answered on stdout in lines of {key=value} sentences.
 * The capture itself is an ordinary xdpdump capture with the fifo as -w.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "extcap.h"
#include "log.h"
#include "options.h"
#include "offline/pcap_front.h"
#include "xdpdump_shared.h"

bool extcap__requested(const struct extcap_request *req)
{
	return req->interfaces || req->dlts || req->config || req->capture || req->version_only ||
	       req->interface || req->fifo || req->capture_filter;
}

static void print_version_line(FILE *out)
{
	fprintf(out, "extcap {version=%s}{display=xdpdump: capture at the XDP hook}\n",
		XDPDUMP_VERSION);
}

/* Up and not loopback: a down interface receives nothing, and loopback
 * traffic never passes a driver's receive path (Wireshark's own "lo"
 * capture shows it in both directions). */
static bool offered(int sock, const char *name)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr))
		return false;
	return (ifr.ifr_flags & IFF_UP) && !(ifr.ifr_flags & IFF_LOOPBACK);
}

static int print_interfaces(FILE *out)
{
	struct if_nameindex *list, *ifn;
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (sock < 0)
		return -errno;
	list = if_nameindex();
	if (!list) {
		close(sock);
		return -errno;
	}
	print_version_line(out);
	for (ifn = list; ifn->if_index; ifn++)
		if (offered(sock, ifn->if_name))
			fprintf(out,
				"interface {value=" EXTCAP_IF_PREFIX "%s}{display=XDP: %s}\n",
				ifn->if_name, ifn->if_name);
	if_freenameindex(list);
	close(sock);
	return 0;
}

/* Wireshark shows these in its interface options dialog; each arg's call is
 * an ordinary xdpdump option, so a capture run parses them as usual. */
static void print_config(FILE *out)
{
	fprintf(out,
		"arg {number=0}{call=--snaplen}{display=Snapshot length}{type=unsigned}"
		"{range=0,%d}{default=%d}{tooltip=Bytes kept of each packet (0: all)}\n",
		XDPDUMP_DEFAULT_SNAPLEN, XDPDUMP_DEFAULT_SNAPLEN);
	fprintf(out,
		"arg {number=1}{call=--rx-capture}{display=Capture point}{type=selector}"
		"{tooltip=Before the XDP program on the interface, after it (with its verdict),"
		" or both}\n"
		"value {arg=1}{value=entry}{display=Entry (before the XDP program)}{default=true}\n"
		"value {arg=1}{value=exit}{display=Exit (after it, with its verdict)}\n"
		"value {arg=1}{value=entry,exit}{display=Entry and exit}\n");
	fprintf(out, "arg {number=2}{call=--action}{display=Exit verdicts to keep}{type=string}"
		     "{tooltip=With exit capture: comma-separated list of"
		     " aborted, drop, pass, tx, redirect}"
		     "{validation=^((aborted|drop|pass|tx|redirect)(,|$))*$}\n");
	fprintf(out, "arg {number=3}{call=--attach}{display=Attach strategy}{type=selector}"
		     "{tooltip=How the capture program joins the program already on the hook}\n"
		     "value {arg=3}{value=auto}{display=Automatic}{default=true}\n"
		     "value {arg=3}{value=load}{display=Load (hook must be empty)}\n"
		     "value {arg=3}{value=multiprog}{display=Multiprog (libxdp dispatcher)}\n"
		     "value {arg=3}{value=tailcall}{display=Tail-call chain}\n");
	fprintf(out,
		"arg {number=4}{call=--buffer-size}{display=Ring size (KiB)}{type=unsigned}"
		"{range=4,1048576}{default=65536}"
		"{tooltip=One ring per interface shared by the CPUs (per CPU on kernels without BPF ring buffers); larger rings lose fewer packets in bursts}"
		"{group=Performance}\n");
	fprintf(out,
		"arg {number=5}{call=--reorder-window}{display=Reorder window (ms)}{type=unsigned}"
		"{range=0,10000}{default=5}"
		"{tooltip=How long packets wait to be merged across CPUs in time order}"
		"{group=Performance}\n");
	/* For a capture during a flood; decided in the kernel (bpf/budget.h). */
	fprintf(out, "arg {number=6}{call=--sample}{display=Keep 1 in N}{type=unsigned}"
		     "{range=1,1000000000}{default=1}"
		     "{tooltip=Of the packets the filter keeps, decided in the kernel (1: all)}"
		     "{group=Budget}\n");
	fprintf(out,
		"arg {number=7}{call=--max-rate}{display=At most N records a second}{type=unsigned}"
		"{range=1,10000000}"
		"{tooltip=A ceiling per interface, all CPUs, enforced in the kernel (empty: none)}"
		"{group=Budget}\n");
}

/* "xdp:IF" -> "IF"; NULL, with the reason on stderr, for anything else. */
static const char *interface_name(const char *value)
{
	size_t plen = strlen(EXTCAP_IF_PREFIX);

	if (!value) {
		pr_err("--extcap-interface is missing\n");
		return NULL;
	}
	if (strncmp(value, EXTCAP_IF_PREFIX, plen) || !value[plen]) {
		pr_err("extcap interface '%s' is not one of xdpdump's (" EXTCAP_IF_PREFIX "IF)\n",
		       value);
		return NULL;
	}
	return value + plen;
}

/* Wireshark's check of a capture filter as the user types it: nothing on
 * stdout means valid, otherwise the first line is the message it shows. */
static int validate_filter(FILE *out, const char *expr)
{
	struct cbpf_insn *cbpf = NULL;
	struct bpf_insn *ebpf = NULL;
	size_t cbpf_len, ebpf_len;
	char err[512] = "";
	int ret;

	ret = pcap_front__compile(expr, XDPDUMP_DEFAULT_SNAPLEN, FILTER_NETMASK_UNKNOWN, &cbpf,
				  &cbpf_len, err, sizeof(err));
	if (!ret) {
		ret = cbpf_xlate(cbpf, cbpf_len, NULL, &ebpf, &ebpf_len, err, sizeof(err));
		if (ret) {
			size_t used = strlen(err);

			snprintf(err + used, sizeof(err) - used, " (cannot run at XDP)");
		}
	}
	free(cbpf);
	free(ebpf);
	if (ret)
		fprintf(out, "%s\n", err);
	return ret ? -EINVAL : 0;
}

static int to_capture(struct xdpdump_args *args, const char *ifname)
{
	const struct extcap_request *req = &args->extcap;

	if (!req->fifo) {
		pr_err("--capture needs --fifo FILE\n");
		return -EINVAL;
	}
	if (args->nr_ifnames || args->write_path || args->read_path || args->expression ||
	    args->filter_file) {
		pr_err("--capture takes its interface, output and filter from"
		       " the --extcap-* options\n");
		return -EINVAL;
	}
	args->ifnames[args->nr_ifnames++] = (char *)ifname;
	args->write_path = req->fifo;
	if (req->capture_filter && req->capture_filter[0]) {
		args->expression = strdup(req->capture_filter);
		if (!args->expression)
			return -ENOMEM;
	}
	return 0;
}

int extcap__run(struct xdpdump_args *args, FILE *out, bool *capture)
{
	const struct extcap_request *req = &args->extcap;
	const char *ifname;

	*capture = false;
	if (req->interfaces)
		return print_interfaces(out);
	if (req->version_only && !req->interface) {
		print_version_line(out);
		return 0;
	}
	ifname = interface_name(req->interface);
	if (!ifname)
		return -EINVAL;
	if (req->dlts) {
		fprintf(out, "dlt {number=1}{name=EN10MB}{display=Ethernet}\n");
		return 0;
	}
	if (req->config) {
		print_config(out);
		return 0;
	}
	if (req->capture) {
		*capture = true;
		return to_capture(args, ifname);
	}
	if (req->capture_filter)
		return validate_filter(out, req->capture_filter);
	pr_err("--extcap-interface needs --extcap-dlts, --extcap-config, --capture"
	       " or --extcap-capture-filter\n");
	return -EINVAL;
}

/* A pipe's writer sees POLLERR once no reader is left; poll() reports it
 * whatever events were asked for. From then on the capture's writes go to
 * /dev/null, so that the end Wireshark chose is not reported as a write
 * error (Wireshark shows anything on stderr as one), and the capture stops
 * as on SIGTERM, restoring the interface. */
static void *watch_fifo(void *arg)
{
	struct pollfd pfd = { .fd = STDOUT_FILENO };
	int devnull = (int)(long)arg;

	while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
		;
	dup2(devnull, STDOUT_FILENO);
	kill(getpid(), SIGTERM);
	return NULL;
}

static int start_watcher(void)
{
	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	sigset_t all, old;
	pthread_t thread;
	int err;

	if (devnull < 0)
		return -errno;
	/* The thread blocks every signal, so SIGTERM stays pending for the
	 * capture's signalfd instead of killing the process in this thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&thread, NULL, watch_fifo, (void *)(long)devnull);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		close(devnull);
		return -err;
	}
	pthread_detach(thread);
	return 0;
}

int extcap__connect_fifo(struct xdpdump_args *args)
{
	const char *fifo = args->write_path;
	struct stat st;
	int fd, err;

	if (stat(fifo, &st) || !S_ISFIFO(st.st_mode))
		return 0; /* a file, by hand: written as with -w */
	/* Blocks until Wireshark opens the reading end. */
	fd = open(fifo, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		err = -errno;
		pr_err("%s: %s\n", fifo, strerror(-err));
		if (fd >= 0)
			close(fd);
		return err;
	}
	close(fd);
	args->write_path = "-";
	err = start_watcher();
	if (err)
		pr_err("cannot watch %s: %s\n", fifo, strerror(-err));
	return err;
}
