# The README's two commands: `make run` and `make test`. Both set up first (idempotent, quick
# when everything is present).
.PHONY: setup run test check lint rust-tests e2e size bench soak

setup:
	@scripts/setup

run: setup
	scripts/leptos serve

# The first-load budget is a gate: `size` fails when the browser bundle outgrows it. Each step
# prints its time.
test:
	@scripts/timed setup scripts/setup
	@scripts/timed lints $(MAKE) --no-print-directory lint
	@scripts/timed rust-tests $(MAKE) --no-print-directory rust-tests
	@scripts/timed release-build scripts/leptos build
	@scripts/timed e2e scripts/e2e
	@scripts/timed size scripts/size

# Formatting, lints (server and browser builds), no import circle between files, and every
# Rust test.
check: lint rust-tests

lint:
	cargo fmt --all -- --check
	scripts/import-circles
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

rust-tests:
	cargo test --workspace --exclude frontend

# The Playwright specs in Chromium, against a fresh server on the embedded simulator.
e2e:
	@scripts/e2e

size: setup
	@scripts/size

# What the BFF costs over the call-center, and what a second core brings (not part of `test`).
bench: setup
	@scripts/bench

# Minutes of page loads given up at random points on two instances sharing PostgreSQL, then both
# servers' logs read for panics (`make test` runs the same soak for 40 seconds).
soak: setup
	scripts/leptos build
	SOAK_SECONDS=$${SOAK_SECONDS:-300} scripts/shared-e2e soak
