build-dev/obj/xdpdump/capture_loop.o: xdpdump/capture_loop.c \
 build-dev/bpf/capture.skel.h xdpdump/capture_internal.h \
 xdpdump/capture.h xdpdump/attach.h xdpdump/exit_hook.h \
 xdpdump/xdp_state.h xdpdump/output.h lib/pcapng.h lib/outbuf.h \
 xdpdump/privs.h lib/rotate.h lib/print.h bpf/xdpdump_shared.h \
 xdpdump/trace_attach.h xdpdump/clock.h lib/reorder.h xdpdump/log.h \
 xdpdump/perf_ring.h
build-dev/bpf/capture.skel.h:
xdpdump/capture_internal.h:
xdpdump/capture.h:
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
xdpdump/output.h:
lib/pcapng.h:
lib/outbuf.h:
xdpdump/privs.h:
lib/rotate.h:
lib/print.h:
bpf/xdpdump_shared.h:
xdpdump/trace_attach.h:
xdpdump/clock.h:
lib/reorder.h:
xdpdump/log.h:
xdpdump/perf_ring.h:
