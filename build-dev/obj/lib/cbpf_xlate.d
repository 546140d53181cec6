build-dev/obj/lib/cbpf_xlate.o: lib/cbpf_xlate.c lib/cbpf_xlate.h
lib/cbpf_xlate.h:
