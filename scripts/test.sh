#!/usr/bin/env bash
# Runs every test: formatting, lints, unit and corpus tests, property tests, fuzz replays, the wasm32
# build of the core, the release site build and the browser tests. Installs missing tools first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/install-tools.sh --browser

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "tests (unit, corpus, properties, doctests)"
cargo test --workspace

step "documentation builds without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "the core builds for wasm32 and has no browser bindings in its tree"
cargo build -p crisscross-core --target wasm32-unknown-unknown --quiet
if cargo tree -p crisscross-core -e normal --target wasm32-unknown-unknown | grep -E 'web-sys|js-sys|wasm-bindgen'; then
  echo "crisscross-core must not depend on web-sys, js-sys or wasm-bindgen" >&2
  exit 1
fi

step "the core on wasm32 in headless Chromium (same decisions as natively)"
(cd crates/crisscross-core && CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --release --test wasm)

step "release build of the playground"
trunk build --release

step "browser tests of the playground (headless Chromium against dist/ on 127.0.0.1)"
NODE_PATH="${CRISSCROSS_TOOLS:-$HOME/.cache/crisscross-tools}/node_modules" node --test tests/browser/

step "scenario corpus through the CLI"
cargo run --quiet -p crisscross-cli -- test tests/corpus

step "fuzz targets replay their corpus on stable"
cargo build --quiet --manifest-path fuzz/Cargo.toml
for source in fuzz/fuzz_targets/*.rs; do
  target=$(basename "$source" .rs)
  seeds=("fuzz/corpus/$target")
  # Every corpus scenario is also a seed of the scenario target.
  if [ "$target" = scenario ]; then seeds+=(tests/corpus); fi
  "fuzz/target/debug/$target" "${seeds[@]}"
done
