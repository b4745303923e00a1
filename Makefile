# tripreport — plain make + pkg-config. `make` checks the Debian packages,
# builds out/tripreport and renders the sample; `make test` runs every test.
# Everything generated goes under out/.

PKG_CONFIG ?= pkg-config
CC ?= cc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/tripreport
VERSION := 0.2.0
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
LOCALEDIR ?= $(PREFIX)/share/locale
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

# Every library the code calls (zlib: PNG data in image_embed.c and pdfsplice.c;
# gio: the file monitors of `watch`; libjpeg: the photos' picture data verified in image_verify.c;
# libdeflate: PNGs with alpha, tRNS or Adam7 decoded and packed again, image_png_pack.c).
PKGS := pangocairo pangoft2 cairo-pdf fontconfig freetype2 glib-2.0 gio-2.0 libturbojpeg libjpeg libexif zlib libdeflate

# Debian packages the build, the fonts and the tests need (make deps);
# libpng-dev and zlib1g-dev for the image generators and test_image only;
# libimage-exiftool-perl (exiftool) for tests/e2e/test_photo_metadata.c;
# qpdf and mupdf-tools (mutool): the two readers every PDF of the tests passes.
# llvm: llvm-symbolizer, without which the sanitizers cannot name functions
# and tests/lsan.supp cannot match (tests/run.sh refuses to run without it).
# mupdf-tools: mutool, which test_typeset reads glyph positions with.
DEB_PKGS := pkg-config libpango1.0-dev libcairo2-dev libfontconfig-dev libglib2.0-dev \
            libturbojpeg0-dev libjpeg62-turbo-dev libexif-dev fonts-morisawa-bizud-gothic fonts-noto-cjk \
            poppler-utils qpdf mupdf-tools clang libclang-rt-14-dev llvm libjson-glib-dev time \
            libpng-dev zlib1g-dev libimage-exiftool-perl gettext groff-base libdeflate-dev libfreetype-dev

OUT := out
OBJ := $(OUT)/obj
ASAN := $(OUT)/asan
# The message catalogues (see "messages" below).
LINGUAS := $(basename $(notdir $(wildcard po/*.po)))
MO := $(LINGUAS:%=$(OUT)/locale/%/LC_MESSAGES/tripreport.mo)

SRC := $(wildcard src/*.c)
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wswitch-enum -Wno-format-nonliteral
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O2 $(WARN) -MMD -MP -Iinclude \
              -DTRIPREPORT_VERSION='"$(VERSION)"' -DTRIPREPORT_DATADIR='"$(DATADIR)"' \
              -DTRIPREPORT_LOCALEDIR='"$(LOCALEDIR)"'
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# The sanitized builds use clang, whose ASan and UBSan share one runtime: with
# gcc they are two (libasan, libubsan) and UBSan ignores log_path, so its
# reports would land in the program's stderr, which e2e tests compare.
SAN_CC ?= clang

# pkg-config is asked only when compiling, so that `make deps` works first.
PC_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PC_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm

.PHONY: all deps build sample reports volume test test-bins unit e2e check-pc asan fuzz golden-update bench clean install uninstall po-update
.DEFAULT_GOAL := all

all: deps build sample

# --- dependencies --------------------------------------------------------
# Installs only what is missing, with apt-get as root or through sudo;
# otherwise prints the command to run and stops.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "make deps: installing$$missing"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	else echo "make deps: these Debian packages are missing:$$missing"; \
	     echo "run:  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing

check-pc:
	@$(PKG_CONFIG) --exists $(PKGS) $(GEN_PKGS) || { echo "missing libraries ($(PKGS) $(GEN_PKGS)): run 'make deps'"; exit 1; }

# --- program -------------------------------------------------------------
build: check-pc $(OUT)/tripreport $(MO)

# libtripreport (every module but main.c; position-independent, so that the
# same objects make the static and the shared library) and the program, a
# client of include/tripreport.h linked with the static library.
LIB_OBJ := $(LIB_SRC:src/%.c=$(OBJ)/%.o)
SONAME := libtripreport.so.0

$(OBJ)/%.o: src/%.c | $(OBJ)
	$(CC) $(BASE_CFLAGS) -fPIC $(PC_CFLAGS) $(CFLAGS) -c $< -o $@

$(OUT)/libtripreport.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(OUT)/$(SONAME): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

$(OUT)/tripreport: $(OBJ)/main.o $(OUT)/libtripreport.a
	$(CC) $(LDFLAGS) -o $@ $(OBJ)/main.o $(OUT)/libtripreport.a $(PC_LIBS)

# pkg-config file for an installed library: cflags need only GLib (the
# public header's one dependency); the rest links through the library.
$(OUT)/tripreport.pc: Makefile | $(OUT)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(patsubst $(PREFIX)%,$${prefix}%,$(LIBDIR))' \
	  'includedir=$(patsubst $(PREFIX)%,$${prefix}%,$(INCLUDEDIR))' '' \
	  'Name: tripreport' 'Description: trip reports as slide PDFs (Pango, cairo)' 'Version: $(VERSION)' \
	  'Requires: glib-2.0' 'Requires.private: $(PKGS)' \
	  'Libs: -L$${libdir} -ltripreport' 'Libs.private: -lm' 'Cflags: -I$${includedir}' > $@

$(OBJ) $(ASAN) $(OUT)/tests:
	mkdir -p $@

# --- messages --------------------------------------------------------------
# gettext, domain "tripreport" (src/i18n.h). The English is in the sources;
# po/LANG.po is compiled into out/locale/LANG/LC_MESSAGES/tripreport.mo,
# which the program finds from its build folder (and make install puts
# under $(LOCALEDIR)). A format handed to diag_error/diag_warning/diag_note,
# usage_error or batch_job_fail is found by the function's name; any other
# string is marked _() or N_(). `make po-update` regenerates
# po/tripreport.pot and merges it into every po/LANG.po; then translate what
# it marks (msgid without msgstr, or "#, fuzzy"), and `make test` checks
# that nothing is left (tests/po/check.sh).
XGETTEXT_FLAGS := --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: --add-location=file --sort-by-file \
  --keyword=_ --keyword=N_ --keyword=diag_error:3 --keyword=diag_warning:3 --keyword=diag_note:3 \
  --keyword=usage_error:1 --keyword=batch_job_fail:2 \
  --flag=diag_error:3:c-format --flag=diag_warning:3:c-format --flag=diag_note:3:c-format \
  --flag=usage_error:1:c-format --flag=batch_job_fail:2:c-format \
  --package-name=tripreport --package-version=$(VERSION) --msgid-bugs-address=tripreport
export XGETTEXT_FLAGS

$(OUT)/locale/%/LC_MESSAGES/tripreport.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

po-update:
	sh po/extract.sh po/tripreport.pot
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none --no-wrap po/$$l.po po/tripreport.pot || exit 1; done
	@for l in $(LINGUAS); do printf 'po/%s.po: ' $$l; msgfmt --statistics -o /dev/null po/$$l.po 2>&1; done
	@echo "to translate: msgattrib --untranslated po/LANG.po; msgattrib --only-fuzzy po/LANG.po"

# --- generated images ----------------------------------------------------
# Three programs draw images, deterministic to the byte: out/sampleart the
# sample's photos (samples/art; reached through the committed link
# samples/017-matsue/photos), out/fixturegen the tests' image fixtures
# (tests/fixtures), out/poolgen the benchmark's photo pool (bench/). They
# share tests/gen (random numbers, files, JPEG + EXIF, the PNG writer on
# libpng), which tests/unit/test_image_png.c uses too. The program itself links
# neither libpng nor these files.
GEN_PKGS := cairo libturbojpeg glib-2.0 libpng zlib
GEN_DEPS := $(wildcard tests/gen/*.c tests/gen/*.h)
ART_DEPS := $(filter-out samples/art/sampleart.c,$(wildcard samples/art/*.c samples/art/*.h)) $(GEN_DEPS)
GEN_BUILD = $(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) -Itests/gen -Isamples/art -o $@ $(filter %.c,$^) \
            $$($(PKG_CONFIG) --cflags --libs $(GEN_PKGS)) -lm $(CFLAGS)

PHOTOS := $(OUT)/samples/017-matsue/photos/.done

$(OUT)/sampleart: samples/art/sampleart.c $(ART_DEPS) | $(OUT)
	$(GEN_BUILD)

$(OUT)/poolgen: bench/poolgen.c $(ART_DEPS) | $(OUT)
	$(GEN_BUILD)

$(OUT)/fixturegen: tests/fixtures/fixturegen.c $(GEN_DEPS) | $(OUT)
	$(GEN_BUILD)

$(OUT):
	mkdir -p $@

$(PHOTOS): $(OUT)/sampleart
	$(OUT)/sampleart $(OUT)/samples/017-matsue/photos
	touch $@

$(OUT)/fixtures/.done: $(OUT)/fixturegen
	$(OUT)/fixturegen $(OUT)/fixtures
	touch $@

# --- sample --------------------------------------------------------------
sample: $(OUT)/017-matsue.pdf

$(OUT)/017-matsue.pdf: $(OUT)/tripreport $(PHOTOS) samples/017-matsue/trip.txt $(wildcard layouts/*) $(wildcard fonts/*)
	$(OUT)/tripreport render samples/017-matsue/trip.txt -o $@

# Every sample report, only those whose inputs changed (see README).
# Every report under samples/ but the template, whose ○○ are errors until
# it is filled in (it is a start for a new report, not a report).
SAMPLE_REPORTS = $(filter-out samples/template/,$(sort $(dir $(wildcard samples/*/trip.txt))))

reports: $(OUT)/tripreport $(PHOTOS)
	$(OUT)/tripreport batch $(SAMPLE_REPORTS) -o $(OUT)

volume: $(OUT)/tripreport $(PHOTOS)
	$(OUT)/tripreport volume $(SAMPLE_REPORTS) -o $(OUT)/series.pdf

# --- tests ---------------------------------------------------------------
# Unit tests link every module but main.c; each is built twice, plainly
# and with AddressSanitizer + UndefinedBehaviorSanitizer.
$(ASAN)/%.o: src/%.c | $(ASAN)
	$(SAN_CC) $(BASE_CFLAGS) -O1 $(SAN) $(PC_CFLAGS) $(CFLAGS) -c $< -o $@

$(ASAN)/tripreport: $(SRC:src/%.c=$(ASAN)/%.o)
	$(SAN_CC) $(SAN) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

$(OUT)/tests/%: tests/unit/%.c $(LIB_SRC:src/%.c=$(OBJ)/%.o) | $(OUT)/tests
	$(CC) $(BASE_CFLAGS) -Isrc $(PC_CFLAGS) $(CFLAGS) -o $@ $(filter %.c %.o,$^) $(PC_LIBS)

$(OUT)/tests/asan-%: tests/unit/%.c $(LIB_SRC:src/%.c=$(ASAN)/%.o) | $(OUT)/tests
	$(SAN_CC) $(BASE_CFLAGS) -O1 $(SAN) -Isrc $(PC_CFLAGS) $(CFLAGS) -o $@ $(filter %.c %.o,$^) $(PC_LIBS)

# test_image_png writes its palette, 16-bit and passthrough PNGs with the
# generators' PNG writer (tests/gen, on libpng and zlib).
TEST_IMAGE_BINS := $(OUT)/tests/test_image_png $(OUT)/tests/asan-test_image_png
$(TEST_IMAGE_BINS): $(addprefix tests/gen/,gen_png.c gen_halves.c gen_file.c gen_png.h gen_halves.h gen_file.h)
$(TEST_IMAGE_BINS): private PC_CFLAGS += $(shell $(PKG_CONFIG) --cflags libpng zlib 2>/dev/null)
$(TEST_IMAGE_BINS): private PC_LIBS += $(shell $(PKG_CONFIG) --libs libpng zlib 2>/dev/null)

# The e2e program is itself built with the sanitizers: a bug in a test
# must not hide behind malloc's padding.
E2E_SRC := $(wildcard tests/e2e/*.c)
$(OUT)/tests/e2e: $(E2E_SRC) tests/e2e/e2e.h | $(OUT)/tests
	$(SAN_CC) $(BASE_CFLAGS) -O1 $(SAN) $(PC_CFLAGS) $$($(PKG_CONFIG) --cflags json-glib-1.0) $(CFLAGS) -o $@ $(E2E_SRC) $(PC_LIBS) $$($(PKG_CONFIG) --libs json-glib-1.0)

# A client of the public header alone (no -Isrc): what another program
# built against tripreport.h can do, it does.
$(OUT)/tests/test_api: tests/api/test_api.c include/tripreport.h $(OUT)/libtripreport.a | $(OUT)/tests
	$(CC) -std=c11 -D_GNU_SOURCE -g -O2 $(WARN) -Iinclude $$($(PKG_CONFIG) --cflags glib-2.0) $(CFLAGS) -o $@ $< \
	  $(OUT)/libtripreport.a $(PC_LIBS)

UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/%) $(OUT)/tests/test_api
ASAN_BINS := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/asan-%)

# --- fuzzing -------------------------------------------------------------
# libFuzzer targets (clang, ASan + UBSan, every UBSan finding fatal), each
# with its seed corpus tests/fuzz/corpus/<target>/ and dictionary
# tests/fuzz/<target>.dict: fuzz_input (bytes -> doc), fuzz_report (the
# whole path to a PDF in memory), fuzz_image (image probe and drawing). The library
# is compiled once for all of them into out/fuzz/. `make fuzz` runs each
# for FUZZ_SECONDS (default 60), keeping what it finds under out/fuzz/.
FUZZ := $(OUT)/fuzz
FUZZ_TARGETS := fuzz_input fuzz_report fuzz_image
FUZZ_BINS := $(FUZZ_TARGETS:%=$(OUT)/%)
FUZZ_SRC := $(LIB_SRC)
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Iinclude -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all -DTRIPREPORT_VERSION='"$(VERSION)"' -DTRIPREPORT_DATADIR='"$(DATADIR)"' \
              -DTRIPREPORT_LOCALEDIR='"$(LOCALEDIR)"'
FUZZ_SECONDS ?= 60

$(FUZZ)/%.o: src/%.c | $(FUZZ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP $(PC_CFLAGS) -c $< -o $@

$(OUT)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRC:src/%.c=$(FUZZ)/%.o)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc $(PC_CFLAGS) -o $@ $^ $(PC_LIBS)

$(FUZZ):
	mkdir -p $@

.PRECIOUS: $(FUZZ)/%.o

fuzz: $(FUZZ_BINS) $(OUT)/fixtures/.done
	@cat tests/lsan.supp tests/fuzz/lsan.supp >$(FUZZ)/lsan.supp
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ)/corpus/$$t $(FUZZ)/artifacts; \
	  echo "make fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  LSAN_OPTIONS=suppressions=$(FUZZ)/lsan.supp:print_suppressions=0 ASAN_OPTIONS=fast_unwind_on_malloc=0 \
	  TRIPREPORT_DATA=$(CURDIR) FUZZ_FIXTURES=$(CURDIR)/$(OUT)/fixtures \
	  $(OUT)/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
	    -dict=tests/fuzz/$$t.dict -artifact_prefix=$(FUZZ)/artifacts/$$t- \
	    $(FUZZ)/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# What the tests need is built on every core, once the packages are there.
TEST_BINS := $(OUT)/tripreport $(MO) $(ASAN)/tripreport $(UNIT_BINS) $(ASAN_BINS) $(OUT)/tests/e2e $(FUZZ_BINS) $(PHOTOS) $(OUT)/fixtures/.done
NPROC := $(shell nproc 2>/dev/null || echo 1)

test-bins: $(TEST_BINS)
	@:

test: deps check-pc
	@$(MAKE) --no-print-directory -j$(NPROC) test-bins
	@env -u LANGUAGE LC_ALL=C.UTF-8 sh tests/run.sh

golden-update: $(OUT)/tripreport $(OUT)/tests/e2e $(PHOTOS) $(OUT)/fixtures/.done
	@env -u LANGUAGE LC_ALL=C.UTF-8 GOLDEN_UPDATE=1 sh tests/run.sh golden

# bench/pngkinds.c writes the map as every kind of PNG, bench/benchrun.c times
# one run to the microsecond (bench/peers.sh).
$(OUT)/pngkinds: bench/pngkinds.c $(GEN_DEPS) | $(OUT)
	$(GEN_BUILD)

$(OUT)/benchrun: bench/benchrun.c | $(OUT)
	$(CC) -O2 $(WARN) -o $@ $<

bench: $(OUT)/tripreport $(PHOTOS) $(OUT)/poolgen $(OUT)/pngkinds $(OUT)/benchrun
	@sh bench/run.sh

clean:
	rm -rf $(OUT)

install: $(OUT)/tripreport $(OUT)/libtripreport.a $(OUT)/$(SONAME) $(OUT)/tripreport.pc $(MO)
	install -Dm755 $(OUT)/tripreport $(DESTDIR)$(BINDIR)/tripreport
	install -Dm644 $(OUT)/libtripreport.a $(DESTDIR)$(LIBDIR)/libtripreport.a
	install -Dm755 $(OUT)/$(SONAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libtripreport.so
	install -Dm644 include/tripreport.h $(DESTDIR)$(INCLUDEDIR)/tripreport.h
	install -Dm644 $(OUT)/tripreport.pc $(DESTDIR)$(PKGCONFIGDIR)/tripreport.pc
	mkdir -p $(DESTDIR)$(DATADIR)
	cp -r layouts fonts $(DESTDIR)$(DATADIR)/
	for l in $(LINGUAS); do install -Dm644 $(OUT)/locale/$$l/LC_MESSAGES/tripreport.mo \
	  $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/tripreport.mo || exit 1; done
	install -Dm644 docs/tripreport.1 $(DESTDIR)$(MANDIR)/man1/tripreport.1
	install -Dm644 docs/tripreport.ja.1 $(DESTDIR)$(MANDIR)/ja/man1/tripreport.1
	install -Dm644 completion/tripreport.bash $(DESTDIR)$(BASHCOMPDIR)/tripreport

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tripreport $(DESTDIR)$(LIBDIR)/libtripreport.a $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libtripreport.so $(DESTDIR)$(INCLUDEDIR)/tripreport.h $(DESTDIR)$(PKGCONFIGDIR)/tripreport.pc
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/tripreport.mo) $(DESTDIR)$(MANDIR)/man1/tripreport.1 \
	      $(DESTDIR)$(MANDIR)/ja/man1/tripreport.1 $(DESTDIR)$(BASHCOMPDIR)/tripreport

-include $(wildcard $(OBJ)/*.d $(ASAN)/*.d $(OUT)/tests/*.d $(FUZZ)/*.d)
