build-dev/obj/xdpdump/status.o: xdpdump/status.c xdpdump/status.h
xdpdump/status.h:
