# SPDX-License-Identifier: GPL-2.0
# Build rules shared by the project; the top-level Makefile declares the
# sources. Quiet by default, `make V=1` prints every command.
#
# A packager's variables, from the environment or the command line, are
# honoured as in any autotools package: CC, CFLAGS, CPPFLAGS, LDFLAGS and
# LDLIBS reach every host compile and link (after our own flags, so theirs
# win; warnings-as-errors stays in ours), PKG_CONFIG finds the libraries,
# PREFIX and DESTDIR place `make install`. CFLAGS is for the host compiler
# only: BPF objects are built with BPF_CFLAGS (EXTRA_BPF_CFLAGS to add).

BUILD ?= build
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
INCLUDEDIR ?= $(PREFIX)/include
CLANG ?= clang
BPFTOOL ?= bpftool
LLVM_STRIP ?= llvm-strip
PKG_CONFIG ?= pkg-config
INSTALL ?= install

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)

WARNINGS := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
# Ours first, the packager's last: a packager's -O0 or -Wno-... wins.
ALL_CFLAGS = $(WARNINGS) -std=gnu11 -D_GNU_SOURCE -I$(BUILD)/bpf -Ibpf -Ilib -Ixdpdump \
	-DXDPDUMP_VERSION='"$(VERSION)"' -DLIBXDP_BUILD_VERSION='"$(LIBXDP_VERSION)"' $(DEP_CFLAGS) \
	$(CPPFLAGS) $(CFLAGS)
# Programs that are not the tool (test helpers) still get the packager's flags.
HOST_CFLAGS = $(WARNINGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(CFLAGS) $(LDFLAGS)
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror -Ibpf \
	$(if $(MULTIARCH),-I/usr/include/$(MULTIARCH)) $(EXTRA_BPF_CFLAGS)

CONFIG := $(BUILD)/config.mk
LIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
TOOL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(TOOL_SRCS))
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(BUILD)/bpf/%.bpf.o,$(BPF_SRCS))
SKELS := $(patsubst %.bpf.o,%.skel.h,$(BPF_OBJS))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_TESTS))
TESTENV_BINS := $(patsubst testenv/%.c,$(BUILD)/testenv/%,$(TESTENV_TOOLS)) \
	$(patsubst testenv/%.bpf.c,$(BUILD)/testenv/%.bpf.o,$(TESTENV_BPF))
EXAMPLE_OBJS := $(patsubst tests/examples/%.bpf.c,$(BUILD)/examples/%.bpf.o,$(EXAMPLES_BPF))
FILTER_BINS := $(patsubst tests/filter/%.c,$(BUILD)/tests/filter/%,$(FILTER_TOOLS))

.PHONY: all deps check demo install uninstall clean tests
.DELETE_ON_ERROR:
# Keep the BPF objects for inspection (llvm-objdump -d); make would delete
# them as intermediates of the skeletons otherwise.
.SECONDARY: $(BPF_OBJS) $(SKELS)

all: $(BUILD)/$(TOOL)

ifeq ($(filter deps clean deb format-check uninstall,$(MAKECMDGOALS)),)
-include $(CONFIG)
endif

$(CONFIG): lib/configure.sh
	$(Q)mkdir -p $(@D)
	$(Q)CC='$(CC)' PKG_CONFIG='$(PKG_CONFIG)' CPPFLAGS='$(CPPFLAGS)' CFLAGS='$(CFLAGS)' \
		LDFLAGS='$(LDFLAGS)' lib/configure.sh $@

deps:
	$(Q)testenv/deps.sh

$(BUILD)/bpf/%.bpf.o: bpf/%.bpf.c bpf/capture.bpf.c bpf/xdpdump_shared.h bpf/xdpdump_hook.h bpf/capture_common.h bpf/record_dynptr.h bpf/trace_xdp.h bpf/budget.h | $(CONFIG)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp
	$(Q)$(LLVM_STRIP) -g $@.tmp -o $@ 2>/dev/null || mv $@.tmp $@
	$(Q)rm -f $@.tmp

# The skeleton embeds the BPF object in the tool: nothing is read from disk
# at run time.
$(BUILD)/bpf/%.skel.h: $(BUILD)/bpf/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst .,_,$(notdir $*))_bpf > $@

$(BUILD)/obj/%.o: %.c $(CONFIG) $(SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/$(TOOL): $(TOOL_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) $(CONFIG)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(DEP_LIBS) $(LDLIBS)

$(BUILD)/testenv/%.bpf.o: testenv/%.bpf.c
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# The filter differential test's corpus generator and checker (libpcap
# only; the stem is shorter than the unit-test rule's, so this one wins).
$(BUILD)/tests/filter/%: tests/filter/%.c $(CONFIG)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) $(LDFLAGS) -std=gnu11 -o $@ $< -lpcap

# Example XDP programs for users, built against the installable header.
$(BUILD)/examples/%.bpf.o: tests/examples/%.bpf.c $(HOOK_HEADER)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/testenv/%: testenv/%.c $(CONFIG)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) $(LDFLAGS) -o $@ $< $(DEP_LIBS)

tests: $(BUILD)/$(TOOL) $(UNIT_BINS) $(TESTENV_BINS) $(EXAMPLE_OBJS) $(FILTER_BINS) \
	$(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(PRINT_TOOL))

# Each of these works as the only command typed on a fresh machine.
check: deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)XDPDUMP=$(abspath $(BUILD)/$(TOOL)) BUILD=$(abspath $(BUILD)) tests/run.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)XDPDUMP=$(abspath $(BUILD)/$(TOOL)) BUILD=$(abspath $(BUILD)) testenv/demo.sh

# The tool, its man page, and the header XDP program authors include for
# exit capture. Not stripped: packagers strip (dh_strip), with debug files.
install: $(BUILD)/$(TOOL)
	$(call msg,INSTALL,$(DESTDIR)$(SBINDIR)/$(TOOL))
	$(Q)$(INSTALL) -D -m 0755 $(BUILD)/$(TOOL) $(DESTDIR)$(SBINDIR)/$(TOOL)
	$(call msg,INSTALL,$(DESTDIR)$(MANDIR)/man8/$(notdir $(MAN_PAGES)))
	$(Q)$(INSTALL) -D -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man8/$(notdir $(MAN_PAGES))
	$(call msg,INSTALL,$(DESTDIR)$(INCLUDEDIR)/xdpdump/$(notdir $(HOOK_HEADER)))
	$(Q)$(INSTALL) -D -m 0644 $(HOOK_HEADER) $(DESTDIR)$(INCLUDEDIR)/xdpdump/$(notdir $(HOOK_HEADER))

# Removes what install put there, and the header's directory if now empty.
uninstall:
	$(call msg,RM,$(DESTDIR)$(SBINDIR)/$(TOOL))
	$(Q)rm -f $(DESTDIR)$(SBINDIR)/$(TOOL)
	$(Q)rm -f $(DESTDIR)$(MANDIR)/man8/$(notdir $(MAN_PAGES))
	$(Q)rm -f $(DESTDIR)$(INCLUDEDIR)/xdpdump/$(notdir $(HOOK_HEADER))
	$(Q)rmdir $(DESTDIR)$(INCLUDEDIR)/xdpdump 2>/dev/null || true

clean:
	$(Q)rm -rf $(BUILD)

-include $(TOOL_OBJS:.o=.d) $(LIB_OBJS:.o=.d)

# test_cbpf_xlate: <linux/bpf.h> on one side, libpcap on the other, so the
# libpcap oracle is a second translation unit linked into it.
$(BUILD)/tests/test_cbpf_xlate: tests/unit/test_cbpf_xlate.c tests/unit/cbpf_oracle.c \
		tests/unit/cbpf_oracle.h $(LIB_OBJS) $(CONFIG)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit/test_cbpf_xlate.c tests/unit/cbpf_oracle.c \
		$(LIB_OBJS) $(DEP_LIBS)

# The tests that need kernel features this machine lacks (fentry, fexit,
# freplace), in a stock Debian kernel under qemu: testenv/vm/run.sh.
.PHONY: check-vm
check-vm: deps
	$(Q)$(MAKE) --no-print-directory tests
	@# The bench tools too (test_bench_gen runs them): the VM mounts the
	@# build read-only, so it cannot build what is missing.
	$(Q)$(MAKE) --no-print-directory -C tests/bench BUILD=$(abspath $(BUILD))
	$(Q)XDPDUMP=$(abspath $(BUILD)/$(TOOL)) BUILD=$(abspath $(BUILD)) testenv/vm/run.sh

# Throughput and per-packet cost, side by side with the peer xdpdump and
# tcpdump (tests/bench/run.sh; results in tests/bench/results/).
.PHONY: bench
bench: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/$(TOOL)
	$(Q)XDPDUMP=$(abspath $(BUILD)/$(TOOL)) BUILD=$(abspath $(BUILD)) tests/bench/run.sh

# ---- fuzzing, sanitizers, valgrind (tests/fuzz/README.md, tests/valgrind/)

FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
ASAN_BUILD ?= build-asan
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_INCLUDES = -Ilib -Ixdpdump -Itests/fuzz $(DEP_CFLAGS)
FUZZ_BINS := $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZ_TARGETS))
# Without libFuzzer: each target over stored inputs, the kernel's check of
# the translator's corpus, and the seed generator.
FUZZ_TOOLS := $(patsubst %,$(BUILD)/fuzz/replay_fuzz_%,$(FUZZ_TARGETS)) \
	$(BUILD)/fuzz/replay_cbpf_xlate $(BUILD)/fuzz/gen_cbpf_seeds
FUZZ_HEADERS := $(wildcard tests/fuzz/*.h) lib/cbpf_xlate.h lib/pcapng.h xdpdump/offline/pcap_front.h

.PHONY: fuzz fuzz-build check-asan check-valgrind
tests: $(FUZZ_TOOLS)

# Per-target sources: FUZZ_SRCS_<name> expands only once the stem is known.
.SECONDEXPANSION:
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRCS_$$*) $(FUZZ_HEADERS) $(CONFIG)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) -O1 -g $(WARNINGS) -std=gnu11 -D_GNU_SOURCE $(FUZZ_INCLUDES) \
		-fsanitize=fuzzer $(SANITIZE) -o $@ $< $(FUZZ_SRCS_$*) $(FUZZ_LIBS_$*)

$(BUILD)/fuzz/replay_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c \
		tests/fuzz/corpus_files.c $$(FUZZ_SRCS_$$*) $(FUZZ_HEADERS) $(CONFIG)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) $(LDFLAGS) -std=gnu11 -D_GNU_SOURCE $(FUZZ_INCLUDES) -o $@ $< \
		tests/fuzz/replay_main.c tests/fuzz/corpus_files.c $(FUZZ_SRCS_$*) $(FUZZ_LIBS_$*)

$(BUILD)/fuzz/replay_cbpf_xlate: tests/fuzz/replay_cbpf_xlate.c tests/fuzz/corpus_files.c \
		$(FUZZ_SRCS_cbpf_xlate) $(FUZZ_HEADERS) $(CONFIG)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) $(LDFLAGS) -std=gnu11 -D_GNU_SOURCE $(FUZZ_INCLUDES) -o $@ $< \
		tests/fuzz/corpus_files.c $(FUZZ_SRCS_cbpf_xlate) $(DEP_LIBS)

$(BUILD)/fuzz/gen_cbpf_seeds: tests/fuzz/gen_cbpf_seeds.c $(CONFIG)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HOST_CFLAGS) $(LDFLAGS) -std=gnu11 -o $@ $< -lpcap

fuzz-build: $(FUZZ_BINS) $(BUILD)/fuzz/replay_cbpf_xlate

# Each target for FUZZ_SECONDS, starting from its stored corpus; what it
# finds stays in $(FUZZ_BUILD)/corpus/ (tests/fuzz/README.md: keeping it).
fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)FUZZ_BUILD=$(abspath $(FUZZ_BUILD)) FUZZ_SECONDS=$(FUZZ_SECONDS) \
		BUILD=$(abspath $(BUILD)) tests/fuzz/run.sh $(FUZZ_TARGETS)

# The unit tests and the fuzz corpus replays (test_fuzz_corpus.sh, which
# also runs xdpdump -r), built in $(ASAN_BUILD) with AddressSanitizer and
# UBSan; the first TESTS word selects that build's unit test binaries.
check-asan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CFLAGS="-O1 -g $(SANITIZE)" \
		$(ASAN_BUILD)/$(TOOL) $(patsubst tests/unit/%.c,$(ASAN_BUILD)/tests/%,$(UNIT_TESTS)) \
		$(patsubst %,$(ASAN_BUILD)/fuzz/replay_fuzz_%,$(FUZZ_TARGETS)) \
		$(ASAN_BUILD)/fuzz/replay_cbpf_xlate
	$(Q)BUILD=$(abspath $(ASAN_BUILD)) TESTS="$(abspath $(ASAN_BUILD))/tests/ fuzz_corpus" \
		tests/run.sh

# The integration tests but VALGRIND_SKIP with every xdpdump run under
# memcheck (tests/valgrind/xdpdump); any error in any run fails.
check-valgrind: deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)BUILD=$(abspath $(BUILD)) XDPDUMP_VALGRIND_REAL=$(abspath $(BUILD)/$(TOOL)) \
		tests/valgrind/run.sh $(VALGRIND_SKIP)

# ---- unit tests alone, the Debian package, source formatting

# The unit tests only: no root, no network, no interface touched (the
# Debian package build runs these).
.PHONY: check-unit deb format-check
check-unit: $(UNIT_BINS)
	$(Q)BUILD=$(abspath $(BUILD)) TESTS="$(abspath $(BUILD))/tests/" tests/run.sh

# A .deb from debian/, built in a copy of the tree under $(BUILD)/deb/ so
# nothing is written into the source tree or beside it; lintian must report
# no errors. The package lands in $(BUILD)/deb/.
DEB_DIR := $(BUILD)/deb
DEB_SRC := $(DEB_DIR)/$(TOOL)-$(VERSION)
deb:
	$(Q)testenv/deps.sh deb
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	$(call msg,COPY,$(DEB_SRC))
	$(Q)if git rev-parse --git-dir >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			xargs -0 tar -cf - --no-recursion; \
	else \
		tar -cf - --exclude='./build*' --exclude=./.git .; \
	fi | tar -xf - -C $(DEB_SRC)
	$(call msg,DPKG-BP,$(DEB_DIR))
	$(Q)cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b $(if $(filter 1,$(V)),,>../build.log 2>&1) || \
		{ tail -n 40 $(DEB_DIR)/build.log 2>/dev/null; exit 1; }
	$(call msg,LINTIAN,$(DEB_DIR)/*.changes)
	$(Q)lintian --fail-on error $(DEB_DIR)/*.changes
	$(Q)ls $(DEB_DIR)/*.deb

# The C sources against .clang-format, without changing them (the files
# git knows; outside a git checkout, every .c and .h but the build's).
FORMAT_SRCS = $(or $(shell git ls-files '*.c' '*.h' 2>/dev/null), \
	$(shell find . -path './build*' -prune -o -name '*.[ch]' -print))
CLANG_FORMAT ?= clang-format
format-check:
	$(Q)$(CLANG_FORMAT) --dry-run -Werror $(FORMAT_SRCS)
