build-dev/obj/lib/outbuf.o: lib/outbuf.c lib/outbuf.h
lib/outbuf.h:
