build-dev/obj/lib/print/ipv6.o: lib/print/ipv6.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
