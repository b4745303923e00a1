# tripreport — plain make + pkg-config. `make` checks the Debian packages,
# builds out/tripreport and renders the sample; `make test` runs every test.
# Everything generated goes under out/.

PKG_CONFIG ?= pkg-config
CC ?= cc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/tripreport
VERSION := 0.1.0

PKGS := pangocairo pangoft2 cairo-pdf fontconfig glib-2.0 libturbojpeg libexif

# Debian packages the build, the fonts and the tests need (make deps).
DEB_PKGS := pkg-config libpango1.0-dev libcairo2-dev libfontconfig-dev libglib2.0-dev \
            libturbojpeg0-dev libexif-dev fonts-morisawa-bizud-gothic fonts-noto-cjk \
            poppler-utils qpdf clang libclang-rt-14-dev libjson-glib-dev time

OUT := out
OBJ := $(OUT)/obj
ASAN := $(OUT)/asan

SRC := $(wildcard src/*.c)
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wswitch-enum -Wno-format-nonliteral
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O2 $(WARN) -MMD -MP \
              -DTRIPREPORT_VERSION='"$(VERSION)"' -DTRIPREPORT_DATADIR='"$(DATADIR)"'
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# pkg-config is asked only when compiling, so that `make deps` works first.
PC_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PC_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm

.PHONY: all deps build sample reports volume test unit e2e check-pc asan fuzz golden-update bench clean install uninstall
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
	@$(PKG_CONFIG) --exists $(PKGS) || { echo "missing libraries ($(PKGS)): run 'make deps'"; exit 1; }

# --- program -------------------------------------------------------------
build: check-pc $(OUT)/tripreport

$(OBJ)/%.o: src/%.c | $(OBJ)
	$(CC) $(BASE_CFLAGS) $(PC_CFLAGS) $(CFLAGS) -c $< -o $@

$(OUT)/tripreport: $(SRC:src/%.c=$(OBJ)/%.o)
	$(CC) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

$(OBJ) $(ASAN) $(OUT)/tests:
	mkdir -p $@

# --- sample --------------------------------------------------------------
# Photos are generated (deterministic, phone-sized) into out/ and reached
# through the committed link samples/017-matsue/photos.
PHOTOS := $(OUT)/samples/017-matsue/photos/.done

$(OUT)/photogen: samples/photogen.c | $(OUT)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) -o $@ $< $$($(PKG_CONFIG) --cflags --libs cairo libturbojpeg glib-2.0) -lm $(CFLAGS)

$(OUT):
	mkdir -p $@

$(PHOTOS): $(OUT)/photogen
	$(OUT)/photogen sample017 $(OUT)/samples/017-matsue/photos
	touch $@

$(OUT)/fixtures/.done: $(OUT)/photogen
	$(OUT)/photogen fixtures $(OUT)/fixtures
	touch $@

sample: $(OUT)/017-matsue.pdf

$(OUT)/017-matsue.pdf: $(OUT)/tripreport $(PHOTOS) samples/017-matsue/trip.txt $(wildcard layouts/*) $(wildcard fonts/*)
	$(OUT)/tripreport render samples/017-matsue/trip.txt -o $@

# Every sample report, only those whose inputs changed (see README).
reports: $(OUT)/tripreport $(PHOTOS)
	$(OUT)/tripreport batch samples -o $(OUT)

volume: $(OUT)/tripreport $(PHOTOS)
	$(OUT)/tripreport volume samples -o $(OUT)/series.pdf

# --- tests ---------------------------------------------------------------
# Unit tests link every module but main.c; each is built twice, plainly
# and with AddressSanitizer + UndefinedBehaviorSanitizer.
$(ASAN)/%.o: src/%.c | $(ASAN)
	$(CC) $(BASE_CFLAGS) -O1 $(SAN) $(PC_CFLAGS) $(CFLAGS) -c $< -o $@

$(ASAN)/tripreport: $(SRC:src/%.c=$(ASAN)/%.o)
	$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

$(OUT)/tests/%: tests/unit/%.c $(LIB_SRC:src/%.c=$(OBJ)/%.o) | $(OUT)/tests
	$(CC) $(BASE_CFLAGS) -Isrc $(PC_CFLAGS) $(CFLAGS) -o $@ $(filter %.c %.o,$^) $(PC_LIBS)

$(OUT)/tests/asan-%: tests/unit/%.c $(LIB_SRC:src/%.c=$(ASAN)/%.o) | $(OUT)/tests
	$(CC) $(BASE_CFLAGS) -O1 $(SAN) -Isrc $(PC_CFLAGS) $(CFLAGS) -o $@ $(filter %.c %.o,$^) $(PC_LIBS)

# The e2e program is itself built with the sanitizers: a bug in a test
# must not hide behind malloc's padding.
E2E_SRC := $(wildcard tests/e2e/*.c)
$(OUT)/tests/e2e: $(E2E_SRC) tests/e2e/e2e.h | $(OUT)/tests
	$(CC) $(BASE_CFLAGS) -O1 $(SAN) $(PC_CFLAGS) $$($(PKG_CONFIG) --cflags json-glib-1.0) $(CFLAGS) -o $@ $(E2E_SRC) $(PC_LIBS) $$($(PKG_CONFIG) --libs json-glib-1.0)

UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/%)
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
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all -DTRIPREPORT_VERSION='"$(VERSION)"' -DTRIPREPORT_DATADIR='"$(DATADIR)"'
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

test: deps check-pc $(OUT)/tripreport $(ASAN)/tripreport $(UNIT_BINS) $(ASAN_BINS) $(OUT)/tests/e2e $(FUZZ_BINS) $(PHOTOS) $(OUT)/fixtures/.done
	@LC_ALL=C.UTF-8 sh tests/run.sh

golden-update: $(OUT)/tripreport $(PHOTOS)
	@LC_ALL=C.UTF-8 GOLDEN_UPDATE=1 sh tests/run.sh golden

bench: $(OUT)/tripreport $(PHOTOS)
	@sh bench/run.sh

clean:
	rm -rf $(OUT)

install: $(OUT)/tripreport
	install -Dm755 $(OUT)/tripreport $(DESTDIR)$(BINDIR)/tripreport
	mkdir -p $(DESTDIR)$(DATADIR)
	cp -r layouts fonts $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tripreport
	rm -rf $(DESTDIR)$(DATADIR)

-include $(wildcard $(OBJ)/*.d $(ASAN)/*.d $(OUT)/tests/*.d $(FUZZ)/*.d)
