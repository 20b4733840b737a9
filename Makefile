# kpid: one non-recursive Makefile for libkpi, the kpid daemon, kpiscore and every test suite.
#
#   make                 build libkpi (static + shared), kpid and kpiscore under build/
#   make run             install missing packages, start a local PostgreSQL under var/, serve
#   make test            install missing packages, run every suite, plain and sanitized
#   make coverage        line coverage of src/kpi/
#   make bench-lib       libkpi micro-benchmarks
#   make bench           ingest, results and memory benchmarks against raw PostgreSQL
#   make install PREFIX=/usr/local
#
# Knobs: SANITIZE=address,undefined builds into build-san/; V=1 shows commands.

PREFIX     ?= /usr/local
DESTDIR    ?=
CC         ?= cc
SANITIZE   ?=
V          ?= 0

KPI_SOVERSION := 1
KPI_VERSION   := 1.0.0
KPID_VERSION  := 0.1.0

ifeq ($(SANITIZE),)
B := build
SAN_FLAGS :=
else
B := build-san
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

ifeq ($(V),0)
Q := @
else
Q :=
endif

PKGS_DAEMON := libmicrohttpd jansson libpq libcrypto libcurl
PKGS_TEST   := check libcurl

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
        -Wcast-qual -fno-common
BASE_CFLAGS := -std=c11 -O2 -g $(WARN) -D_DEFAULT_SOURCE -Iinclude -Isrc -MMD -MP $(SAN_FLAGS)
override CFLAGS := $(BASE_CFLAGS) $(CFLAGS)
LDFLAGS += $(SAN_FLAGS)

pc_cflags = $(shell pkg-config --cflags $(1) 2>/dev/null)
pc_libs   = $(shell pkg-config --libs $(1) 2>/dev/null)

# --- sources -------------------------------------------------------------------------------

KPI_SRC   := $(sort $(wildcard src/kpi/*.c))
KPID_SRC  := $(sort $(filter-out src/kpid/main.c,$(wildcard src/kpid/*.c src/kpid/*/*.c)))
SCORE_SRC := $(sort $(wildcard src/kpiscore/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/check_*.c))
API_SRC   := $(sort $(wildcard tests/api/*.c))
MIGRATIONS := $(sort $(wildcard migrations/*.sql))
STORE_SQL  := $(sort $(wildcard src/kpid/store/sql/*.sql))
STORE_FUNCTIONS := $(sort $(wildcard src/kpid/store/functions/*.sql))
WEB_FILES  := $(sort $(wildcard src/kpid/web/*))
EMBEDDED   := $(sort $(MIGRATIONS) openapi.yaml $(STORE_SQL) $(STORE_FUNCTIONS) $(WEB_FILES))

KPI_OBJ   := $(KPI_SRC:%.c=$(B)/%.o)
KPID_OBJ  := $(KPID_SRC:%.c=$(B)/%.o) $(B)/gen/embedded.o
SCORE_OBJ := $(SCORE_SRC:%.c=$(B)/%.o)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)
API_OBJ   := $(API_SRC:%.c=$(B)/%.o)

LIBKPI_A  := $(B)/libkpi.a
LIBKPI_SO := $(B)/libkpi.so.$(KPI_SOVERSION)
LIBKPID_A := $(B)/libkpid.a
KPID      := $(B)/kpid
KPISCORE  := $(B)/kpiscore
API_TESTS := $(B)/tests/api/api_tests

.PHONY: all deps run test check-unit check-api check-valgrind lint lint-openapi sql-check coverage bench-lib \
        install clean format
all: $(LIBKPI_A) $(LIBKPI_SO) $(KPID) $(KPISCORE)

# --- compile rules -------------------------------------------------------------------------

$(B)/src/kpi/%.o: src/kpi/%.c
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -fPIC -c $< -o $@

$(B)/src/kpid/%.o: src/kpid/%.c
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(call pc_cflags,$(PKGS_DAEMON)) -DKPID_VERSION='"$(KPID_VERSION)"' -c $< -o $@

$(B)/src/kpiscore/%.o: src/kpiscore/%.c
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(call pc_cflags,jansson) -c $< -o $@

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -Wno-missing-prototypes $(call pc_cflags,$(PKGS_DAEMON) $(PKGS_TEST)) -c $< -o $@

# Migrations, statements, functions, the API description and the dashboard are compiled into
# kpid, so an installed binary needs no data directory to migrate a database, run its SQL or
# serve its own openapi.yaml and dashboard.
$(B)/gen/embedded.c: deploy/embed-files.sh $(EMBEDDED)
	@mkdir -p $(@D)
	$(Q)sh deploy/embed-files.sh $(EMBEDDED) > $@

$(B)/gen/embedded.o: $(B)/gen/embedded.c
	$(Q)$(CC) $(CFLAGS) -Wno-missing-prototypes -c $< -o $@

# --- link rules ----------------------------------------------------------------------------

$(LIBKPI_A): $(KPI_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBKPI_SO): $(KPI_OBJ)
	$(Q)$(CC) -shared -Wl,-soname,libkpi.so.$(KPI_SOVERSION) $(LDFLAGS) -o $@ $^ -lm
	$(Q)ln -sf libkpi.so.$(KPI_SOVERSION) $(B)/libkpi.so

$(LIBKPID_A): $(KPID_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(KPID): $(B)/src/kpid/main.o $(LIBKPID_A) $(LIBKPI_A)
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(PKGS_DAEMON)) -lpthread -lm

$(KPISCORE): $(SCORE_OBJ) $(LIBKPI_A)
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,jansson) -lm

$(B)/tests/unit/%: $(B)/tests/unit/%.o $(LIBKPID_A) $(LIBKPI_A)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(PKGS_DAEMON) check) -lpthread -lm

$(API_TESTS): $(API_OBJ)
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(PKGS_TEST) jansson libcrypto libpq) -lpthread -lm

$(B)/bench_lib: $(B)/tests/bench/bench_lib.o $(LIBKPI_A)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lm

DATAGEN_SRC := $(sort $(filter-out tests/bench/bench_lib.c tests/bench/copy_rate.c,\
                   $(wildcard tests/bench/*.c)))
DATAGEN     := $(B)/kpid-datagen
$(DATAGEN): $(DATAGEN_SRC:%.c=$(B)/%.o) $(LIBKPI_A)
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,libpq) -lpthread -lm

COPY_RATE := $(B)/kpid-copy-rate
$(COPY_RATE): $(B)/tests/bench/copy_rate.o
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,libpq) -lpthread

# --- the README's two commands ---------------------------------------------------------------

deps:
	$(Q)sh deploy/install-deps.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all $(DATAGEN)
	$(Q)sh deploy/run-local.sh $(KPID)

test: deps
	$(Q)$(MAKE) --no-print-directory all lint lint-openapi lint-deploy sql-check check-schema-rules \
	    check-unit check-api check-rollups check-browser
	$(Q)$(MAKE) --no-print-directory SANITIZE=address,undefined check-unit check-api
	$(Q)$(MAKE) --no-print-directory check-valgrind
	@echo "make test: all suites passed"

# --- suites ----------------------------------------------------------------------------------

check-unit: $(UNIT_BIN)
	$(Q)sh tests/unit/run.sh $(UNIT_BIN)

check-valgrind: $(UNIT_BIN)
	$(Q)VALGRIND=1 sh tests/unit/run.sh $(UNIT_BIN)

check-api: $(KPID) $(API_TESTS)
	$(Q)sh tests/api/run.sh $(KPID) $(API_TESTS)

# The rollups against the direct statement on random workspaces (tests/rollups/run.sh).
.PHONY: check-rollups
check-rollups: $(KPID)
	$(Q)sh tests/rollups/run.sh $(KPID)

# The dashboard in headless chromium against a real kpid (installs chromium and playwright-core
# when missing); writes tests/browser/out/scorecard.png.
.PHONY: check-browser
check-browser: $(KPID)
	$(Q)KPID_BROWSER=1 sh deploy/install-deps.sh
	$(Q)sh tests/browser/run.sh $(KPID)

# Redocly's rules, then the spec against the routes and enumerations kpid itself reports.
lint-openapi: $(KPID)
	$(Q)sh deploy/lint-openapi.sh openapi.yaml
	$(Q)node deploy/check-spec-routes.mjs $(KPID) openapi.yaml
	$(Q)node deploy/check-spec-enums.mjs $(KPID) openapi.yaml

# The layer rules: only src/kpid/store talks to PostgreSQL; domain and store include no HTTP.
lint:
	$(Q)sh deploy/lint-layers.sh

# Every statement of src/kpid/store/sql through PostgreSQL's parser against a migrated database.
sql-check: $(KPID)
	$(Q)sh deploy/sql-check.sh $(KPID)

coverage:
	$(Q)rm -rf build-cov
	$(Q)$(MAKE) --no-print-directory B=build-cov CFLAGS="--coverage -O0" LDFLAGS="--coverage" \
	    build-cov/libkpi.a $(UNIT_SRC:tests/unit/%.c=build-cov/tests/unit/%)
	$(Q)sh tests/unit/run.sh $(UNIT_SRC:tests/unit/%.c=build-cov/tests/unit/%) >/dev/null
	$(Q)gcovr --root . --filter 'src/kpi/' --object-directory build-cov --print-summary \
	    --fail-under-line 95 build-cov

bench-lib: $(B)/bench_lib
	$(Q)$(B)/bench_lib

# --- fault suite and fuzzing (tests/faults/README.md, tests/fuzz/run.sh) ---------------------
#
#   make test-faults     kill -9, database outage, retry storms, hostile input, auth, SIGTERM
#   make fuzz            each libFuzzer harness for FUZZ_SECONDS (default 60); build-fuzz/
#   make fuzz-smoke      the same, a few seconds each (CI)

.PHONY: test-faults fuzz fuzz-smoke fuzz-build
FAULTS_BIN   := $(B)/tests/faults/faults
FUZZ_SECONDS ?= 60
FUZZ_NAMES   := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(FAULTS_BIN): $(patsubst %.c,$(B)/%.o,$(wildcard tests/faults/*.c))
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,libcurl jansson libpq libcrypto) -lpthread

test-faults: $(KPID) $(FAULTS_BIN)
	$(Q)$(FAULTS_BIN) $(KPID)

# The libraries are rebuilt with clang and coverage instrumentation into build-fuzz/.
fuzz-build:
	$(Q)$(MAKE) --no-print-directory B=build-fuzz CC=clang \
	    SAN_FLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_NAMES:%=build-fuzz/fuzz_%)

build-fuzz/fuzz_%: build-fuzz/tests/fuzz/fuzz_%.o build-fuzz/libkpid.a build-fuzz/libkpi.a
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $(filter %.o %.a,$^) $(call pc_libs,$(PKGS_DAEMON)) \
	    -lpthread -lm

.PRECIOUS: build-fuzz/tests/fuzz/%.o

fuzz: fuzz-build
	$(Q)sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-smoke: fuzz-build
	$(Q)sh tests/fuzz/run.sh build-fuzz 5 $(FUZZ_NAMES)

# Ingest, results and memory against PostgreSQL's own limits on a fresh durable cluster (not in
# `test`). SIZE=1M (default) or 10M, or any count with a K or M suffix: the generated leads.
.PHONY: bench
SIZE ?= 1M
bench:
	$(Q)KPID_BENCH=1 sh deploy/install-deps.sh
	$(Q)$(MAKE) --no-print-directory all $(DATAGEN) $(COPY_RATE)
	$(Q)KPID_BENCH_LEADS=$${KPID_BENCH_LEADS:-$$(echo '$(SIZE)' | sed -e 's/[mM]$$/000000/' -e 's/[kK]$$/000/')} \
	    sh tests/bench/run.sh $(KPID) $(DATAGEN) $(COPY_RATE)

# --- install ---------------------------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/kpi \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(KPID) $(KPISCORE) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(LIBKPI_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(LIBKPI_SO) $(DESTDIR)$(PREFIX)/lib/libkpi.so.$(KPI_VERSION)
	ln -sf libkpi.so.$(KPI_VERSION) $(DESTDIR)$(PREFIX)/lib/libkpi.so.$(KPI_SOVERSION)
	ln -sf libkpi.so.$(KPI_SOVERSION) $(DESTDIR)$(PREFIX)/lib/libkpi.so
	install -m 644 include/kpi/*.h $(DESTDIR)$(PREFIX)/include/kpi/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(KPI_VERSION)|' deploy/libkpi.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/libkpi.pc

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-san build-cov build-fuzz

# --- production set-up (README "Production"; deploy/systemd, deploy/container, deploy/k8s) ---
#
#   make lint-deploy       systemd-analyze on the unit, the Kubernetes manifests' schemas (in test)
#   make check-schema-rules  the Citus rules over every migration, and a wrong one refused (in test)
#   make install-systemd   the unit and an example environment file (with PREFIX, DESTDIR)
#   make image             the container image, with podman or docker, whichever runs here
#   make cluster / cluster-stop / test-cluster   (CLUSTER_MODE=pgbouncer: kpid behind PgBouncer)

.PHONY: lint-deploy install-systemd image
SYSTEMD_UNIT_DIR ?= /etc/systemd/system
IMAGE_BASE       ?= docker.io/library/debian:12-slim
# e.g. --isolation=chroot where podman may not create namespaces (a container in a container)
IMAGE_BUILD_FLAGS ?=

lint-deploy: $(KPID)
	$(Q)sh deploy/systemd/verify.sh $(KPID)
	$(Q)node deploy/check-k8s.mjs deploy/k8s/*.yaml
	$(Q)node deploy/check-k8s.mjs --expect-invalid tests/k8s/invalid.yaml >/dev/null

# The Citus rules (every table distributable by workspace_id) over every migration; in test.
.PHONY: check-schema-rules
check-schema-rules: $(KPID)
	$(Q)sh tests/schema/run.sh $(KPID)

install-systemd: install
	install -d $(DESTDIR)$(SYSTEMD_UNIT_DIR) $(DESTDIR)/etc/kpid
	sed 's|/usr/local/|$(PREFIX)/|g' deploy/systemd/kpid.service > $(DESTDIR)$(SYSTEMD_UNIT_DIR)/kpid.service
	install -m 600 deploy/systemd/kpid.env.example $(DESTDIR)/etc/kpid/kpid.env.example
	@echo "install-systemd: copy /etc/kpid/kpid.env.example to kpid.env, edit it, then"
	@echo "  systemctl daemon-reload && systemctl enable --now kpid"

# The multi-node set-up on this machine (deploy/cluster/cluster.sh): a synchronous primary and
# standby, PgBouncer, two kpid instances and HAProxy. test-cluster is not part of test.
.PHONY: cluster cluster-stop test-cluster
cluster:
	$(Q)KPID_CLUSTER=1 sh deploy/install-deps.sh
	$(Q)$(MAKE) --no-print-directory all $(DATAGEN)
	$(Q)sh deploy/cluster/cluster.sh stop
	$(Q)url=$$(sh deploy/cluster/cluster.sh start $(if $(CLUSTER_MODE),$(CLUSTER_MODE),direct)) && \
	    echo "cluster: serving on $$url (HAProxy); admin key of workspace demo in $$(sh deploy/cluster/cluster.sh dir)/admin-key; make cluster-stop removes it"

cluster-stop:
	$(Q)sh deploy/cluster/cluster.sh stop

test-cluster:
	$(Q)KPID_CLUSTER=1 sh deploy/install-deps.sh
	$(Q)$(MAKE) --no-print-directory all $(DATAGEN)
	$(Q)sh tests/cluster/run.sh

image:
	$(Q)command -v docker >/dev/null && docker info >/dev/null 2>&1 || KPID_IMAGE=1 sh deploy/install-deps.sh
	$(Q)engine=$$(for e in podman docker; do command -v $$e >/dev/null && $$e info >/dev/null 2>&1 && { echo $$e; break; }; done); \
	[ -n "$$engine" ] || { echo "image: neither podman nor docker runs here" >&2; exit 1; }; \
	echo "image: building kpid:$(KPID_VERSION) with $$engine from $(IMAGE_BASE)"; \
	$$engine build $$([ $$engine = podman ] && echo --format docker) $(IMAGE_BUILD_FLAGS) --build-arg BASE=$(IMAGE_BASE) -f deploy/container/Containerfile \
	    -t kpid:$(KPID_VERSION) .

-include $(shell find $(B) -name '*.d' 2>/dev/null)
