build-dev/obj/lib/pcapng.o: lib/pcapng.c lib/outbuf.h lib/pcapng.h
lib/outbuf.h:
lib/pcapng.h:
