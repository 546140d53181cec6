build-dev/obj/xdpdump/filter.o: xdpdump/filter.c lib/ebpf_dump.h \
 xdpdump/filter.h lib/cbpf_xlate.h xdpdump/log.h xdpdump/pcap_front.h \
 bpf/xdpdump_shared.h
lib/ebpf_dump.h:
xdpdump/filter.h:
lib/cbpf_xlate.h:
xdpdump/log.h:
xdpdump/pcap_front.h:
bpf/xdpdump_shared.h:
