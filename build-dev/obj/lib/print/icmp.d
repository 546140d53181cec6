build-dev/obj/lib/print/icmp.o: lib/print/icmp.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
