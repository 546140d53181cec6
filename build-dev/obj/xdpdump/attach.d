build-dev/obj/xdpdump/attach.o: xdpdump/attach.c xdpdump/attach.h \
 xdpdump/exit_hook.h xdpdump/xdp_state.h build-dev/bpf/capture.skel.h \
 xdpdump/log.h xdpdump/trace_attach.h
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
build-dev/bpf/capture.skel.h:
xdpdump/log.h:
xdpdump/trace_attach.h:
