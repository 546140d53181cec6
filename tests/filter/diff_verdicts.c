// SPDX-License-Identifier: GPL-2.0
/*
 * diff_verdicts — does xdpdump's in-kernel filter keep exactly the packets
 * libpcap's own interpreter keeps?
 *
 *   diff_verdicts [options] XDPDUMP CORPUS.pcap EXPRESSIONS.txt [SNAPLEN]
 *   diff_verdicts -c [-b] EXPRESSIONS.txt
 *
 * For each expression, the reference is pcap_compile() (DLT_EN10MB,
 * optimizer on, netmask unknown, the snap length) and pcap_offline_filter()
 * on every packet of at least 14 bytes, with hdr.len = hdr.caplen = the
 * packet's length; the filter's return value is a snap length, so the
 * reference keeps min(len, SNAPLEN, ret) bytes. The candidate is
 *   XDPDUMP -r CORPUS --kernel-filter -s SNAPLEN -w OUT.pcapng -- EXPRESSION
 * (fork and exec, no shell): every kept packet carries its 1-based position
 * in CORPUS as epb_packetid, its original length, and its cut bytes. Shorter
 * packets are not run (the kernel refuses them) and must not be kept.
 *
 * A pair (expression, packet) mismatches when the verdicts differ, or both
 * keep it with different lengths or bytes. One MISMATCH line per failing
 * expression names the first packets of each kind of mismatch; an ERROR
 * line says why xdpdump did not run one. Pairs on which libpcap's own
 * interpreter never returns (see struct reference) have no reference
 * verdict: a NOTE line lists them with what xdpdump did, and they are left
 * out of the pairs and mismatches. The last line is
 *   expressions N, packets M, pairs P, mismatches K
 * and the exit status is 0 only when K is 0 and xdpdump ran every
 * expression successfully.
 *
 * Options:
 *   -t           also run every expression over truncated copies of the
 *                corpus packets (see build_truncated() for which copies)
 *   -T           only the truncated pass
 *   -S STRIDE    truncated pass: every STRIDE-th packet (default 1: all)
 *   -M MAXCUT    truncated pass: every cut up to MAXCUT bytes, then 16 more
 *                spread over the rest of the packet and those at the edges
 *                of a test run's linear part and pages (default 0: every
 *                cut; MAXCUT below 14 means 0)
 *   -j JOBS      xdpdump processes at a time (default: online CPUs)
 *   -l LIMIT     timeout of one xdpdump run, seconds (default 600)
 *   -k           keep the temporary directory (printed)
 *   -c           only check that every expression compiles with libpcap;
 *                with -b, that none does (the must-be-refused list)
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <pcap/pcap.h>

#define ETH_HLEN 14
#define MAX_SHOWN 5
#define DEFAULT_SNAPLEN 262144
#define SPREAD_CUTS 16

struct options {
	const char *xdpdump, *corpus, *exprs;
	uint32_t snaplen;
	bool main_pass, trunc_pass, keep, compile_only, expect_bad;
	unsigned int stride, maxcut, jobs, limit;
};

/* A packet is a prefix of a corpus packet: the truncated corpus points
 * into the original's bytes instead of copying them. */
struct packet {
	const uint8_t *data;
	uint32_t len;
	uint32_t origin; /* 1-based number in the source corpus */
};

struct corpus {
	struct packet *pkts;
	size_t n, runnable; /* runnable: at least ETH_HLEN bytes */
	uint8_t *blob;
	const char *path;
	bool truncated;
};

struct exprs {
	char **v;
	size_t n;
};

/* What xdpdump wrote for one kept packet. */
struct kept {
	uint64_t id;
	uint32_t caplen, origlen;
	const uint8_t *data;
};

struct output {
	struct kept *v;
	size_t n, cap;
	void *map;
	size_t map_len;
	bool have_ids;
	bool owns_data; /* read through libpcap: each packet's data is a copy */
};

struct mismatch_list {
	size_t count;
	size_t shown[MAX_SHOWN];
};

struct verdicts {
	struct mismatch_list only_ours, only_ref, caplen, content, bad_id;
	/* packets libpcap loops on: what xdpdump did, for information */
	struct mismatch_list loop_kept, loop_dropped;
};

struct job {
	pid_t pid;
	size_t expr;
	double start;
	char out[PATH_MAX], err[PATH_MAX];
};

struct pass_stats {
	size_t expressions, failed_runs, failing_exprs;
	uint64_t pairs, mismatches, loop_pairs, kept; /* kept: pairs libpcap keeps */
	double xdpdump_secs, ref_secs, wall_secs, slowest_secs;
	size_t slowest;
};

/* short enough that every file name under it fits in PATH_MAX */
static char tmpdir[PATH_MAX / 2];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "diff_verdicts: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(2);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die("%s", "out of memory");
	return p;
}

/* ---- input ------------------------------------------------------------- */

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s &&
	       (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* One expression a line; blank lines and lines starting with '#' skipped. */
static void read_exprs(const char *path, struct exprs *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *s;
	size_t cap = 0, room = 0;

	if (!f)
		die("cannot open %s", path);
	while (getline(&line, &cap, f) >= 0) {
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		if (e->n == room) {
			room = room ? 2 * room : 256;
			e->v = realloc(e->v, room * sizeof(*e->v));
			if (!e->v)
				die("%s", "out of memory");
		}
		e->v[e->n] = strdup(s);
		if (!e->v[e->n++])
			die("%s", "out of memory");
	}
	free(line);
	fclose(f);
	if (!e->n)
		die("no expressions in %s", path);
}

/* The whole corpus in memory. Every packet must have caplen == len: an
 * XDP test run sees only the captured bytes, so a cut packet in the file
 * would be judged on different bytes by the two sides. */
static void read_corpus(const char *path, struct corpus *c)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, errbuf);
	struct pcap_pkthdr *h;
	const u_char *data;
	size_t room = 0, used = 0, blob_room = 0;
	int rc;

	if (!p)
		die("%s", errbuf);
	if (pcap_datalink(p) != DLT_EN10MB)
		die("%s: not an Ethernet capture", path);
	memset(c, 0, sizeof(*c));
	c->path = path;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		if (h->caplen != h->len)
			die("%s: a packet with caplen != len; write the corpus uncut", path);
		if (c->n == room) {
			room = room ? 2 * room : 8192;
			c->pkts = realloc(c->pkts, room * sizeof(*c->pkts));
		}
		if (used + h->caplen > blob_room) {
			blob_room = 2 * (used + h->caplen) + (1 << 20);
			c->blob = realloc(c->blob, blob_room);
		}
		if (!c->pkts || !c->blob)
			die("%s", "out of memory");
		memcpy(c->blob + used, data, h->caplen);
		/* offsets now, pointers once the blob stops moving */
		c->pkts[c->n++] = (struct packet){ .data = (const uint8_t *)(uintptr_t)used,
						   .len = h->caplen,
						   .origin = (uint32_t)c->n + 1 };
		used += h->caplen;
	}
	if (rc == PCAP_ERROR)
		die("%s", pcap_geterr(p));
	pcap_close(p);
	for (size_t i = 0; i < c->n; i++) {
		c->pkts[i].data = c->blob + (uintptr_t)c->pkts[i].data;
		c->runnable += c->pkts[i].len >= ETH_HLEN;
	}
}

/* ---- the truncated corpus ---------------------------------------------- */

/* A test run puts 4096 - 256 (headroom) - 320 (skb_shared_info) = 3520
 * bytes in the linear part and the rest in page fragments: cuts right at
 * those edges are where a load switches from one access path to the other. */
static const uint32_t edge_cuts[] = { 3519, 3520, 3521, 7615, 7616, 7617 };
#define MAX_EXTRA_CUTS (SPREAD_CUTS + sizeof(edge_cuts) / sizeof(edge_cuts[0]))

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The cut lengths past MAXCUT of a packet of len bytes: SPREAD_CUTS spread
 * evenly up to len - 1, and the edge cuts that fall in between; sorted,
 * without repeats. */
static size_t extra_cuts(uint32_t maxcut, uint32_t len, uint32_t *out)
{
	size_t n = 0, k = 0;

	for (size_t i = 1; i <= SPREAD_CUTS; i++)
		out[n++] = maxcut + (uint32_t)((uint64_t)(len - 1 - maxcut) * i / SPREAD_CUTS);
	for (size_t i = 0; i < sizeof(edge_cuts) / sizeof(edge_cuts[0]); i++)
		if (edge_cuts[i] > maxcut && edge_cuts[i] < len)
			out[n++] = edge_cuts[i];
	qsort(out, n, sizeof(*out), cmp_u32);
	for (size_t i = 0; i < n; i++)
		if (!k || out[i] != out[k - 1])
			out[k++] = out[i];
	return k;
}

/* The cut lengths of a packet of len bytes, into out (NULL: only count):
 * every length from 14 to len - 1, or with MAXCUT, every length from 14 to
 * MAXCUT and then extra_cuts(). The full length is the main pass's. */
static size_t cuts_of(const struct options *o, uint32_t len, uint32_t *out)
{
	uint32_t top = len - 1, extra[MAX_EXTRA_CUTS];
	size_t n = 0, n_extra = 0;

	if (len <= ETH_HLEN)
		return 0;
	if (o->maxcut >= ETH_HLEN && top > o->maxcut) {
		n_extra = extra_cuts(o->maxcut, len, extra);
		top = o->maxcut;
	}
	for (uint32_t cut = ETH_HLEN; cut <= top; cut++, n++)
		if (out)
			out[n] = cut;
	for (size_t i = 0; i < n_extra; i++, n++)
		if (out)
			out[n] = extra[i];
	return n;
}

/*
 * Truncated copies: of every STRIDE-th corpus packet (1, 1 + STRIDE, ...),
 * each cut length from cuts_of(), written with caplen == len == the cut
 * length. In memory they point into the source corpus.
 */
static void build_truncated(const struct options *o, const struct corpus *src, struct corpus *t,
			    const char *path)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, DEFAULT_SNAPLEN);
	pcap_dumper_t *d = dead ? pcap_dump_open(dead, path) : NULL;
	uint32_t *cuts = xcalloc(DEFAULT_SNAPLEN, sizeof(*cuts));
	size_t total = 0, k = 0;

	if (!d)
		die("cannot write %s", path);
	for (size_t i = 0; i < src->n; i += o->stride)
		total += cuts_of(o, src->pkts[i].len, NULL);
	memset(t, 0, sizeof(*t));
	t->pkts = xcalloc(total, sizeof(*t->pkts));
	t->path = path;
	t->truncated = true;
	for (size_t i = 0; i < src->n; i += o->stride) {
		const struct packet *p = &src->pkts[i];
		size_t n = cuts_of(o, p->len, cuts);

		for (size_t j = 0; j < n; j++) {
			struct pcap_pkthdr h = { .ts = { .tv_sec =
								 1700000000 + (long)(k / 1000000),
							 .tv_usec = (long)(k % 1000000) } };

			h.caplen = h.len = cuts[j];
			t->pkts[k++] = (struct packet){ .data = p->data,
							.len = h.len,
							.origin = p->origin };
			pcap_dump((u_char *)d, &h, p->data);
		}
	}
	free(cuts);
	t->n = t->runnable = k;
	if (pcap_dump_flush(d))
		die("write error on %s", path);
	pcap_dump_close(d);
	pcap_close(dead);
}

/* ---- the reference ----------------------------------------------------- */

/*
 * libpcap's verdicts on one corpus: ret[i] is what the filter returns for
 * packet i (0 = reject). loops[i] marks a packet on which libpcap's own
 * interpreter never returns: `protochain` code walks AH headers with
 * X = (P[X + 1] + 2) * 4, forgetting to add the old X (gencode.c, still so
 * upstream), so some AH chains send it round the same headers forever.
 * Such a pair has no reference verdict; it is counted apart.
 */
struct reference {
	uint32_t *ret;
	uint8_t *loops;
	size_t n_loops;
};

static sigjmp_buf filter_escape;

static void on_filter_timeout(int sig)
{
	(void)sig;
	siglongjmp(filter_escape, 1);
}

/* Only a program with a backward jump can fail to return. */
static bool has_backward_jump(const struct bpf_program *prog)
{
	for (u_int i = 0; i < prog->bf_len; i++)
		if (prog->bf_insns[i].code == (BPF_JMP | BPF_JA) &&
		    prog->bf_insns[i].k >= 0x80000000u)
			return true;
	return false;
}

/* bpf_filter() allocates nothing and takes no lock, so a timer signal may
 * jump out of it. 5 ms of CPU time is hundreds of times what any
 * terminating run over a 9000-byte frame takes. */
static bool filter_guarded(const struct bpf_program *prog, const struct pcap_pkthdr *h,
			   const uint8_t *data, uint32_t *ret)
{
	struct itimerval limit = { .it_value = { .tv_usec = 5000 } }, off = { 0 };
	volatile bool done = false;

	if (!sigsetjmp(filter_escape, 1)) {
		setitimer(ITIMER_VIRTUAL, &limit, NULL);
		*ret = (uint32_t)pcap_offline_filter(prog, h, data);
		done = true;
	}
	setitimer(ITIMER_VIRTUAL, &off, NULL);
	return done;
}

static int reference(const char *expr, uint32_t snaplen, const struct corpus *c,
		     struct reference *r, char *err, size_t err_size)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, (int)snaplen);
	struct bpf_program prog;
	bool guard;

	if (!dead) {
		snprintf(err, err_size, "pcap_open_dead failed");
		return -1;
	}
	if (pcap_compile(dead, &prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		snprintf(err, err_size, "libpcap: %s", pcap_geterr(dead));
		pcap_close(dead);
		return -1;
	}
	guard = has_backward_jump(&prog);
	memset(r->loops, 0, c->n);
	r->n_loops = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct pcap_pkthdr h = { .caplen = c->pkts[i].len, .len = c->pkts[i].len };

		r->ret[i] = 0;
		if (c->pkts[i].len < ETH_HLEN)
			continue;
		if (!guard)
			r->ret[i] = (uint32_t)pcap_offline_filter(&prog, &h, c->pkts[i].data);
		else if (!filter_guarded(&prog, &h, c->pkts[i].data, &r->ret[i]))
			r->loops[i] = 1, r->n_loops++, r->ret[i] = 0;
	}
	pcap_freecode(&prog);
	pcap_close(dead);
	return 0;
}

/* ---- reading what xdpdump wrote ---------------------------------------- */

static void add_kept(struct output *out, const struct kept *k)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 1024;
		out->v = realloc(out->v, out->cap * sizeof(*out->v));
		if (!out->v)
			die("%s", "out of memory");
	}
	out->v[out->n++] = *k;
}

static uint32_t get32(const uint8_t *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static uint16_t get16(const uint8_t *p, bool swap)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return swap ? __builtin_bswap16(v) : v;
}

static uint64_t get64(const uint8_t *p, bool swap)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return swap ? __builtin_bswap64(v) : v;
}

/* epb_packetid (option code 5, 8 bytes) among the EPB options in
 * [p, end); draft-ietf-opsawg-pcapng section 4.3.1. */
static bool find_packet_id(const uint8_t *p, const uint8_t *end, bool swap, uint64_t *id)
{
	while (p + 4 <= end) {
		uint16_t code = get16(p, swap), len = get16(p + 2, swap);

		if (code == 0 || p + 4 + len > end)
			break;
		if (code == 5 && len == 8) {
			*id = get64(p + 4, swap);
			return true;
		}
		p += 4 + ((len + 3u) & ~3u);
	}
	return false;
}

/* Enhanced Packet Block body: interface id, timestamp (2 words), captured
 * length, original length, data padded to 32 bits, options. */
static int parse_epb(const uint8_t *body, size_t body_len, bool swap, struct output *out)
{
	struct kept k = { 0 };
	size_t data_end;

	if (body_len < 20)
		return -1;
	k.caplen = get32(body + 12, swap);
	k.origlen = get32(body + 16, swap);
	data_end = 20 + (((size_t)k.caplen + 3) & ~(size_t)3);
	if (data_end > body_len)
		return -1;
	k.data = body + 20;
	if (!find_packet_id(body + data_end, body + body_len, swap, &k.id))
		out->have_ids = false;
	add_kept(out, &k);
	return 0;
}

/* Walk the blocks of a pcapng file (one section or more). */
static int parse_pcapng(const uint8_t *b, size_t len, struct output *out)
{
	size_t off = 0;
	bool swap = false;

	out->have_ids = true;
	while (off + 12 <= len) {
		uint32_t type, blen;

		if (get32(b + off, false) == 0x0a0d0d0a) {
			if (off + 12 > len)
				return -1;
			swap = get32(b + off + 8, false) != 0x1a2b3c4d;
			if (swap && get32(b + off + 8, true) != 0x1a2b3c4d)
				return -1;
		}
		type = get32(b + off, swap);
		blen = get32(b + off + 4, swap);
		if (blen < 12 || blen % 4 || off + blen > len)
			return -1;
		if (type == 6 && parse_epb(b + off + 8, blen - 12, swap, out))
			return -1;
		if (type == 3) /* a Simple Packet Block has no id */
			out->have_ids = false;
		off += blen;
	}
	return off == len ? 0 : -1;
}

/* Classic pcap from xdpdump: no ids, matched by order. Copies the data,
 * since libpcap reuses its buffer. */
static int parse_pcap(const char *path, struct output *out)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, errbuf);
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	if (!p)
		return -1;
	out->have_ids = false;
	out->owns_data = true;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		uint8_t *copy = malloc(h->caplen ? h->caplen : 1);
		struct kept k = { .caplen = h->caplen, .origlen = h->len, .data = copy };

		if (!copy)
			die("%s", "out of memory");
		memcpy(copy, data, h->caplen);
		add_kept(out, &k);
	}
	pcap_close(p);
	return rc == PCAP_ERROR ? -1 : 0;
}

static int read_output(const char *path, struct output *out)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	uint32_t magic = 0;

	memset(out, 0, sizeof(*out));
	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	out->map_len = (size_t)st.st_size;
	if (out->map_len >= 4)
		out->map = mmap(NULL, out->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (out->map == MAP_FAILED || !out->map)
		return -1;
	memcpy(&magic, out->map, 4);
	if (magic == 0x0a0d0d0a)
		return parse_pcapng(out->map, out->map_len, out);
	return parse_pcap(path, out);
}

static void free_output(struct output *out)
{
	if (out->owns_data)
		for (size_t i = 0; i < out->n; i++)
			free((void *)(uintptr_t)out->v[i].data);
	if (out->map && out->map != MAP_FAILED)
		munmap(out->map, out->map_len);
	free(out->v);
}

/* Without ids, the i-th kept packet is the i-th one libpcap keeps. */
static void assign_ids_by_order(struct output *out, const struct corpus *c, const uint32_t *ret)
{
	/* (packets libpcap loops on count as rejected here: ids are a must
	 * for expressions that have such packets) */
	size_t j = 0;

	for (size_t i = 0; i < out->n; i++) {
		while (j < c->n && !ret[j])
			j++;
		out->v[i].id = j < c->n ? j + 1 : c->n + 1 + i;
		j++;
	}
}

/* ---- comparing ----------------------------------------------------------- */

static void note(struct mismatch_list *m, size_t pkt)
{
	if (m->count < MAX_SHOWN)
		m->shown[m->count] = pkt;
	m->count++;
}

static uint32_t ref_cap(uint32_t len, uint32_t snaplen, uint32_t ret)
{
	uint32_t cap = len < snaplen ? len : snaplen;

	return cap < ret ? cap : ret;
}

/* Check one kept packet against the packet it claims to be. */
static void compare_kept(const struct kept *k, const struct corpus *c, const struct reference *r,
			 uint32_t snaplen, struct verdicts *v)
{
	const struct packet *p = &c->pkts[k->id - 1];
	const uint32_t *ret = r->ret;

	if (r->loops[k->id - 1]) {
		note(&v->loop_kept, k->id);
		return;
	}
	if (p->len < ETH_HLEN || !ret[k->id - 1]) {
		note(&v->only_ours, k->id);
		return;
	}
	if (k->caplen != ref_cap(p->len, snaplen, ret[k->id - 1]))
		note(&v->caplen, k->id);
	else if (k->origlen != p->len || memcmp(k->data, p->data, k->caplen))
		note(&v->content, k->id);
}

static void compare(const struct output *out, const struct corpus *c, const struct reference *r,
		    uint32_t snaplen, struct verdicts *v)
{
	uint8_t *seen = xcalloc(c->n, 1);
	uint64_t last = 0;

	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < out->n; i++) {
		const struct kept *k = &out->v[i];

		/* ids must name a packet, each once, in file order */
		if (k->id < 1 || k->id > c->n || k->id <= last || seen[k->id - 1]) {
			note(&v->bad_id, i + 1);
			continue;
		}
		last = k->id;
		seen[k->id - 1] = 1;
		compare_kept(k, c, r, snaplen, v);
	}
	for (size_t i = 0; i < c->n; i++) {
		if (r->ret[i] && !seen[i])
			note(&v->only_ref, i + 1);
		if (r->loops[i] && !seen[i])
			note(&v->loop_dropped, i + 1);
	}
	free(seen);
}

static uint64_t mismatch_total(const struct verdicts *v)
{
	return v->only_ours.count + v->only_ref.count + v->caplen.count + v->content.count +
	       v->bad_id.count;
}

static void print_list(const char *what, const struct mismatch_list *m, const struct corpus *c,
		       bool is_packet)
{
	if (!m->count)
		return;
	printf("; %zu %s:", m->count, what);
	for (size_t i = 0; i < m->count && i < MAX_SHOWN; i++) {
		size_t n = m->shown[i];

		if (is_packet && c->truncated)
			printf(" #%zu (packet %u cut to %u)", n, c->pkts[n - 1].origin,
			       c->pkts[n - 1].len);
		else if (is_packet)
			printf(" #%zu (%u bytes)", n, c->pkts[n - 1].len);
		else
			printf(" #%zu", n);
	}
	if (m->count > MAX_SHOWN)
		printf(" ...");
}

static void print_mismatches(const char *pass, const char *expr, const struct verdicts *v,
			     const struct corpus *c)
{
	printf("MISMATCH [%s] %s: %llu", pass, expr, (unsigned long long)mismatch_total(v));
	print_list("kept by xdpdump only", &v->only_ours, c, true);
	print_list("kept by libpcap only", &v->only_ref, c, true);
	print_list("cap length differs", &v->caplen, c, true);
	print_list("bytes or original length differ", &v->content, c, true);
	print_list("kept packets with a bad or repeated id (output record)", &v->bad_id, c,
		   false);
	printf("\n");
	fflush(stdout);
}

static void print_loops(const char *pass, const char *expr, const struct verdicts *v,
			const struct corpus *c)
{
	printf("NOTE [%s] %s: libpcap loops forever on %zu packets, not compared", pass, expr,
	       v->loop_kept.count + v->loop_dropped.count);
	print_list("xdpdump kept", &v->loop_kept, c, true);
	print_list("xdpdump dropped", &v->loop_dropped, c, true);
	printf("\n");
}

/* ---- running xdpdump ----------------------------------------------------- */

/* In the child: stdout to /dev/null, stderr to the job's file, then
 * XDPDUMP -r CORPUS -s SNAPLEN -w OUT -- EXPRESSION ("--": an expression
 * may start with '-', as in `-ip[8] = 0xffffffc0`). */
static void child(const struct options *o, const char *corpus, const char *expr,
		  const struct job *j)
{
	char snap[16];
	const char *argv[] = { o->xdpdump, "-r", corpus, "--kernel-filter",
			       "-s",	   snap, "-w",	 j->out,
			       "--",	   expr, NULL };
	int err = open(j->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int null = open("/dev/null", O_RDWR);

	if (err < 0 || null < 0)
		_exit(126);
	snprintf(snap, sizeof(snap), "%u", o->snaplen);
	dup2(null, 0);
	dup2(null, 1);
	dup2(err, 2);
	alarm(o->limit); /* survives exec: SIGALRM ends a hung run */
	execv(o->xdpdump, (char *const *)argv);
	dprintf(2, "exec %s: %s\n", o->xdpdump, strerror(errno));
	_exit(127);
}

static pid_t spawn(const struct options *o, const char *corpus, const char *expr,
		   const struct job *j)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (!pid)
		child(o, corpus, expr, j);
	return pid;
}

/* The first line of a file, for messages. */
static void first_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f && fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

/* xdpdump reports packets too short to run as "N shorter than an Ethernet
 * header"; when it gives a number, it must be the corpus's. */
static bool short_count_ok(const char *err_path, size_t expected)
{
	FILE *f = fopen(err_path, "r");
	char line[1024];
	bool ok = expected == 0;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *at = strstr(line, " shorter than an Ethernet header"), *p;

		if (!at)
			continue;
		p = at;
		while (p > line && p[-1] >= '0' && p[-1] <= '9')
			p--;
		ok = p == at || strtoull(p, NULL, 10) == expected;
	}
	fclose(f);
	return ok;
}

static bool run_ok(const struct job *j, int status, const struct corpus *c, const char *pass,
		   const char *expr)
{
	char line[512];

	first_line(j->err, line, sizeof(line));
	if (WIFSIGNALED(status)) {
		printf("ERROR [%s] %s: xdpdump killed by signal %d%s: %s\n", pass, expr,
		       WTERMSIG(status), WTERMSIG(status) == SIGALRM ? " (time limit)" : "",
		       line);
		return false;
	}
	if (WEXITSTATUS(status)) {
		printf("ERROR [%s] %s: xdpdump exit status %d: %s\n", pass, expr,
		       WEXITSTATUS(status), line);
		return false;
	}
	if (!short_count_ok(j->err, c->n - c->runnable)) {
		printf("ERROR [%s] %s: xdpdump did not report the %zu packets shorter than an "
		       "Ethernet header\n",
		       pass, expr, c->n - c->runnable);
		return false;
	}
	return true;
}

/* Judge one finished run: reference, output, comparison. */
static void judge(const struct options *o, const struct job *j, int status,
		  const struct corpus *c, const struct exprs *e, struct reference *ref,
		  const char *pass, struct pass_stats *st)
{
	const char *expr = e->v[j->expr];
	double t0 = now(), took = t0 - j->start;
	struct output out;
	struct verdicts v;
	char err[PCAP_ERRBUF_SIZE + 64];

	st->xdpdump_secs += took;
	if (took > st->slowest_secs) {
		st->slowest_secs = took;
		st->slowest = j->expr;
	}
	if (reference(expr, o->snaplen, c, ref, err, sizeof(err))) {
		printf("ERROR [%s] %s: %s\n", pass, expr, err);
		st->failed_runs++;
		return;
	}
	st->ref_secs += now() - t0;
	if (!run_ok(j, status, c, pass, expr)) {
		st->failed_runs++;
		return;
	}
	if (read_output(j->out, &out)) {
		printf("ERROR [%s] %s: cannot read xdpdump's output %s\n", pass, expr, j->out);
		free_output(&out);
		st->failed_runs++;
		return;
	}
	if (!out.have_ids)
		assign_ids_by_order(&out, c, ref->ret);
	compare(&out, c, ref, o->snaplen, &v);
	free_output(&out);
	st->pairs += c->runnable - ref->n_loops;
	st->loop_pairs += ref->n_loops;
	for (size_t i = 0; i < c->n; i++)
		st->kept += ref->ret[i] != 0;
	st->mismatches += mismatch_total(&v);
	if (ref->n_loops)
		print_loops(pass, expr, &v, c);
	if (mismatch_total(&v)) {
		st->failing_exprs++;
		print_mismatches(pass, expr, &v, c);
	}
}

static struct job *reap(struct job *jobs, unsigned int n, int *status)
{
	pid_t pid;

	do
		pid = wait(status);
	while (pid < 0 && errno == EINTR);
	if (pid < 0)
		die("wait: %s", strerror(errno));
	for (unsigned int i = 0; i < n; i++)
		if (jobs[i].pid == pid)
			return &jobs[i];
	return NULL;
}

/* Every expression over one corpus, JOBS xdpdump processes at a time. */
static void run_pass(const struct options *o, const char *pass, const struct corpus *c,
		     const struct exprs *e, struct pass_stats *st)
{
	struct job *jobs = xcalloc(o->jobs, sizeof(*jobs));
	struct reference ref = { .ret = xcalloc(c->n, sizeof(*ref.ret)),
				 .loops = xcalloc(c->n, 1) };
	size_t next = 0, running = 0;
	double start = now();

	memset(st, 0, sizeof(*st));
	st->expressions = e->n;
	for (unsigned int i = 0; i < o->jobs; i++) {
		snprintf(jobs[i].out, sizeof(jobs[i].out), "%s/out%u.pcapng", tmpdir, i);
		snprintf(jobs[i].err, sizeof(jobs[i].err), "%s/err%u.txt", tmpdir, i);
	}
	while (next < e->n || running) {
		for (unsigned int i = 0; i < o->jobs && next < e->n; i++) {
			if (jobs[i].pid)
				continue;
			unlink(jobs[i].out);
			jobs[i].expr = next++;
			jobs[i].start = now();
			jobs[i].pid = spawn(o, c->path, e->v[jobs[i].expr], &jobs[i]);
			if (jobs[i].pid < 0)
				die("fork: %s", strerror(errno));
			running++;
		}
		int status;
		struct job *j = reap(jobs, o->jobs, &status);

		if (!j)
			continue;
		judge(o, j, status, c, e, &ref, pass, st);
		j->pid = 0;
		running--;
	}
	st->wall_secs = now() - start;
	free(ref.ret);
	free(ref.loops);
	free(jobs);
}

static void print_pass(const char *pass, const struct corpus *c, const struct exprs *e,
		       const struct pass_stats *st)
{
	printf("pass %s: %zu expressions x %zu packets (%zu too short to run), %llu pairs "
	       "(%llu kept by libpcap; %llu more on which libpcap loops), %llu mismatches in "
	       "%zu expressions, %zu runs failed\n",
	       pass, st->expressions, c->runnable, c->n - c->runnable,
	       (unsigned long long)st->pairs, (unsigned long long)st->kept,
	       (unsigned long long)st->loop_pairs, (unsigned long long)st->mismatches,
	       st->failing_exprs, st->failed_runs);
	printf("pass %s: %.1f s wall; xdpdump %.1f s (%.0f ms per run, %.2f us per packet), "
	       "libpcap %.1f s; slowest run %.2f s: %s\n",
	       pass, st->wall_secs, st->xdpdump_secs, 1e3 * st->xdpdump_secs / (double)e->n,
	       1e6 * st->xdpdump_secs / ((double)e->n * (double)(c->runnable ? c->runnable : 1)),
	       st->ref_secs, st->slowest_secs, e->v[st->slowest]);
	fflush(stdout);
}

/* ---- main ------------------------------------------------------------------ */

static int compile_check(const struct options *o)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, (int)o->snaplen);
	struct exprs e = { 0 };
	size_t wrong = 0;

	read_exprs(o->exprs, &e);
	for (size_t i = 0; i < e.n; i++) {
		struct bpf_program prog;
		bool ok = !pcap_compile(dead, &prog, e.v[i], 1, PCAP_NETMASK_UNKNOWN);

		if (ok)
			pcap_freecode(&prog);
		if (ok == o->expect_bad) {
			wrong++;
			printf("%s: %s%s\n", e.v[i], ok ? "compiles" : "does not compile: ",
			       ok ? "" : pcap_geterr(dead));
		}
	}
	printf("%zu expressions, %zu %s\n", e.n, wrong,
	       o->expect_bad ? "compile (should not)" : "do not compile");
	pcap_close(dead);
	return wrong ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: diff_verdicts [-t|-T] [-S STRIDE] [-M MAXCUT] [-j JOBS] [-l SECS] [-k]\n"
		"                     XDPDUMP CORPUS.pcap EXPRESSIONS.txt [SNAPLEN]\n"
		"       diff_verdicts -c [-b] EXPRESSIONS.txt\n");
	exit(2);
}

static unsigned int number(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || v > UINT_MAX)
		usage();
	return (unsigned int)v;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	int c;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	*o = (struct options){ .snaplen = DEFAULT_SNAPLEN,
			       .main_pass = true,
			       .stride = 1,
			       .jobs = cpus > 0 ? (unsigned int)cpus : 1,
			       .limit = 600 };
	while ((c = getopt(argc, argv, "tTS:M:j:l:kcb")) != -1) {
		switch (c) {
		case 't':
			o->trunc_pass = true;
			break;
		case 'T':
			o->trunc_pass = true;
			o->main_pass = false;
			break;
		case 'S':
			o->stride = number(optarg);
			break;
		case 'M':
			o->maxcut = number(optarg);
			break;
		case 'j':
			o->jobs = number(optarg);
			break;
		case 'l':
			o->limit = number(optarg);
			break;
		case 'k':
			o->keep = true;
			break;
		case 'c':
			o->compile_only = true;
			break;
		case 'b':
			o->expect_bad = true;
			break;
		default:
			usage();
		}
	}
	if (o->compile_only) {
		if (argc - optind != 1)
			usage();
		o->exprs = argv[optind];
		return;
	}
	if (argc - optind < 3 || argc - optind > 4 || !o->stride || !o->jobs)
		usage();
	o->xdpdump = argv[optind];
	o->corpus = argv[optind + 1];
	o->exprs = argv[optind + 2];
	if (argc - optind == 4)
		o->snaplen = number(argv[optind + 3]);
	if (!o->snaplen)
		o->snaplen = DEFAULT_SNAPLEN;
	if (o->maxcut < ETH_HLEN)
		o->maxcut = 0;
}

static struct options opts;

/* atexit: the temporary files go, also after die(). */
static void cleanup(void)
{
	char path[PATH_MAX];
	static const char *const names[] = { "out%u.pcapng", "err%u.txt" };

	if (!tmpdir[0])
		return;
	if (opts.keep) {
		printf("kept %s\n", tmpdir);
		return;
	}
	for (unsigned int i = 0; i < opts.jobs; i++)
		for (size_t k = 0; k < 2; k++) {
			snprintf(path, sizeof(path), "%s/", tmpdir);
			snprintf(path + strlen(path), sizeof(path) - strlen(path), names[k], i);
			unlink(path);
		}
	snprintf(path, sizeof(path), "%s/truncated.pcap", tmpdir);
	unlink(path);
	rmdir(tmpdir);
}

static void make_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/diff_verdicts.XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		die("mkdtemp: %s", strerror(errno));
	atexit(cleanup);
}

static void truncated_pass(const struct options *o, const struct corpus *corpus,
			   struct corpus *trunc, const struct exprs *e, struct pass_stats *st)
{
	char path[PATH_MAX];
	double t0 = now();

	snprintf(path, sizeof(path), "%s/truncated.pcap", tmpdir);
	build_truncated(o, corpus, trunc, path);
	printf("pass truncated: %zu cut copies of every %u. corpus packet (built in %.1f s): "
	       "every length from %d",
	       trunc->n, o->stride, now() - t0, ETH_HLEN);
	if (o->maxcut)
		printf(" to %u, then %d spread over the rest and the test run's page edges\n",
		       o->maxcut, SPREAD_CUTS);
	else
		printf(" to the full length - 1\n");
	run_pass(o, "truncated", trunc, e, st);
	print_pass("truncated", trunc, e, st);
}

int main(int argc, char **argv)
{
	struct corpus corpus, trunc = { 0 };
	struct exprs e = { 0 };
	struct pass_stats st_main = { 0 }, st_trunc = { 0 };
	uint64_t mismatches;
	size_t failed;

	parse_args(argc, argv, &opts);
	signal(SIGVTALRM, on_filter_timeout);
	if (opts.compile_only)
		return compile_check(&opts);
	if (access(opts.xdpdump, X_OK))
		die("%s is not executable", opts.xdpdump);
	read_exprs(opts.exprs, &e);
	read_corpus(opts.corpus, &corpus);
	setvbuf(stdout, NULL, _IOLBF, 0);
	make_tmpdir();
	if (opts.main_pass) {
		run_pass(&opts, "main", &corpus, &e, &st_main);
		print_pass("main", &corpus, &e, &st_main);
	}
	if (opts.trunc_pass)
		truncated_pass(&opts, &corpus, &trunc, &e, &st_trunc);
	mismatches = st_main.mismatches + st_trunc.mismatches;
	failed = st_main.failed_runs + st_trunc.failed_runs;
	if (failed)
		printf("%zu runs of xdpdump failed\n", failed);
	printf("expressions %zu, packets %zu, pairs %llu, mismatches %llu\n", e.n,
	       (opts.main_pass ? corpus.runnable : 0) + trunc.runnable,
	       (unsigned long long)(st_main.pairs + st_trunc.pairs),
	       (unsigned long long)mismatches);
	return mismatches || failed ? 1 : 0;
}
