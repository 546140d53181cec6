build-dev/obj/xdpdump/attach_tailcall_chain.o: \
 xdpdump/attach_tailcall_chain.c xdpdump/attach.h xdpdump/exit_hook.h \
 xdpdump/xdp_state.h xdpdump/log.h xdpdump/pins.h bpf/xdpdump_shared.h
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
xdpdump/log.h:
xdpdump/pins.h:
bpf/xdpdump_shared.h:
