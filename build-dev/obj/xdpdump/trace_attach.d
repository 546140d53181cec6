build-dev/obj/xdpdump/trace_attach.o: xdpdump/trace_attach.c \
 xdpdump/attach.h xdpdump/exit_hook.h xdpdump/xdp_state.h \
 build-dev/bpf/capture.skel.h xdpdump/filter.h lib/cbpf_xlate.h \
 xdpdump/log.h build-dev/bpf/trace.skel.h xdpdump/trace_attach.h
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
build-dev/bpf/capture.skel.h:
xdpdump/filter.h:
lib/cbpf_xlate.h:
xdpdump/log.h:
build-dev/bpf/trace.skel.h:
xdpdump/trace_attach.h:
