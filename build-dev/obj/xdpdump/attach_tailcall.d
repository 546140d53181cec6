build-dev/obj/xdpdump/attach_tailcall.o: xdpdump/attach_tailcall.c \
 xdpdump/attach.h xdpdump/exit_hook.h xdpdump/xdp_state.h \
 build-dev/bpf/capture.skel.h xdpdump/filter.h lib/cbpf_xlate.h \
 xdpdump/frags_probe.h xdpdump/log.h xdpdump/pins.h xdpdump/recover.h \
 bpf/xdpdump_shared.h
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
build-dev/bpf/capture.skel.h:
xdpdump/filter.h:
lib/cbpf_xlate.h:
xdpdump/frags_probe.h:
xdpdump/log.h:
xdpdump/pins.h:
xdpdump/recover.h:
bpf/xdpdump_shared.h:
