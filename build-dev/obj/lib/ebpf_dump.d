build-dev/obj/lib/ebpf_dump.o: lib/ebpf_dump.c lib/ebpf_dump.h
lib/ebpf_dump.h:
