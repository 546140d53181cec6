build-dev/obj/xdpdump/iflist.o: xdpdump/iflist.c xdpdump/iflist.h \
 xdpdump/xdp_state.h bpf/xdpdump_shared.h
xdpdump/iflist.h:
xdpdump/xdp_state.h:
bpf/xdpdump_shared.h:
