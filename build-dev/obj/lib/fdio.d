build-dev/obj/lib/fdio.o: lib/fdio.c lib/fdio.h
lib/fdio.h:
