build-dev/obj/lib/print/icmp6.o: lib/print/icmp6.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
