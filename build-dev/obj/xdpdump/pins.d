build-dev/obj/xdpdump/pins.o: xdpdump/pins.c xdpdump/log.h xdpdump/pins.h
xdpdump/log.h:
xdpdump/pins.h:
