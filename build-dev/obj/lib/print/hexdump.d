build-dev/obj/lib/print/hexdump.o: lib/print/hexdump.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
