build-dev/obj/lib/print/igmp.o: lib/print/igmp.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
