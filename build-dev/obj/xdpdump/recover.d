build-dev/obj/xdpdump/recover.o: xdpdump/recover.c xdpdump/attach.h \
 xdpdump/exit_hook.h xdpdump/xdp_state.h xdpdump/log.h xdpdump/pins.h \
 xdpdump/recover.h bpf/xdpdump_shared.h
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
xdpdump/log.h:
xdpdump/pins.h:
xdpdump/recover.h:
bpf/xdpdump_shared.h:
