# Waymark: `make run` to use the app, `make test` to check everything.
# Both install what is missing first (system packages need root; run with sudo otherwise).

SHELL := /bin/bash
.DEFAULT_GOAL := run

APP_BIN       := target/debug/waymark-app
UI_DEPS_STAMP := ui/node_modules/.package-lock.json
# xdotool drives the native save dialog in end-to-end tests; poppler-utils reads the PDFs
# back; fonts-droid-fallback is the system CJK font PDF reports fall back to; dbus gives
# the single-instance test a private session bus; postgresql gives the sync server's
# tests a throw-away cluster of their own; faketime sets one app's clock days ahead.
SYSTEM_PACKAGES := build-essential pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev \
                   libayatana-appindicator3-dev webkit2gtk-driver xvfb poppler-utils xdotool \
                   fonts-droid-fallback dbus postgresql faketime
CARGO_BIN     := $(HOME)/.cargo/bin
export PATH   := $(CARGO_BIN):$(PATH)

.PHONY: run test deps system-deps tauri-driver ui app test-build fmt-check lint rust-test ui-test e2e bench bundle server-deb fuzz crash-test bindings schema fmt clean

## run: install what is missing, build, and start Waymark on your data folder's database
run: deps app
	./$(APP_BIN) $(if $(DB),--db "$(DB)")

## test: install what is missing, then formatting, lints, Rust, UI and end-to-end tests
test: deps fmt-check rust-test ui-test e2e
	@echo "All Waymark checks passed."

# Under `make test` the lints ride on the builds: clippy's driver compiles the workspace's
# own crates (every target, tests included), so the dependencies are built once instead of
# checked once for `cargo clippy` and built again for the tests, about seven minutes on two
# cores. Any warning fails the build, as with `make lint`.
CLIPPY_DRIVER := $(shell rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
test: export RUSTC_WORKSPACE_WRAPPER = $(CLIPPY_DRIVER)
test: export CLIPPY_ARGS = -D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
# A clean clone in CI builds everything once: incremental caches would only cost time.
ifdef CI
test: export CARGO_INCREMENTAL = 0
endif

deps: system-deps $(UI_DEPS_STAMP) tauri-driver

# Installs the Debian packages named in $(1) that are missing (apt-get needs root).
define install_packages
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages: $$missing"; \
	    echo "Install them with: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi
endef

system-deps:
	$(call install_packages,$(SYSTEM_PACKAGES))
	@command -v node >/dev/null || { echo "Node.js 20 or newer is required"; exit 1; }

$(UI_DEPS_STAMP): ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

tauri-driver:
	@command -v tauri-driver >/dev/null || \
	  env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS cargo install tauri-driver --locked --version '^2'

## ui: build the web front end into ui/dist (embedded into the app at compile time)
ui: $(UI_DEPS_STAMP)
	cd ui && npm run build

app: ui
	cargo build -p waymark-app -p waymark-server

fmt-check:
	cargo fmt --all --check

lint: ui fmt-check
	cargo clippy --workspace --all-targets --test e2e -- -D warnings

# Every target of every crate is built first in one go: benchmarks and examples too, so
# that `make test` lints them, and the app and server binaries the end-to-end tests start.
# Every later step selects the whole workspace as well: cargo settles features per
# selection, and selecting fewer crates would change some shared dependency's features
# (the WebDriver client's, say) and compile it and everything above it a second time.
# The app under test is therefore built with the tests' features, a superset of its own.
test-build: ui
	cargo build --workspace --all-targets

rust-test: test-build
	cargo test --workspace

ui-test: $(UI_DEPS_STAMP)
	cd ui && npm run check && npm test

# Starts a private Xvfb when there is no display, leaving its pid in $$xvfb to stop after.
with_display = xvfb=""; \
	if [ -z "$$DISPLAY" ]; then \
	  n=87; while [ -e /tmp/.X11-unix/X$$n ]; do n=$$((n + 1)); done; \
	  Xvfb :$$n -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$$!; \
	  export DISPLAY=:$$n; \
	  for _ in $$(seq 50); do [ -e /tmp/.X11-unix/X$$n ] && break; sleep 0.1; done; \
	fi;

## e2e: drive the real app window (Xvfb + tauri-driver + WebKitWebDriver), one test at a
## time; with cargo-nextest a test that stumbles on WebKitWebDriver timing gets two more tries
e2e: test-build
	@$(with_display) \
	if command -v cargo-nextest >/dev/null; then \
	  cargo nextest run --workspace --test e2e --test-threads 1 --retries 2 --no-fail-fast; \
	else \
	  cargo test --workspace --test e2e -- --test-threads=1; \
	fi; \
	status=$$?; [ -z "$$xvfb" ] || kill $$xvfb; exit $$status

## bench: the side-by-side benchmarks, each writing its table into BENCHMARKS.md: PDF export
## against Chromium, heavy reads on 10,000 mentees against the sqlite3 shell, every command
## the UI can call on the showcase demo and on 10,000 mentees, sharing against Automerge
## alone, the sync server under 50 devices on SQLite and PostgreSQL against its storage
## alone, start-up and memory against an empty Tauri 2 app (Xvfb started if needed).
## Everything is built with the bench profile: release optimisation without the long LTO
## link of `make bundle`.
# The apps are named beside the benchmarks so cargo settles one set of features for all of
# them and compiles Typst and SQLite once, not once per set.
BENCH_WITH_APPS := -p waymark-app -p waymark-baseline -p waymark-bench -p waymark-cli
bench: system-deps ui
	$(call install_packages,chromium sqlite3)
	cargo build --profile bench $(BENCH_WITH_APPS)
	cargo bench $(BENCH_WITH_APPS) --bench pdf_vs_chromium
	cargo bench $(BENCH_WITH_APPS) --bench reads_vs_sqlite3
	cargo bench $(BENCH_WITH_APPS) --bench commands_at_scale
	cargo bench $(BENCH_WITH_APPS) --bench share_vs_automerge
	cargo bench -p waymark-server --bench load
	@$(with_display) cargo bench $(BENCH_WITH_APPS) --bench startup_vs_empty_tauri; \
	status=$$?; [ -z "$$xvfb" ] || kill $$xvfb; exit $$status

## bundle: the release build (LTO, stripped) packaged as a .deb, then installed on this
## machine and started under Xvfb to see its window (installing needs root)
DEB_DIR := target/release/bundle/deb
bundle: deps
	rm -rf $(DEB_DIR)
	ui/node_modules/.bin/tauri build --bundles deb
	bash tests/deb_install.sh $(DEB_DIR)/*.deb

## server-deb: waymark-server built for release and packaged as its own .deb with a
## systemd unit, then installed here and run as its service user (installing needs root)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
SERVER_DEB_DIR := target/release/server-deb
server-deb: system-deps
	rm -rf $(SERVER_DEB_DIR)
	cargo build --release -p waymark-server
	bash src-tauri/crates/server/packaging/build-deb.sh target/release/waymark-server $(VERSION) $(SERVER_DEB_DIR)
	bash tests/server_deb_install.sh $(SERVER_DEB_DIR)/*.deb

## fuzz: fuzz the archive import for FUZZ_SECONDS (default 180) with cargo-fuzz on nightly
FUZZ_SECONDS ?= 180
FUZZ_DIR := src-tauri/crates/core/fuzz
fuzz: system-deps
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	mkdir -p $(FUZZ_DIR)/corpus/import $(FUZZ_DIR)/target
	cargo run -q -p waymark-cli -- demo --force --out $(FUZZ_DIR)/target/seed.sqlite3
	cargo run -q -p waymark-cli -- export json --db $(FUZZ_DIR)/target/seed.sqlite3 --out $(FUZZ_DIR)/corpus/import/demo.json
	cd $(FUZZ_DIR) && cargo +nightly fuzz run import -- -max_total_time=$(FUZZ_SECONDS) -max_len=400000

## crash-test: 500 SIGKILLs of a writer; integrity and every committed write checked each time
crash-test:
	WAYMARK_CRASH_KILLS=500 cargo test -p waymark-e2e --test e2e -- crash:: --nocapture

## bindings: regenerate the TypeScript types in ui/src/lib/bindings from Rust
bindings:
	UPDATE_BINDINGS=1 cargo test -p waymark-core --test suite bindings::

## schema: rewrite migrations/schema.json, the schema a current file is checked against
schema:
	UPDATE_SCHEMA=1 cargo test -p waymark-core --test suite migrations::the_committed_schema

fmt: $(UI_DEPS_STAMP)
	cargo fmt --all
	cd ui && npm run format

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
