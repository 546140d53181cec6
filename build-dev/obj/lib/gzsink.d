build-dev/obj/lib/gzsink.o: lib/gzsink.c lib/fdio.h lib/gzsink.h
lib/fdio.h:
lib/gzsink.h:
