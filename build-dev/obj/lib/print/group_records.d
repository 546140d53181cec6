build-dev/obj/lib/print/group_records.o: lib/print/group_records.c \
 lib/print/print_internal.h lib/print.h
lib/print/print_internal.h:
lib/print.h:
