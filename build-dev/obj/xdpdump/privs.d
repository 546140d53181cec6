build-dev/obj/xdpdump/privs.o: xdpdump/privs.c xdpdump/log.h \
 xdpdump/privs.h
xdpdump/log.h:
xdpdump/privs.h:
