build-dev/obj/lib/print/tcp_options.o: lib/print/tcp_options.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
