build-dev/obj/xdpdump/output.o: xdpdump/output.c xdpdump/log.h \
 xdpdump/output.h lib/pcapng.h lib/outbuf.h xdpdump/privs.h lib/rotate.h \
 lib/print.h bpf/xdpdump_shared.h xdpdump/savefile.h
xdpdump/log.h:
xdpdump/output.h:
lib/pcapng.h:
lib/outbuf.h:
xdpdump/privs.h:
lib/rotate.h:
lib/print.h:
bpf/xdpdump_shared.h:
xdpdump/savefile.h:
