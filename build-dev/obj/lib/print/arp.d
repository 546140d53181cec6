build-dev/obj/lib/print/arp.o: lib/print/arp.c lib/print/print_internal.h \
 lib/print.h
lib/print/print_internal.h:
lib/print.h:
