# SPDX-License-Identifier: GPL-2.0
# xdpdump — a tcpdump for the XDP layer. This file only declares what is
# built from what; the rules live in lib/common.mk.

VERSION := 0.1.0

TOOL := xdpdump
TOOL_SRCS := $(wildcard xdpdump/*.c xdpdump/*/*.c)
LIB_SRCS := $(wildcard lib/*.c lib/print/*.c)
BPF_SRCS := bpf/capture.bpf.c bpf/capture_dynptr.bpf.c bpf/trace.bpf.c
UNIT_TESTS := $(wildcard tests/unit/test_*.c)
# Prints a capture file with lib/print, for test_print_diff.sh.
PRINT_TOOL := tests/unit/print_pcap.c
TESTENV_BPF := $(wildcard testenv/*.bpf.c)
TESTENV_TOOLS := $(filter-out %.bpf.c,$(wildcard testenv/*.c))
EXAMPLES_BPF := $(wildcard tests/examples/*.bpf.c)
FILTER_TOOLS := $(wildcard tests/filter/*.c)
HOOK_HEADER := bpf/xdpdump_hook.h
MAN_PAGES := man/xdpdump.8
# libFuzzer targets, tests/fuzz/fuzz_NAME.c, and what each links besides
# itself (tests/fuzz/README.md). A new target adds its FUZZ_SRCS_NAME line;
# the packet printer's (fuzz_print.c) is expected to be lib/print*.c.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SRCS_cbpf_xlate := lib/cbpf_xlate.c tests/fuzz/cbpf_check.c
FUZZ_SRCS_pcap_read := xdpdump/offline/pcap_front.c lib/pcapng.c lib/outbuf.c lib/fdio.c
FUZZ_LIBS_pcap_read := -lpcap
FUZZ_SRCS_print := $(wildcard lib/print/*.c)
FUZZ_SRCS_pcapng_stream := lib/pcapng_stream.c
# Integration tests `make check-valgrind` leaves out, for time: filter_diff
# runs xdpdump -r some 500 times over 6,000 frames (100 s without memcheck,
# far longer with it), print_diff some 50 times over the same frames, and
# fault_cycles starts and stops xdpdump 1,000 times; fault_sigkill_random
# kills xdpdump at random moments, which under memcheck all fall in its
# slow start-up; fault_two_instances times two captures stopping at the
# same moment, which memcheck's slowdown turns into different races than
# the test is written for. packaging, deb and docs never run $(BUILD)/xdpdump
# (they build their own, or read text), so memcheck would only repeat them.
# offline_diff runs xdpdump -r some 3,700 times (90 s without memcheck);
# print_diff also leaves out offline_print_diff, 176 runs.
# privileges runs xdpdump as nobody, who cannot write memcheck's logs.
# The other tests take about 6 minutes under it.
VALGRIND_SKIP := filter_diff print_diff fault_cycles fault_sigkill_random fault_two_instances \
	packaging deb docs offline_diff privileges

include lib/common.mk
