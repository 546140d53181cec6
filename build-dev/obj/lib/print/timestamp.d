build-dev/obj/lib/print/timestamp.o: lib/print/timestamp.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
