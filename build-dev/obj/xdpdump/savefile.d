build-dev/obj/xdpdump/savefile.o: xdpdump/savefile.c lib/gzsink.h \
 lib/rotate.h xdpdump/savefile.h lib/pcapng.h lib/outbuf.h \
 xdpdump/privs.h
lib/gzsink.h:
lib/rotate.h:
xdpdump/savefile.h:
lib/pcapng.h:
lib/outbuf.h:
xdpdump/privs.h:
