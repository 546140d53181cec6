build-dev/obj/xdpdump/attach_multiprog.o: xdpdump/attach_multiprog.c \
 xdpdump/attach.h xdpdump/exit_hook.h xdpdump/xdp_state.h \
 build-dev/bpf/capture.skel.h xdpdump/log.h bpf/xdpdump_shared.h
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
build-dev/bpf/capture.skel.h:
xdpdump/log.h:
bpf/xdpdump_shared.h:
