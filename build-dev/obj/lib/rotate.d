build-dev/obj/lib/rotate.o: lib/rotate.c lib/rotate.h
lib/rotate.h:
