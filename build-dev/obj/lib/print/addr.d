build-dev/obj/lib/print/addr.o: lib/print/addr.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
