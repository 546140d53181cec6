build-dev/obj/xdpdump/extcap.o: xdpdump/extcap.c xdpdump/extcap.h \
 xdpdump/log.h xdpdump/options.h xdpdump/capture.h xdpdump/attach.h \
 xdpdump/exit_hook.h xdpdump/xdp_state.h xdpdump/output.h lib/pcapng.h \
 lib/outbuf.h xdpdump/privs.h lib/rotate.h lib/print.h \
 bpf/xdpdump_shared.h xdpdump/trace_attach.h xdpdump/pcap_front.h \
 lib/cbpf_xlate.h
xdpdump/extcap.h:
xdpdump/log.h:
xdpdump/options.h:
xdpdump/capture.h:
xdpdump/attach.h:
xdpdump/exit_hook.h:
xdpdump/xdp_state.h:
xdpdump/output.h:
lib/pcapng.h:
lib/outbuf.h:
xdpdump/privs.h:
lib/rotate.h:
lib/print.h:
bpf/xdpdump_shared.h:
xdpdump/trace_attach.h:
xdpdump/pcap_front.h:
lib/cbpf_xlate.h:
