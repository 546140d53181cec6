build-dev/obj/xdpdump/frags_probe.o: xdpdump/frags_probe.c \
 xdpdump/frags_probe.h
xdpdump/frags_probe.h:
