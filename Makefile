# SPDX-License-Identifier: GPL-2.0
# xdpdump — a tcpdump for the XDP layer. This file only declares what is
# built from what; the rules live in lib/common.mk.

VERSION := 0.1.0

TOOL := xdpdump
TOOL_SRCS := $(wildcard xdpdump/*.c)
LIB_SRCS := $(wildcard lib/*.c lib/print/*.c)
BPF_SRCS := bpf/capture.bpf.c bpf/trace.bpf.c
UNIT_TESTS := $(wildcard tests/unit/test_*.c)
# Prints a capture file with lib/print, for test_print_diff.sh.
PRINT_TOOL := tests/unit/print_pcap.c
TESTENV_BPF := $(wildcard testenv/*.bpf.c)
TESTENV_TOOLS := $(filter-out %.bpf.c,$(wildcard testenv/*.c))
EXAMPLES_BPF := $(wildcard tests/examples/*.bpf.c)
FILTER_TOOLS := $(wildcard tests/filter/*.c)
HOOK_HEADER := bpf/xdpdump_hook.h
MAN_PAGES := man/xdpdump.8

include lib/common.mk
