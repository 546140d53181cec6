build-dev/obj/lib/print/tcp.o: lib/print/tcp.c lib/print/print_internal.h \
 lib/print.h
lib/print/print_internal.h:
lib/print.h:
