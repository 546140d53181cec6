build-dev/obj/lib/print/udp.o: lib/print/udp.c lib/print/print_internal.h \
 lib/print.h
lib/print/print_internal.h:
lib/print.h:
