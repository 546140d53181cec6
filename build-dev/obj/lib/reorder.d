build-dev/obj/lib/reorder.o: lib/reorder.c lib/reorder.h
lib/reorder.h:
