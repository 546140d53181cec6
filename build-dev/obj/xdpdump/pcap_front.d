build-dev/obj/xdpdump/pcap_front.o: xdpdump/pcap_front.c \
 xdpdump/pcap_front.h lib/cbpf_xlate.h
xdpdump/pcap_front.h:
lib/cbpf_xlate.h:
