build-dev/obj/xdpdump/xdp_state.o: xdpdump/xdp_state.c \
 xdpdump/xdp_state.h
xdpdump/xdp_state.h:
