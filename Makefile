# jianxi: `make run` checks the sample returns; `make test` runs every test.
SWIFT ?= swift
BIN_DIR := $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
JIANXI := $(BIN_DIR)/jianxi
PYTHON ?= python3

.PHONY: run test build deps schemas-check workbook-check clean install

run: deps build
	@echo "== 1. 县区报送前自查 A county checks its return: jianxi check Samples/2026-09 =="
	@$(JIANXI) check Samples/2026-09 || echo "(exit $$?: the samples hold deliberate mistakes; Samples/README.md lists them)"
	@echo
	@echo "== 2. 省中心入库 The centre stores every return: jianxi ingest --db out/jianxi.sqlite Samples =="
	@mkdir -p out && rm -f out/jianxi.sqlite out/jianxi.sqlite-wal out/jianxi.sqlite-shm
	@$(JIANXI) ingest --db out/jianxi.sqlite Samples > out/ingest.txt || true
	@tail -n 1 out/ingest.txt
	@echo "   (full report in out/ingest.txt)"
	@echo
	@echo "== 3. 9月报送情况 Who reported: jianxi status --db out/jianxi.sqlite --period 2026-09 =="
	@$(JIANXI) status --db out/jianxi.sqlite --period 2026-09
	@echo
	@echo "== 4. 汇总表 The workbooks: jianxi export =="
	@$(JIANXI) export --db out/jianxi.sqlite --period 2026-09 -o out/江西省-2026-09.xlsx
	@$(JIANXI) export --db out/jianxi.sqlite --city 360100 --period 2026-09 -o out/南昌市-2026-09.xlsx
	@$(JIANXI) export --db out/jianxi.sqlite --from 2026-08 --to 2026-09 -o out/分析-2026-08至2026-09.xlsx

build:
	$(SWIFT) build

test: deps build schemas-check workbook-check
	$(SWIFT) test --disable-swift-testing

# What the build and the tests need beyond Swift itself, installed when missing: Debian's
# libxlsxwriter (as root, with apt-get), Python's jsonschema and openpyxl (independent checkers).
DEB_PACKAGES := libxlsxwriter-dev pkg-config
deps:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is required: https://www.swift.org/install/linux/"; exit 2; }
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing $$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Please install: sudo apt-get install $$missing"; exit 2; fi; \
	fi
	@$(PYTHON) -c 'import jsonschema, openpyxl' 2>/dev/null || $(PYTHON) -m pip install --quiet jsonschema openpyxl || \
		{ echo "Install Python's jsonschema and openpyxl: pip install jsonschema openpyxl"; exit 2; }

# Every JSON sample and the rules file against their JSON Schemas, with an independent validator.
schemas-check:
	$(PYTHON) scripts/validate_schemas.py

# The province workbook of the samples, read back with openpyxl: every total adds up.
workbook-check: build
	@rm -rf .test-out && mkdir .test-out
	@$(JIANXI) ingest --db .test-out/samples.sqlite --today 2026-11-20 Samples > /dev/null || test $$? -eq 1
	$(JIANXI) export --db .test-out/samples.sqlite --today 2026-11-20 --period 2026-09 -o .test-out/province.xlsx
	$(PYTHON) scripts/check_workbook.py .test-out/province.xlsx 江西省

install:
	$(SWIFT) build -c release
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/jianxi" /usr/local/bin/jianxi

clean:
	rm -rf .build out .test-out

# Timings and peak memory of the main scenarios on synthetic data (jianxi sample) under .bench/,
# beside raw baselines; prints one table. Needs GNU time, cc and libsqlite3-dev.
.PHONY: bench
bench: DEB_PACKAGES += time gcc libsqlite3-dev
bench: deps
	SWIFT="$(SWIFT)" bash Benchmarks/run.sh
