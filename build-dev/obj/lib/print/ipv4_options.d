build-dev/obj/lib/print/ipv4_options.o: lib/print/ipv4_options.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
