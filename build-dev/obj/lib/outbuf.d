build-dev/obj/lib/outbuf.o: lib/outbuf.c lib/fdio.h lib/outbuf.h
lib/fdio.h:
lib/outbuf.h:
