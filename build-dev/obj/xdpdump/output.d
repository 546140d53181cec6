build-dev/obj/xdpdump/output.o: xdpdump/output.c xdpdump/log.h \
 xdpdump/output.h lib/pcapng.h bpf/xdpdump_shared.h
xdpdump/log.h:
xdpdump/output.h:
lib/pcapng.h:
bpf/xdpdump_shared.h:
