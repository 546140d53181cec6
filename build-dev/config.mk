# Written by lib/configure.sh; delete it to probe again.
LIBBPF_VERSION := 1.1.2
LIBXDP_VERSION := 1.3.1
LIBPCAP_VERSION := 1.10.3
DEP_CFLAGS := -I/usr/include/dbus-1.0 -I/usr/lib/x86_64-linux-gnu/dbus-1.0/include  -DHAVE_XDP_PROGRAM_CREATE
DEP_LIBS := -lxdp -lbpf -lelf -lz  -lpcap
