// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/pcapng and lib/outbuf. Files are written with the library
 * and read back by independent readers (capinfos, tshark, tcpdump), plus a
 * small block walker for what those readers do not show (ISB counters).
 *
 * Usage: test_pcapng [SCRATCH_DIR]
 * Works in a fresh directory under SCRATCH_DIR (default /tmp), removed on
 * success and kept on failure. The disk-full test needs root for a private
 * mount namespace with a 64 KiB tmpfs; without it the test says SKIP.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcapng.h"

#define NR_PKTS 100
#define JUMBO_PKT 50 /* a 9000-byte frame */
#define TRUNC_PKT 7 /* caplen < origlen */
#define VERDICT_PKT 42
#define COMMENT_PKT 13
#define SNAPLEN 262144
#define TS_BASE 1700000000123456789ULL
#define TS_STEP 1234567891ULL
#define LINKTYPE_ETHERNET 1
#define XDP_DROP 1

struct ctx {
	char dir[1024];
	char why[8192];
	char reader_err[1024]; /* stderr of the last reader run */
	int failures;
};

#define CHECK(cond, ...)                                               \
	do {                                                           \
		if (!(cond)) {                                         \
			snprintf(c->why, sizeof(c->why), __VA_ARGS__); \
			goto out;                                      \
		}                                                      \
	} while (0)

static const struct capture_interface test_ifaces[2] = {
	{
		.name = "veth-xdp0",
		.description = "first test interface",
		.filter = "udp port 53",
		.snaplen = SNAPLEN,
		.linktype = LINKTYPE_ETHERNET,
	},
	{
		.name = "veth-xdp1",
		.description = "second test interface",
		.filter = "tcp or icmp",
		.snaplen = SNAPLEN,
		.linktype = LINKTYPE_ETHERNET,
	},
};

static struct capture_packet pkts[NR_PKTS];

static uint32_t pkt_origlen(int i)
{
	if (i == JUMBO_PKT)
		return 9000;
	if (i == TRUNC_PKT)
		return 1500;
	return 60 + (i * 97) % 1455;
}

/* Ethernet header with a local experimental ethertype, then a pattern. */
static uint8_t *pkt_data(int i, uint32_t len)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x88, 0xb5 };
	uint8_t *d = malloc(len);
	uint32_t j;

	if (!d)
		abort();
	memcpy(d, eth, sizeof(eth));
	for (j = sizeof(eth); j < len; j++)
		d[j] = (uint8_t)(i * 31 + j * 7);
	return d;
}

static void make_packets(void)
{
	int i;

	for (i = 0; i < NR_PKTS; i++) {
		struct capture_packet *p = &pkts[i];

		p->if_id = i % 3 == 0;
		p->ts_ns = TS_BASE + i * TS_STEP;
		p->origlen = pkt_origlen(i);
		p->caplen = i == TRUNC_PKT ? 96 : p->origlen;
		p->data = pkt_data(i, p->origlen);
		p->flags = i % 2 == 0 ? CAPTURE_EPB_INBOUND : 0;
		p->has_queue = i % 5 != 4;
		p->queue = i % 4;
		p->has_packet_id = true;
		p->packet_id = 5000 + i;
		p->has_verdict = i == VERDICT_PKT;
		p->verdict_type = CAPTURE_VERDICT_EBPF_XDP;
		p->verdict = XDP_DROP;
		p->comment = i == COMMENT_PKT ? "hello, pcapng: grüße ✓" : NULL;
	}
}

static void free_packets(void)
{
	int i;

	for (i = 0; i < NR_PKTS; i++)
		free((void *)pkts[i].data);
}

static int packets_on(uint32_t if_id)
{
	int i, n = 0;

	for (i = 0; i < NR_PKTS; i++)
		n += pkts[i].if_id == if_id;
	return n;
}

static void path_in(const struct ctx *c, char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", c->dir, name);
}

static char *read_all_fd(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;

	while (buf) {
		if (cap - len < 2048) {
			char *nb = realloc(buf, cap *= 2);

			if (!nb)
				free(buf);
			buf = nb;
			continue;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

static char *read_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	char *s;

	if (fd < 0)
		return NULL;
	s = read_all_fd(fd);
	close(fd);
	return s;
}

static void load_reader_err(struct ctx *c, const char *path)
{
	char *s = read_path(path);

	snprintf(c->reader_err, sizeof(c->reader_err), "%s", s ? s : "");
	free(s);
}

/*
 * Runs a shell command; stdout goes to *@out, stderr to c->reader_err.
 * Returns the exit status, or -1.
 */
static int run(struct ctx *c, char **out, const char *fmt, ...)
{
	char cmd[4 * PATH_MAX], errpath[PATH_MAX];
	int len, status;
	va_list ap;
	FILE *f;

	path_in(c, errpath, "stderr.txt");
	va_start(ap, fmt);
	len = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(cmd) - PATH_MAX - 8)
		return -1;
	snprintf(cmd + len, sizeof(cmd) - len, " 2>'%s'", errpath);
	*out = NULL;
	f = popen(cmd, "r");
	if (!f)
		return -1;
	*out = read_all_fd(fileno(f));
	status = pclose(f);
	load_reader_err(c, errpath);
	if (!*out)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Reader complaints such as "cut short" only appear on stderr. */
static bool reader_complained(const struct ctx *c)
{
	static const char *const signs[] = { "cut short", "damaged", "error occurred",
					     "truncated", "bad dump file" };
	size_t i;

	for (i = 0; i < sizeof(signs) / sizeof(signs[0]); i++)
		if (strstr(c->reader_err, signs[i]))
			return true;
	return false;
}

static int open_out(const struct ctx *c, const char *name)
{
	char path[PATH_MAX];

	path_in(c, path, name);
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

static struct capture_writer *open_writer(int fd, enum capture_format fmt, size_t bufsz)
{
	struct capture_writer_opts opts = {
		.sz = sizeof(opts),
		.format = fmt,
		.hardware = "test machine",
		.os = "Linux test",
		.application = "xdpdump test_pcapng",
		.buffer_size = bufsz,
	};

	return capture_writer__open_fd(fd, &opts);
}

static int add_test_ifaces(struct capture_writer *w)
{
	int i, id;

	for (i = 0; i < 2; i++) {
		id = capture_writer__add_interface(w, &test_ifaces[i]);
		if (id != i)
			return id < 0 ? id : -EINVAL;
	}
	return 0;
}

/* An ISB comment whose length is not a multiple of 4 (padding). */
#define ISB_COMMENT "left out by the budget: 5"

static int write_stats_for(struct capture_writer *w, uint32_t if_id)
{
	struct capture_if_stats st = {
		.start_ns = pkts[0].ts_ns,
		.end_ns = pkts[NR_PKTS - 1].ts_ns,
		.has_ifrecv = true,
		.ifrecv = packets_on(if_id),
		.has_ifdrop = true,
		.ifdrop = 3 + if_id,
		.has_osdrop = true,
		.osdrop = 7 + if_id,
		.has_filteraccept = true,
		.filteraccept = 11 + if_id,
		.has_usrdeliv = true,
		.usrdeliv = 13 + if_id,
		.comment = ISB_COMMENT,
	};

	return capture_writer__write_stats(w, if_id, &st);
}

/* The whole sample: two interfaces, every packet, one ISB per interface. */
static int write_sample(int fd, enum capture_format fmt, size_t bufsz)
{
	struct capture_writer *w = open_writer(fd, fmt, bufsz);
	int i, err;

	if (!w)
		return -errno;
	err = add_test_ifaces(w);
	for (i = 0; !err && i < NR_PKTS; i++)
		err = capture_writer__write_packet(w, &pkts[i]);
	for (i = 0; !err && i < 2; i++)
		err = write_stats_for(w, i);
	if (err) {
		capture_writer__close(w);
		return err;
	}
	return capture_writer__close(w);
}

static int write_sample_file(struct ctx *c, const char *name, enum capture_format fmt,
			     size_t bufsz)
{
	int fd = open_out(c, name), err;

	if (fd < 0)
		return -errno;
	err = write_sample(fd, fmt, bufsz);
	close(fd);
	if (err)
		snprintf(c->why, sizeof(c->why), "writing %s: %s", name, strerror(-err));
	return err;
}

static char *fmt_ts(char *buf, uint64_t ns)
{
	snprintf(buf, 32, "%" PRIu64 ".%09" PRIu64, ns / 1000000000, ns % 1000000000);
	return buf;
}

/* ---- checks with capinfos ---------------------------------------------- */

static char *capinfos_section(const char *out, int if_id)
{
	char hdr[64];
	const char *start, *end;

	snprintf(hdr, sizeof(hdr), "Interface #%d info:", if_id);
	start = strstr(out, hdr);
	if (!start)
		return NULL;
	end = strstr(start + 1, "Interface #");
	return strndup(start, end ? (size_t)(end - start) : strlen(start));
}

static int check_capinfos_iface(struct ctx *c, const char *out, int i)
{
	const struct capture_interface *ifc = &test_ifaces[i];
	char *sec = capinfos_section(out, i), want[7][128];
	int k, ret = -1;

	snprintf(want[0], sizeof(want[0]), "Name = %s\n", ifc->name);
	snprintf(want[1], sizeof(want[1]), "Description = %s\n", ifc->description);
	snprintf(want[2], sizeof(want[2]), "Filter string = %s\n", ifc->filter);
	snprintf(want[3], sizeof(want[3]), "Capture length = %u\n", ifc->snaplen);
	snprintf(want[4], sizeof(want[4]), "Number of packets = %d\n", packets_on(i));
	snprintf(want[5], sizeof(want[5]), "Time precision = nanoseconds (9)\n");
	snprintf(want[6], sizeof(want[6]), "Number of stat entries = 1\n");
	CHECK(sec, "capinfos shows no interface #%d", i);
	for (k = 0; k < 7; k++)
		CHECK(strstr(sec, want[k]), "capinfos interface #%d lacks '%.*s'", i,
		      (int)strlen(want[k]) - 1, want[k]);
	ret = 0;
out:
	free(sec);
	return ret;
}

static int check_capinfos_pcapng(struct ctx *c, const char *file)
{
	const char *want[] = { "File type:           pcapng\n",
			       "Number of packets:   100\n",
			       "File timestamp precision:  nanoseconds (9)\n",
			       "Number of interfaces in file: 2\n",
			       "Capture hardware:    test machine\n",
			       "Capture oper-sys:    Linux test\n",
			       "Capture application: xdpdump test_pcapng\n" };
	char *out = NULL;
	int k, ret = -1;

	CHECK(run(c, &out, "capinfos -M '%s/%s'", c->dir, file) == 0 && !reader_complained(c),
	      "capinfos failed: %s", c->reader_err);
	for (k = 0; k < (int)(sizeof(want) / sizeof(want[0])); k++)
		CHECK(strstr(out, want[k]), "capinfos lacks '%.*s'", (int)strlen(want[k]) - 1,
		      want[k]);
	for (k = 0; k < 2; k++)
		if (check_capinfos_iface(c, out, k))
			goto out;
	ret = 0;
out:
	free(out);
	return ret;
}

/* ---- checks with tshark ------------------------------------------------- */

static void tshark_expected(const struct capture_packet *p, char *buf, size_t len)
{
	const struct capture_interface *ifc = &test_ifaces[p->if_id];
	char ts[32], queue[16] = "", dir[16] = "", verdict[24] = "";

	if (p->has_queue)
		snprintf(queue, sizeof(queue), "%u", p->queue);
	if (p->flags)
		snprintf(dir, sizeof(dir), "0x%08x", p->flags & 3);
	if (p->has_verdict)
		snprintf(verdict, sizeof(verdict), "%" PRIu64, p->verdict);
	snprintf(buf, len, "%u|%s|%s|%u|%u|%s|%" PRIu64 "|%s|%s|%s|%s", p->if_id, ifc->name,
		 ifc->description, p->origlen, p->caplen, fmt_ts(ts, p->ts_ns), p->packet_id,
		 queue, dir, verdict, p->comment ? p->comment : "");
}

static int check_tshark_pcapng(struct ctx *c, const char *file)
{
	char *out = NULL, *line, *save = NULL, want[512];
	int n = 0, ret = -1;

	CHECK(run(c, &out,
		  "tshark -r '%s/%s' -T fields -E separator='|' -e frame.interface_id "
		  "-e frame.interface_name -e frame.interface_description -e frame.len "
		  "-e frame.cap_len -e frame.time_epoch -e frame.packet_id "
		  "-e frame.interface_queue -e frame.packet_flags_direction "
		  "-e frame.verdict.ebpf_xdp -e frame.comment",
		  c->dir, file) == 0 &&
		      !reader_complained(c),
	      "tshark failed: %s", c->reader_err);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		CHECK(n < NR_PKTS, "tshark shows more than %d packets", NR_PKTS);
		tshark_expected(&pkts[n], want, sizeof(want));
		CHECK(!strcmp(line, want), "tshark packet %d: got '%s', want '%s'", n, line,
		      want);
	}
	CHECK(n == NR_PKTS, "tshark shows %d packets, want %d", n, NR_PKTS);
	ret = 0;
out:
	free(out);
	return ret;
}

/* ---- checks with tcpdump (libpcap) ------------------------------------- */

struct tcpdump_state {
	int n; /* packets seen */
	size_t hexlen;
	char hex[2 * 9000 + 1];
};

static int tcpdump_end_packet(struct ctx *c, struct tcpdump_state *st)
{
	const struct capture_packet *p = &pkts[st->n - 1];
	const uint8_t *d = p->data;
	uint32_t j;
	char byte[3];

	if (st->hexlen != 2 * (size_t)p->caplen) {
		snprintf(c->why, sizeof(c->why), "tcpdump packet %d: %zu bytes, want %u",
			 st->n - 1, st->hexlen / 2, p->caplen);
		return -1;
	}
	for (j = 0; j < p->caplen; j++) {
		snprintf(byte, sizeof(byte), "%02x", d[j]);
		if (memcmp(byte, st->hex + 2 * j, 2)) {
			snprintf(c->why, sizeof(c->why), "tcpdump packet %d: byte %u differs",
				 st->n - 1, j);
			return -1;
		}
	}
	return 0;
}

static void tcpdump_hex_line(struct tcpdump_state *st, const char *line)
{
	const char *s = strchr(line, ':');

	for (s = s ? s + 1 : line; *s; s++)
		if (strchr("0123456789abcdef", *s) && st->hexlen + 1 < sizeof(st->hex))
			st->hex[st->hexlen++] = *s;
}

/* "<ts> 02:00:00:00:00:02 > ..., length <origlen>: " starts each packet */
static int tcpdump_header(struct ctx *c, struct tcpdump_state *st, const char *line)
{
	const struct capture_packet *p;
	char ts[32], len[32];

	if (st->n >= NR_PKTS) {
		snprintf(c->why, sizeof(c->why), "tcpdump shows too many packets");
		return -1;
	}
	p = &pkts[st->n++];
	st->hexlen = 0;
	fmt_ts(ts, p->ts_ns);
	snprintf(len, sizeof(len), ", length %u: ", p->origlen);
	if (strncmp(line, ts, strlen(ts)) || line[strlen(ts)] != ' ' || !strstr(line, len)) {
		snprintf(c->why, sizeof(c->why), "tcpdump packet %d: '%s', want ts %s and '%s'",
			 st->n - 1, line, ts, len);
		return -1;
	}
	return 0;
}

/* Timestamps, wire lengths and every captured byte, as tcpdump -xx sees them */
static int check_tcpdump_text(struct ctx *c, char *out)
{
	struct tcpdump_state *st = calloc(1, sizeof(*st));
	char *line, *save = NULL;
	int ret = -1;

	if (!st)
		return -1;
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '\t') {
			tcpdump_hex_line(st, line);
			continue;
		}
		if (st->n && tcpdump_end_packet(c, st))
			goto out;
		if (tcpdump_header(c, st, line))
			goto out;
	}
	if (st->n && tcpdump_end_packet(c, st))
		goto out;
	CHECK(st->n == NR_PKTS, "tcpdump shows %d packets, want %d", st->n, NR_PKTS);
	ret = 0;
out:
	free(st);
	return ret;
}

#define TCPDUMP_ARGS "-n -tt --nano -xx"

static int check_tcpdump_file(struct ctx *c, const char *file)
{
	char *out = NULL;
	int ret = -1;

	CHECK(run(c, &out, "tcpdump " TCPDUMP_ARGS " -r '%s/%s'", c->dir, file) == 0 &&
		      !reader_complained(c),
	      "tcpdump failed: %s", c->reader_err);
	ret = check_tcpdump_text(c, out);
out:
	free(out);
	return ret;
}

/* ---- our own walk over the blocks, for what no reader prints ----------- */

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* isb_starttime/endtime are two 32-bit words, high first, like EPB times */
static uint64_t get_ts(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* Compares one ISB's options with what write_stats_for() put in. */
static int check_isb(struct ctx *c, const uint8_t *b, uint32_t len)
{
	uint32_t if_id = get32(b + 8), off = 20;
	uint64_t want[9] = { 0 }, got[9] = { 0 };
	bool comment = false;

	want[2] = pkts[0].ts_ns;
	want[3] = pkts[NR_PKTS - 1].ts_ns;
	want[4] = packets_on(if_id);
	want[5] = 3 + if_id;
	want[6] = 11 + if_id;
	want[7] = 7 + if_id;
	want[8] = 13 + if_id;
	while (off + 4 <= len - 4 && get16(b + off) != 0) {
		uint16_t code = get16(b + off), olen = get16(b + off + 2);

		if (code > 1 && code < 9 && olen == 8)
			got[code] = code <= 3 ? get_ts(b + off + 4) : get64(b + off + 4);
		if (code == 1)
			comment = olen == strlen(ISB_COMMENT) &&
				  !memcmp(b + off + 4, ISB_COMMENT, olen);
		off += 4 + ((olen + 3) & ~3);
	}
	if (memcmp(want, got, sizeof(want)) || get_ts(b + 12) != want[3] || !comment) {
		snprintf(c->why, sizeof(c->why), "ISB for interface %u has wrong values", if_id);
		return -1;
	}
	return 0;
}

static char block_letter(uint32_t type)
{
	switch (type) {
	case 0x0A0D0D0A:
		return 'S';
	case 1:
		return 'I';
	case 5:
		return 'T';
	case 6:
		return 'E';
	default:
		return '?';
	}
}

/* Both length fields agree and are 32-bit aligned; types in the expected order */
static int walk_blocks(struct ctx *c, const uint8_t *buf, size_t n, const char *want_types)
{
	char types[NR_PKTS + 16] = "";
	size_t off = 0, k = 0;
	uint32_t type, len;

	while (off < n) {
		CHECK(n - off >= 12, "trailing %zu bytes at %zu", n - off, off);
		type = get32(buf + off);
		len = get32(buf + off + 4);
		CHECK(len >= 12 && len % 4 == 0 && len <= n - off, "bad length %u at %zu", len,
		      off);
		CHECK(get32(buf + off + len - 4) == len, "trailing length differs at %zu", off);
		CHECK(k + 1 < sizeof(types), "too many blocks");
		types[k++] = block_letter(type);
		if (type == 5 && check_isb(c, buf + off, len))
			return -1;
		off += len;
	}
	CHECK(!strcmp(types, want_types), "block types '%s', want '%s'", types, want_types);
	return 0;
out:
	return -1;
}

static int check_blocks(struct ctx *c, const char *file)
{
	char path[PATH_MAX], want[NR_PKTS + 16];
	struct stat sb;
	uint8_t *buf = NULL;
	int fd, ret = -1;

	snprintf(want, sizeof(want), "SII%.*sTT", NR_PKTS,
		 "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE"
		 "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE");
	path_in(c, path, file);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && fstat(fd, &sb) == 0, "open %s: %s", path, strerror(errno));
	buf = malloc(sb.st_size);
	CHECK(buf && read(fd, buf, sb.st_size) == sb.st_size, "read %s", path);
	ret = walk_blocks(c, buf, sb.st_size, want);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

/* ---- the tests --------------------------------------------------------- */

/* 8 KiB buffer: the 9000-byte packet takes the write-through path. */
static int test_pcapng_readers(struct ctx *c)
{
	const char *f = "sample.pcapng";

	if (write_sample_file(c, f, CAPTURE_FORMAT_PCAPNG, 8192))
		return -1;
	if (check_capinfos_pcapng(c, f) || check_tshark_pcapng(c, f))
		return -1;
	return check_tcpdump_file(c, f) || check_blocks(c, f) ? -1 : 0;
}

static int check_capinfos_pcap(struct ctx *c, const char *file)
{
	const char *want[] = { "File type:           nsecpcap\n", "File encapsulation:  ether\n",
			       "File timestamp precision:  nanoseconds (9)\n",
			       "Packet size limit:   file hdr: 262144 bytes\n",
			       "Number of packets:   100\n" };
	char *out = NULL;
	int k, ret = -1;

	CHECK(run(c, &out, "capinfos -M '%s/%s'", c->dir, file) == 0 && !reader_complained(c),
	      "capinfos failed: %s", c->reader_err);
	for (k = 0; k < (int)(sizeof(want) / sizeof(want[0])); k++)
		CHECK(strstr(out, want[k]), "capinfos lacks '%.*s'", (int)strlen(want[k]) - 1,
		      want[k]);
	ret = 0;
out:
	free(out);
	return ret;
}

static int check_tshark_pcap(struct ctx *c, const char *file)
{
	char *out = NULL, *line, *save = NULL, want[128], ts[32];
	int n = 0, ret = -1;

	CHECK(run(c, &out,
		  "tshark -r '%s/%s' -T fields -E separator='|' -e frame.len -e frame.cap_len "
		  "-e frame.time_epoch",
		  c->dir, file) == 0 &&
		      !reader_complained(c),
	      "tshark failed: %s", c->reader_err);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		CHECK(n < NR_PKTS, "tshark shows more than %d packets", NR_PKTS);
		snprintf(want, sizeof(want), "%u|%u|%s", pkts[n].origlen, pkts[n].caplen,
			 fmt_ts(ts, pkts[n].ts_ns));
		CHECK(!strcmp(line, want), "tshark packet %d: got '%s', want '%s'", n, line,
		      want);
	}
	CHECK(n == NR_PKTS, "tshark shows %d packets, want %d", n, NR_PKTS);
	ret = 0;
out:
	free(out);
	return ret;
}

/* Default buffer; both interfaces share the one pcap link type. */
static int test_pcap_readers(struct ctx *c)
{
	const char *f = "sample.pcap";

	if (write_sample_file(c, f, CAPTURE_FORMAT_PCAP, 0))
		return -1;
	if (check_capinfos_pcap(c, f) || check_tshark_pcap(c, f))
		return -1;
	return check_tcpdump_file(c, f);
}

static void put_bytes(uint8_t **p, const void *v, size_t n)
{
	memcpy(*p, v, n);
	*p += n;
}

/*
 * Byte layout from the spec by hand: SHB without options is 28 bytes, IDB
 * with only if_tsresol 32, then an EPB (section 4.3) for a 5-byte packet
 * with epb_flags: 12 + 20 + 8 (data padded) + 8 (option) + 4 (end) = 52.
 */
static int test_epb_layout(struct ctx *c)
{
	struct capture_interface ifc = { .snaplen = 0, .linktype = LINKTYPE_ETHERNET };
	const uint8_t data[5] = { 1, 2, 3, 4, 5 }, pad[3] = { 0 };
	struct capture_packet p = {
		.ts_ns = 0x100000002ULL, /* high word 1, low word 2 */
		.caplen = 5,
		.origlen = 5,
		.data = data,
		.flags = CAPTURE_EPB_INBOUND,
	};
	uint32_t epb_head[7] = { 6, 52, 0, 1, 2, 5, 5 }, u32 = 1, tail = 52;
	uint16_t opt[2] = { 2, 4 }, end[2] = { 0, 0 };
	uint8_t want[52], *w = want, *buf = NULL;
	struct capture_writer *wr = NULL;
	int fd = open_out(c, "layout.pcapng"), ret = -1;
	char path[PATH_MAX];
	struct stat sb;

	put_bytes(&w, epb_head, sizeof(epb_head));
	put_bytes(&w, data, sizeof(data));
	put_bytes(&w, pad, sizeof(pad));
	put_bytes(&w, opt, sizeof(opt));
	put_bytes(&w, &u32, sizeof(u32));
	put_bytes(&w, end, sizeof(end));
	put_bytes(&w, &tail, sizeof(tail));
	CHECK(fd >= 0, "open: %s", strerror(errno));
	wr = capture_writer__open_fd(fd, NULL);
	CHECK(wr, "open_fd: %s", strerror(errno));
	CHECK(capture_writer__add_interface(wr, &ifc) == 0, "add_interface");
	CHECK(capture_writer__write_packet(wr, &p) == 0, "write_packet");
	CHECK(capture_writer__bytes_written(wr) == 112, "bytes_written %" PRIu64 ", want 112",
	      capture_writer__bytes_written(wr));
	CHECK(capture_writer__close(wr) == 0, "close");
	wr = NULL;
	path_in(c, path, "layout.pcapng");
	CHECK(stat(path, &sb) == 0 && sb.st_size == 112, "file is not 112 bytes");
	buf = (uint8_t *)read_path(path);
	CHECK(buf && get32(buf + 4) == 28 && get32(buf + 28 + 4) == 32, "SHB/IDB lengths");
	CHECK(!memcmp(buf + 60, want, sizeof(want)), "EPB bytes differ from the spec layout");
	ret = 0;
out:
	capture_writer__close(wr);
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

/* Bad packets are refused before anything reaches the buffer. */
static int check_rejects(struct ctx *c, struct capture_writer *w)
{
	struct capture_packet p = pkts[1];
	struct capture_if_stats st = { 0 };
	uint64_t before;
	int ret = -1;

	p.caplen = p.origlen + 1;
	CHECK(capture_writer__write_packet(w, &p) == -EINVAL, "caplen > origlen accepted");
	p = pkts[1];
	p.data = NULL;
	CHECK(capture_writer__write_packet(w, &p) == -EINVAL, "NULL data accepted");
	p.caplen = 0;
	CHECK(capture_writer__write_packet(w, &p) == 0, "NULL data with caplen 0 refused");
	before = capture_writer__bytes_written(w);
	p = pkts[1];
	p.if_id = 2;
	CHECK(capture_writer__write_packet(w, &p) == -EINVAL, "unknown if_id accepted");
	CHECK(capture_writer__write_stats(w, 2, &st) == -EINVAL, "stats for unknown if_id");
	CHECK(capture_writer__write_packet(w, NULL) == -EINVAL, "NULL packet accepted");
	CHECK(capture_writer__bytes_written(w) == before, "refused input changed the output");
	ret = 0;
out:
	return ret;
}

/*
 * An as_read interface (records copied from a file by -r) takes what
 * libpcap reads and pcap_dump writes: a captured length above the length,
 * and above the snaplen; the EPB keeps both lengths as given. Others
 * still refuse them.
 */
static int test_as_read(struct ctx *c)
{
	struct capture_interface plain = { .snaplen = 8, .linktype = LINKTYPE_ETHERNET };
	struct capture_interface copied = { .snaplen = 8, .linktype = 276, .as_read = true };
	const uint8_t data[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	struct capture_packet p = { .caplen = 12, .origlen = 10, .data = data };
	struct capture_writer *wr = NULL;
	int fd = open_out(c, "as_read.pcapng"), ret = -1;
	uint8_t *buf = NULL;
	char path[PATH_MAX];

	CHECK(fd >= 0, "open: %s", strerror(errno));
	wr = capture_writer__open_fd(fd, NULL);
	CHECK(wr, "open_fd: %s", strerror(errno));
	CHECK(capture_writer__add_interface(wr, &plain) == 0, "add plain");
	CHECK(capture_writer__add_interface(wr, &copied) == 1, "add as_read");
	CHECK(capture_writer__write_packet(wr, &p) == -EINVAL, "plain took caplen > origlen");
	p.if_id = 1;
	CHECK(capture_writer__write_packet(wr, &p) == 0, "as_read refused caplen > origlen");
	CHECK(capture_writer__close(wr) == 0, "close");
	wr = NULL;
	path_in(c, path, "as_read.pcapng");
	buf = (uint8_t *)read_path(path);
	/* SHB 28, two IDBs of 32, then the EPB: caplen and origlen words. */
	CHECK(buf && get32(buf + 92 + 20) == 12 && get32(buf + 92 + 24) == 10,
	      "EPB lengths not kept as given");
	ret = 0;
out:
	capture_writer__close(wr);
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

static int check_bad_opts(struct ctx *c, int fd)
{
	struct {
		struct capture_writer_opts o;
		int newer_field;
	} big = { .o.sz = sizeof(big), .newer_field = 1 };
	struct capture_writer_opts o = { .sz = sizeof(o), .format = 7 };
	int ret = -1;

	errno = 0;
	CHECK(!capture_writer__open_fd(fd, &o) && errno == EINVAL, "format 7 accepted");
	errno = 0;
	CHECK(!capture_writer__open_fd(fd, &big.o) && errno == EINVAL,
	      "unknown non-zero opts tail accepted");
	errno = 0;
	CHECK(!capture_writer__open_fd(-1, NULL) && errno == EINVAL, "fd -1 accepted");
	CHECK(capture_writer__close(NULL) == 0, "close(NULL) != 0");
	ret = 0;
out:
	return ret;
}

/* One link type per pcap file, and the file header's snaplen binds all. */
static int check_pcap_rules(struct ctx *c, int fd)
{
	struct capture_interface small = test_ifaces[0], other = test_ifaces[0];
	struct capture_packet p = pkts[1]; /* 157 bytes */
	struct capture_writer *w = open_writer(fd, CAPTURE_FORMAT_PCAP, 0);
	int ret = -1;

	CHECK(w, "open_writer: %s", strerror(errno));
	small.snaplen = 100;
	CHECK(capture_writer__add_interface(w, &small) == 0, "first interface");
	CHECK(capture_writer__add_interface(w, &test_ifaces[1]) == 1, "same link type refused");
	other.linktype = 113; /* LINKTYPE_LINUX_SLL */
	CHECK(capture_writer__add_interface(w, &other) == -EINVAL,
	      "pcap accepted a second link type");
	p.caplen = 100;
	CHECK(capture_writer__write_packet(w, &p) == 0, "caplen == snaplen refused");
	p.caplen = 101;
	CHECK(capture_writer__write_packet(w, &p) == -EINVAL, "caplen > snaplen accepted");
	p.if_id = 1;
	CHECK(capture_writer__write_packet(w, &p) == -EINVAL,
	      "caplen > file snaplen accepted on interface 1");
	CHECK(capture_writer__write_stats(w, 0, &(struct capture_if_stats){ 0 }) == 0,
	      "pcap write_stats is not a no-op");
	ret = 0;
out:
	capture_writer__close(w);
	return ret;
}

static int test_validation(struct ctx *c)
{
	struct capture_writer *w = NULL;
	int fd = open_out(c, "validate.pcapng"), ret = -1;

	CHECK(fd >= 0, "open: %s", strerror(errno));
	if (check_bad_opts(c, fd) || check_pcap_rules(c, fd))
		goto out;
	w = open_writer(fd, CAPTURE_FORMAT_PCAPNG, 0);
	CHECK(w && add_test_ifaces(w) == 0, "writer setup");
	if (check_rejects(c, w))
		goto out;
	ret = 0;
out:
	capture_writer__close(w);
	if (fd >= 0)
		close(fd);
	return ret;
}

/* /dev/full fails every write with ENOSPC; the error must stick. */
static int test_dev_full(struct ctx *c)
{
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC), ret = -1, i, err = 0;
	struct capture_writer *w = NULL;

	CHECK(fd >= 0, "open /dev/full: %s", strerror(errno));
	w = open_writer(fd, CAPTURE_FORMAT_PCAPNG, 4096);
	CHECK(w && add_test_ifaces(w) == 0, "writer setup");
	for (i = 0; i < NR_PKTS && !err; i++)
		err = capture_writer__write_packet(w, &pkts[i]);
	CHECK(err == -ENOSPC, "write_packet: %d, want -ENOSPC", err);
	CHECK(capture_writer__write_packet(w, &pkts[0]) == -ENOSPC, "error did not stick");
	CHECK(capture_writer__flush(w) == -ENOSPC, "flush after error");
	CHECK(capture_writer__write_stats(w, 0, &(struct capture_if_stats){ 0 }) == -ENOSPC,
	      "write_stats after error");
	err = capture_writer__close(w);
	w = NULL;
	CHECK(err == -ENOSPC, "close: %d, want -ENOSPC", err);
	ret = 0;
out:
	capture_writer__close(w);
	if (fd >= 0)
		close(fd);
	return ret;
}

/* tcpdump reading the stream from a pipe as it is written */
static int pipe_to_tcpdump(struct ctx *c, enum capture_format fmt)
{
	char out_path[PATH_MAX], err_path[PATH_MAX], cmd[3 * PATH_MAX], *out = NULL;
	int err, status, ret = -1;
	FILE *f;

	path_in(c, out_path, "pipe.txt");
	path_in(c, err_path, "stderr.txt");
	snprintf(cmd, sizeof(cmd), "tcpdump " TCPDUMP_ARGS " -r - >'%s' 2>'%s'", out_path,
		 err_path);
	f = popen(cmd, "w");
	CHECK(f, "popen: %s", strerror(errno));
	err = write_sample(fileno(f), fmt, 16384);
	status = pclose(f);
	load_reader_err(c, err_path);
	CHECK(!err, "writing to the pipe: %s", strerror(-err));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && !reader_complained(c),
	      "tcpdump -r - failed: %s", c->reader_err);
	out = read_path(out_path);
	CHECK(out, "no tcpdump output");
	ret = check_tcpdump_text(c, out);
out:
	free(out);
	return ret;
}

static int test_pipe_reader(struct ctx *c)
{
	return pipe_to_tcpdump(c, CAPTURE_FORMAT_PCAPNG) ||
	       pipe_to_tcpdump(c, CAPTURE_FORMAT_PCAP);
}

/* The reader leaves after one packet: the writer must say -EPIPE, not die. */
static int test_pipe_closed(struct ctx *c)
{
	struct capture_writer *w = NULL;
	int i, err = 0, ret = -1;
	FILE *f;

	f = popen("tcpdump -r - -c 1 -n >/dev/null 2>&1", "w");
	CHECK(f, "popen: %s", strerror(errno));
	w = open_writer(fileno(f), CAPTURE_FORMAT_PCAPNG, 4096);
	CHECK(w && add_test_ifaces(w) == 0, "writer setup");
	/* 100 rounds of ~90 KB: far beyond what the pipe can hold */
	for (i = 0; i < 100 * NR_PKTS && !err; i++)
		err = capture_writer__write_packet(w, &pkts[i % NR_PKTS]);
	CHECK(err == -EPIPE, "write_packet: %d, want -EPIPE", err);
	CHECK(capture_writer__flush(w) == -EPIPE, "error did not stick");
	ret = 0;
out:
	capture_writer__close(w);
	if (f)
		pclose(f);
	return ret;
}

/* Writes packets until the disk is full; returns the error that stopped it. */
static int fill_disk(int fd, size_t bufsz, uint64_t *size)
{
	struct capture_writer *w = open_writer(fd, CAPTURE_FORMAT_PCAPNG, bufsz);
	int i, err;

	if (!w)
		return -errno;
	err = add_test_ifaces(w);
	for (i = 0; !err && i < 100 * NR_PKTS; i++)
		err = capture_writer__write_packet(w, &pkts[i % NR_PKTS]);
	*size = capture_writer__bytes_written(w);
	capture_writer__close(w);
	return err;
}

/* Packets in the file are whole: ids and lengths follow the written order. */
static int check_prefix(struct ctx *c, const char *path)
{
	char *out = NULL, *line, *save = NULL, want[64];
	int n = 0, ret = -1;

	CHECK(run(c, &out, "capinfos -c '%s' >/dev/null", path) == 0 && !reader_complained(c),
	      "capinfos rejects the file: %s", c->reader_err);
	free(out);
	CHECK(run(c, &out, "tshark -r '%s' -T fields -e frame.packet_id -e frame.cap_len",
		  path) == 0 &&
		      !reader_complained(c),
	      "tshark rejects the file: %s", c->reader_err);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		snprintf(want, sizeof(want), "%" PRIu64 "\t%u", pkts[n % NR_PKTS].packet_id,
			 pkts[n % NR_PKTS].caplen);
		CHECK(!strcmp(line, want), "packet %d: '%s', want '%s'", n, line, want);
	}
	CHECK(n > 10, "only %d packets survived", n);
	ret = 0;
out:
	free(out);
	return ret;
}

static int disk_full_once(struct ctx *c, const char *mnt, size_t bufsz)
{
	char path[PATH_MAX];
	uint64_t size = 0;
	struct stat sb;
	int fd, err, ret = -1;

	snprintf(path, sizeof(path), "%s/full.pcapng", mnt);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	err = fill_disk(fd, bufsz, &size);
	CHECK(err == -ENOSPC, "buffer %zu: got %d, want -ENOSPC", bufsz, err);
	CHECK(fstat(fd, &sb) == 0 && (uint64_t)sb.st_size == size,
	      "buffer %zu: file has %lld bytes, writer says %" PRIu64, bufsz,
	      (long long)sb.st_size, size);
	ret = check_prefix(c, path);
out:
	if (fd >= 0)
		close(fd);
	unlink(path);
	return ret;
}

/* Runs in a child that owns a private mount namespace. */
static int disk_full_child(struct ctx *c)
{
	char mnt[PATH_MAX];

	path_in(c, mnt, "tmpfs");
	if (unshare(CLONE_NEWNS) || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL))
		return 2;
	if (mkdir(mnt, 0755) && errno != EEXIST)
		return 2;
	if (mount("tmpfs", mnt, "tmpfs", 0, "size=64k"))
		return 2;
	/* 256 KiB: the first flush already overruns the 64 KiB disk */
	if (disk_full_once(c, mnt, 0) || disk_full_once(c, mnt, 4096)) {
		printf("FAIL tmpfs_disk_full: %s\n", c->why);
		return 1;
	}
	printf("PASS tmpfs_disk_full\n");
	return 0;
}

static void test_tmpfs_disk_full(struct ctx *c)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		status = disk_full_child(c);
		fflush(stdout);
		_exit(status);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
		printf("FAIL tmpfs_disk_full: child did not finish\n");
		c->failures++;
	} else if (WEXITSTATUS(status) == 2) {
		printf("SKIP tmpfs_disk_full: no private mount namespace with tmpfs (needs root)\n");
	} else if (WEXITSTATUS(status)) {
		c->failures++;
	}
}

static void run_test(struct ctx *c, const char *name, int (*fn)(struct ctx *))
{
	c->why[0] = '\0';
	if (fn(c)) {
		printf("FAIL %s: %s\n", name, c->why[0] ? c->why : "(no reason)");
		c->failures++;
	} else {
		printf("PASS %s\n", name);
	}
	fflush(stdout);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup_dir(struct ctx *c, const char *parent)
{
	int len = snprintf(c->dir, sizeof(c->dir), "%s/test_pcapng.XXXXXX", parent);

	if (len >= (int)sizeof(c->dir) || strchr(c->dir, '\'') || !mkdtemp(c->dir)) {
		fprintf(stderr, "test_pcapng: cannot make a scratch directory in %s\n", parent);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ctx c = { 0 };

	if (argc > 2 || setup_dir(&c, argc == 2 ? argv[1] : "/tmp"))
		return 2;
	/* A reader that goes away must show up as -EPIPE, not kill the test. */
	signal(SIGPIPE, SIG_IGN);
	make_packets();
	run_test(&c, "pcapng_readers", test_pcapng_readers);
	run_test(&c, "pcap_readers", test_pcap_readers);
	run_test(&c, "epb_layout", test_epb_layout);
	run_test(&c, "validation", test_validation);
	run_test(&c, "as_read", test_as_read);
	run_test(&c, "dev_full_enospc", test_dev_full);
	run_test(&c, "pipe_reader", test_pipe_reader);
	run_test(&c, "pipe_closed_epipe", test_pipe_closed);
	test_tmpfs_disk_full(&c);
	free_packets();
	if (c.failures) {
		printf("%d test(s) failed; files kept in %s\n", c.failures, c.dir);
		return 1;
	}
	nftw(c.dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
