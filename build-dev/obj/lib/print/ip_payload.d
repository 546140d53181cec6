build-dev/obj/lib/print/ip_payload.o: lib/print/ip_payload.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
