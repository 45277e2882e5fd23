# cchc: see README.md.  make; make check; make check SANITIZE=1; make run.
include config.mk

FILTERS = cchc-text cchc-extract cchc-normalize cchc-join cchc-pivot cchc-archive
LIBSRC = filters/lib/buf.c filters/lib/clean.c filters/lib/csvr.c filters/lib/csvw.c \
	filters/lib/decode.c filters/lib/diag.c filters/lib/docs.c filters/lib/docx.c filters/lib/gazetteer.c filters/lib/hmap.c filters/lib/html.c filters/lib/init.c filters/lib/pdf.c \
	filters/lib/input.c filters/lib/output.c filters/lib/rulebook.c filters/lib/rules.c filters/lib/source.c filters/lib/tar.c \
	filters/lib/utf8.c
UNITS = tests/unit/test-lib

# SANITIZE=1 builds an ASan+UBSan variant into build/san/ (bin/ is untouched)
ifeq ($(SANITIZE),1)
O = build/san
BIN = build/san/bin
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
else
O = build/opt
BIN = bin
endif

LIBOBJ = $(LIBSRC:filters/lib/%.c=$(O)/lib/%.o)
LIB = $(O)/libcchc.a
PROGS = $(FILTERS:%=$(BIN)/%)

all: deps-check $(PROGS)

# the flags the objects were built with (PREFIX names the data directory):
# a change (make install PREFIX=/opt/cchc after make) rebuilds them
$(O)/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(CPPFLAGS) $(CFLAGS)' | cmp -s - $@ || echo '$(CC) $(CPPFLAGS) $(CFLAGS)' > $@
FORCE:

$(O)/lib/%.o: filters/lib/%.c filters/util.h filters/rulebook.h config.mk VERSION $(O)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/%.o: filters/%.c filters/util.h filters/rulebook.h filters/extract.h filters/metric.h config.mk $(O)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

# cchc-archive hashes with OpenSSL's libcrypto (SHA-256)
$(BIN)/cchc-archive: LDLIBS += -lcrypto

# cchc-extract finds figures in one file and places them in another
$(BIN)/cchc-extract: $(O)/extract-context.o

# cchc-normalize chooses metrics in a module of its own
$(BIN)/cchc-normalize: $(O)/metric.o

$(BIN)/%: $(O)/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIB) $(LDLIBS)

$(O)/tests/%: tests/unit/%.c $(LIB) filters/util.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Ifilters $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

units: $(UNITS:tests/unit/%=$(O)/tests/%)

# the Debian packages the build and the tests need, installed when missing
DEBS = build-essential pkg-config libpcre2-dev libcsv-dev zlib1g-dev libxml2-dev libzip-dev \
	libutf8proc-dev libssl-dev clang libclang-rt-dev ripgrep miller sqlite3 valgrind python3 gzip tar bc time pigz \
	gnuplot-nox fonts-dejavu-core parallel poppler-utils
# DuckDB, for the test that the records load into it, from the npm registry
DUCKDB_NPM = @duckdb/node-api@1.5.6-r.1
deps:
	@sh tests/deps.sh $(DEBS)
	@if command -v npm >/dev/null 2>&1 && [ ! -d build/node/node_modules/@duckdb/node-api ]; then \
		mkdir -p build/node && npm install --prefix build/node --no-audit --no-fund --silent $(DUCKDB_NPM) \
		|| echo "deps: DuckDB from npm failed; its load test will be skipped" >&2; fi

deps-check:
	@sh tests/deps.sh --check || $(MAKE) --no-print-directory deps

check: all units
	@BIN=$(BIN) UNITBIN=$(O)/tests SANITIZE=$(SANITIZE) TESTS="$(TESTS)" sh tests/run.sh

run: all
	@bash pipelines/main-job

# valgrind over the samples: every filter, leaks included
VALGRIND = valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
memcheck: all
	$(VALGRIND) bin/cchc-text samples/reports/* > /dev/null
	$(VALGRIND) bin/cchc-extract -o build/memcheck-mentions.csv -D build/memcheck-docs.csv samples/reports/*
	$(VALGRIND) bin/cchc-normalize -o build/memcheck-records.csv build/memcheck-mentions.csv
	$(VALGRIND) bin/cchc-join --full -k province,year build/memcheck-records.csv samples/reference/par-index.csv > /dev/null
	CCHC_JOIN_SPLIT=0 $(VALGRIND) bin/cchc-join -k province,year build/memcheck-records.csv samples/reference/par-index.csv > /dev/null
	$(VALGRIND) bin/cchc-pivot -r province,period -c metric -v value build/memcheck-records.csv > /dev/null 2>&1
	$(VALGRIND) bin/cchc-pivot -q -r province,period,year,block -c metric,component -v value \
		--rank own_report,doc_date --sources /dev/null --conflicts /dev/null build/memcheck-records.csv > /dev/null
	python3 tests/mkdoc.py docx samples/reports/001_e81782a772853c36.txt build/memcheck.docx
	$(VALGRIND) bin/cchc-text build/memcheck.docx > /dev/null
	@echo "memcheck: valgrind found no errors"

# quality on the labelled reports of ../shared/devset and ../shared/devset2
# (when present): the scorer's summary of each; SCORE_FLOORS="--min-detect X
# --min-record Y --min-cell Z" fails below a floor (SCORE_FLOORS2 for the
# second set, default the same)
DEVSETS = ../shared/devset ../shared/devset2
SCORER = ../shared/devset/score
SCORE_FLOORS2 = $(SCORE_FLOORS)
score: all
	@if [ -x $(SCORER) ]; then \
		set -e; for d in $(DEVSETS); do \
			[ -d $$d/docs ] || continue; \
			n=$$(basename $$d); \
			$(BIN)/cchc-extract -M $$d/sources.csv $$d/docs/*.txt | \
			$(BIN)/cchc-normalize -o build/$$n-records.csv; \
			floors="$(SCORE_FLOORS)"; [ $$n = devset ] || floors="$(SCORE_FLOORS2)"; \
			echo "== $$n"; \
			$(SCORER) build/$$n-records.csv --gold $$d/gold.csv --nf $$d/not_figures.csv $$floors; \
		done; \
	else echo "score: no $(SCORER): nothing to measure"; fi

# the libcsv floor beside cchc-normalize (see bench/csv-floor.c)
$(O)/bench/csv-floor: bench/csv-floor.c config.mk
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lcsv

bench: all $(O)/bench/csv-floor
	@CSV_FLOOR=$(O)/bench/csv-floor bash bench/run.sh

# libFuzzer targets (clang, ASan+UBSan) in build/fuzz/, one per parser; make
# fuzz runs each FUZZTIME seconds (FUZZERS="text docs" picks some), keeping
# its corpus in build/fuzz/corpus/ (see tests/fuzz/README.md)
FUZZERS = text docs extract normalize join pivot archive
FUZZTIME = 60
FUZZCC = clang
FO = build/fuzz
FUZZFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
$(FO)/lib/%.o: filters/lib/%.c filters/util.h filters/rulebook.h config.mk
	@mkdir -p $(@D)
	$(FUZZCC) $(CPPFLAGS) $(CFLAGS) $(FUZZFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FO)/libcchc.a: $(LIBSRC:filters/lib/%.c=$(FO)/lib/%.o)
	rm -f $@
	ar rcs $@ $^

$(FO)/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h $(FO)/libcchc.a filters/*.c
	$(FUZZCC) $(CPPFLAGS) -D_GNU_SOURCE= -DFUZZ_DATA='"$(CURDIR)/share/cchc"' $(CFLAGS) \
		$(FUZZFLAGS) -fsanitize=fuzzer -Ifilters -o $@ $< $(FO)/libcchc.a $(LDLIBS) -lcrypto

fuzzers: $(FUZZERS:%=$(FO)/fuzz-%)

fuzz: all fuzzers
	@FUZZTIME=$(FUZZTIME) sh tests/fuzz/run.sh $(FUZZERS)

# the pipelines on PATH as cchc-NAME: links into DATAPREFIX/pipelines, with
# their man pages (pipelines/NAME.1)
PIPES = nightly rebuild extract-parallel metric-across province-series figure-source chart
install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(DATAPREFIX)/pipelines \
		$(DESTDIR)$(DATAPREFIX)/reference
	cp -f $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	cp -f pipelines/nightly pipelines/rebuild pipelines/extract-parallel pipelines/lib.sh \
		pipelines/ledger pipelines/tables-update pipelines/province-series pipelines/metric-across \
		pipelines/figure-source pipelines/chart pipelines/views.py pipelines/chart-data.py \
		$(DESTDIR)$(DATAPREFIX)/pipelines/
	for p in $(PIPES); do \
		ln -sf "$$(realpath -m --relative-to=$(PREFIX)/bin $(DATAPREFIX)/pipelines/$$p)" \
			$(DESTDIR)$(PREFIX)/bin/cchc-$$p; \
		cp -f pipelines/$$p.1 $(DESTDIR)$(MANPREFIX)/man1/cchc-$$p.1; done
	for f in $(FILTERS); do cp -f filters/$$f.1 $(DESTDIR)$(MANPREFIX)/man1/; done
	cp -f share/cchc/*.* VERSION $(DESTDIR)$(DATAPREFIX)/
	cp -f samples/reference/par-index.csv samples/reference/README.md $(DESTDIR)$(DATAPREFIX)/reference/

# removes what install put there, then the folders it leaves empty
uninstall:
	for f in $(FILTERS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$f $(DESTDIR)$(MANPREFIX)/man1/$$f.1; done
	for p in $(PIPES); do rm -f $(DESTDIR)$(PREFIX)/bin/cchc-$$p $(DESTDIR)$(MANPREFIX)/man1/cchc-$$p.1; done
	rm -rf $(DESTDIR)$(DATAPREFIX)
	for d in $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 $(dir $(DESTDIR)$(DATAPREFIX)); do \
		[ ! -d "$$d" ] || rmdir -p --ignore-fail-on-non-empty "$$d"; done

# a source tarball of the committed tree, named by the version
dist:
	git archive --format=tar.gz --prefix=cchc-$(VERSION)/ -o cchc-$(VERSION).tar.gz HEAD
	@echo "dist: cchc-$(VERSION).tar.gz"

clean:
	rm -rf build bin/cchc-* run

.PHONY: FORCE all units deps deps-check check run memcheck score bench fuzzers fuzz install uninstall dist clean
.PRECIOUS: $(O)/%.o $(O)/lib/%.o
