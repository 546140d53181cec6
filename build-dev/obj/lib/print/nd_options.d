build-dev/obj/lib/print/nd_options.o: lib/print/nd_options.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
