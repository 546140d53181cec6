build-dev/obj/xdpdump/attach_load.o: xdpdump/attach_load.c \
 xdpdump/attach.h xdpdump/exit_hook.h xdpdump/xdp_state.h \
 build-dev/bpf/capture.skel.h xdpdump/filter.h lib/cbpf_xlate.h \
 xdpdump/frags_probe.h xdpdump/log.h
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
build-dev/bpf/capture.skel.h:
xdpdump/filter.h:
lib/cbpf_xlate.h:
xdpdump/frags_probe.h:
xdpdump/log.h:
