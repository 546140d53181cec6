build-dev/obj/lib/print/tcp_seq.o: lib/print/tcp_seq.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
