build-dev/obj/lib/print/checksum.o: lib/print/checksum.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
