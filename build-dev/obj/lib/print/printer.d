build-dev/obj/lib/print/printer.o: lib/print/printer.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
