build-dev/obj/xdpdump/exit_hook.o: xdpdump/exit_hook.c \
 xdpdump/exit_hook.h xdpdump/xdp_state.h bpf/xdpdump_hook.h \
 bpf/xdpdump_shared.h
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
bpf/xdpdump_hook.h:
bpf/xdpdump_shared.h:
