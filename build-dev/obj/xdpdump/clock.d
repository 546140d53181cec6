build-dev/obj/xdpdump/clock.o: xdpdump/clock.c xdpdump/clock.h
xdpdump/clock.h:
