build-dev/obj/lib/print/ether.o: lib/print/ether.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
