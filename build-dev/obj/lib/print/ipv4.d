build-dev/obj/lib/print/ipv4.o: lib/print/ipv4.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
