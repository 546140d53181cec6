/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Structures shared by the capture program (bpf/capture.bpf.c) and user
 * space. Keep the layout fixed-width and naturally aligned: both sides
 * compile it, one for the BPF target and one for the host.
 */
#ifndef XDPDUMP_SHARED_H
#define XDPDUMP_SHARED_H

#include <linux/types.h>

/* The capture program's name as the kernel shows it (15 characters max).
 * A program of this name attached to an interface with nobody running is a
 * leftover of a killed xdpdump: the recovery code looks for it. */
#define XDPDUMP_PROG_NAME "xdpdump_capture"
/* The exit capture program, which the hook of a user's program calls. */
#define XDPDUMP_EXIT_PROG_NAME "xdpdump_at_exit"

/* Default snap length, written to the IDB as a full 32-bit value. */
#define XDPDUMP_DEFAULT_SNAPLEN 262144

/* Where in the XDP path a record was taken. */
enum xdpdump_capture_point {
	XDPDUMP_POINT_ENTRY = 0, /* before the user's program runs */
	XDPDUMP_POINT_EXIT = 1, /* after it, with its verdict */
	/* Not from the kernel: a record read from a file (-r), which says
	 * nothing of direction or queue. */
	XDPDUMP_POINT_FILE = 2,
};

/*
 * Metadata that precedes the packet bytes in every record, perf sample or
 * ring buffer record alike. The packet follows immediately (cap_len bytes;
 * a ring buffer record may be longer, rounded up to its size class).
 */
struct xdpdump_meta {
	__u64 ts_ns; /* bpf_ktime_get_ns() on the CPU that saw the packet */
	__u64 packet_id; /* unique per capture: (cpu << 48) | per-CPU sequence */
	__u32 ifindex; /* xdp_md->ingress_ifindex */
	__u32 rx_queue; /* xdp_md->rx_queue_index */
	__u32 pkt_len; /* full frame length, all fragments */
	__u32 cap_len; /* bytes that follow this header */
	__u32 action; /* XDP verdict for exit records, 0 for entry */
	__u32 point; /* enum xdpdump_capture_point */
	__u32 source; /* fentry/fexit: which traced program; else 0 */
	__u32 reserved;
};

#define XDPDUMP_PACKET_ID_CPU_SHIFT 48

/*
 * A ring buffer record (--ring ringbuf) is a finished pcapng Enhanced
 * Packet Block, made by the capture program, behind 8 bytes that only the
 * merge reads. The writer hands the block to the file as it is
 * (docs/record-path.md):
 *
 *   mono_ns                    bpf_ktime_get_ns() after the reservation:
 *                              the merge's key, not written
 *   block_type .. pkt_len      the EPB's fixed part: type 6, total length,
 *                              interface id, wall-clock ns (high, low),
 *                              captured and original length
 *   packet                     cap_len bytes, zero-padded to 4
 *   options                    epb_flags (inbound), epb_packetid,
 *                              epb_queue, then for exit records
 *                              epb_verdict (type 2: eBPF XDP, the action)
 *   opt_endofopt, block_len    the end of the block
 *
 * A size-class record may be longer than 8 + block_len: the reader uses
 * block_len. The layout is fixed by cap_len and the point.
 */
struct xdpdump_epb_head {
	__u64 mono_ns;
	__u32 block_type;
	__u32 block_len;
	__u32 if_id;
	__u32 ts_high;
	__u32 ts_low;
	__u32 cap_len;
	__u32 pkt_len;
} __attribute__((packed, aligned(4)));

#define XDPDUMP_EPB_TYPE 6
/* Bytes in front of the packet: the merge key and the EPB's fixed part. */
#define XDPDUMP_EPB_HEAD_LEN 36
/* What follows the padded packet, options and the closing length. */
#define XDPDUMP_EPB_TAIL_ENTRY 36
#define XDPDUMP_EPB_TAIL_EXIT 52
/* pcapng option codes the program writes (draft-ietf-opsawg-pcapng). */
#define XDPDUMP_EPB_OPT_FLAGS 2
#define XDPDUMP_EPB_OPT_PACKETID 5
#define XDPDUMP_EPB_OPT_QUEUE 6
#define XDPDUMP_EPB_OPT_VERDICT 7
#define XDPDUMP_EPB_FLAG_INBOUND 1
#define XDPDUMP_EPB_VERDICT_XDP 2
/* The interface id of a record made before user space named the
 * interface in the file (the IDBs are written once every interface is
 * attached): this bit, with the traced program's index below it. The
 * writer rebuilds such a record with the right id. */
#define XDPDUMP_EPB_IF_UNSET 0x80000000u

/* How records reach user space. */
enum xdpdump_ring_kind {
	XDPDUMP_RING_PERF = 0, /* per-CPU perf event array (BPF_MAP_TYPE_PERF_EVENT_ARRAY) */
	XDPDUMP_RING_RINGBUF = 1, /* one BPF ring buffer shared by the CPUs */
};

/*
 * What the capture programs keep per CPU: the only value of the one-slot
 * PERCPU_ARRAY "stats", so the packet path pays for one map lookup. User
 * space sums each field over the CPUs. All fields only grow.
 *
 * The packet a CPU is handling is number seen - 1 on that CPU: its entry
 * record's packet id is (cpu << XDPDUMP_PACKET_ID_CPU_SHIFT) | (seen - 1),
 * and its exit record, taken later on the same CPU in the same XDP run,
 * derives the same id from the same counter.
 */
struct xdpdump_cpu_stats {
	__u64 seen; /* packets the capture program handled */
	__u64 matched; /* entry records the filter kept */
	__u64 output_failed; /* no room in the ring: the record was lost */
	__u64 exit_seen; /* packets that came back through the hook */
	__u64 exit_matched; /* exit records kept (action and filter) */
	/* The budget (bpf/budget.h): records the filter kept that were left
	 * out, and never copied. exit_matched and matched count only the
	 * records that were made. */
	__u64 unsampled; /* entry records left out by --sample */
	__u64 over_budget; /* entry records left out by --max-rate */
	__u64 exit_unsampled; /* exit records left out by --sample */
	__u64 exit_over_budget; /* exit records left out by --max-rate */
	/* Not counters (they go down, and user space does not sum them):
	 * records still to leave out before the next one sampled. */
	__u64 sample_left;
	__u64 exit_sample_left;
};

/* The --max-rate state of one interface, shared by its CPUs: the only
 * value of the one-slot ARRAY "budget" (bpf/budget.h). */
struct xdpdump_budget_state {
	__u64 tat; /* kernel time (ns) up to which the budget is spent */
};

/* The ELF section of the capture program. Not plain "xdp": xdpdump
 * registers a libbpf handler for it that puts the translated filter in
 * place of the stub just before load. */
#define XDPDUMP_PROG_SECTION "xdpdump"
/* The exit capture program's section, handled the same way. */
#define XDPDUMP_EXIT_SECTION "xdpdump_exit"
/* The fentry/fexit programs' sections (bpf/trace.bpf.c), handled the same
 * way for the filter. */
#define XDPDUMP_FENTRY_SECTION "xdpdump/fentry"
#define XDPDUMP_FEXIT_SECTION "xdpdump/fexit"
/* The stub subprogram whose body the translated filter replaces. */
#define XDPDUMP_FILTER_FUNC "xdpdump_filter"

/* Slot of the PROG_ARRAY "chain" that holds the user's original program. */
#define XDPDUMP_CHAIN_SLOT 0

#endif /* XDPDUMP_SHARED_H */
