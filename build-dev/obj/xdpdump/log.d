build-dev/obj/xdpdump/log.o: xdpdump/log.c xdpdump/log.h
xdpdump/log.h:
