build-dev/obj/xdpdump/replay.o: xdpdump/replay.c \
 build-dev/bpf/capture.skel.h xdpdump/frags_probe.h xdpdump/log.h \
 xdpdump/pcap_front.h lib/cbpf_xlate.h xdpdump/perf_ring.h \
 xdpdump/replay.h xdpdump/filter.h xdpdump/output.h lib/pcapng.h \
 lib/outbuf.h xdpdump/privs.h lib/rotate.h lib/print.h \
 bpf/xdpdump_shared.h
build-dev/bpf/capture.skel.h:
xdpdump/frags_probe.h:
xdpdump/log.h:
xdpdump/pcap_front.h:
lib/cbpf_xlate.h:
xdpdump/perf_ring.h:
xdpdump/replay.h:
xdpdump/filter.h:
xdpdump/output.h:
lib/pcapng.h:
lib/outbuf.h:
xdpdump/privs.h:
lib/rotate.h:
lib/print.h:
bpf/xdpdump_shared.h:
