#!/usr/bin/env bash
# Measures everything the budgets in docs/benchmarks.md speak of, in one run, and rewrites that file:
# native criterion benchmarks, the same operations compiled to WebAssembly in headless Chromium, a peer
# TypeScript simulator on the same single-hop check, and the playground's .wasm size.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/install-tools.sh --browser
out=target/bench
mkdir -p "$out"

cargo bench -p crisscross-core --bench evaluate >&2

(cd crates/crisscross-core && CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --release --test wasm -- --nocapture) 2>&1 | tee "$out/wasm.log" >&2

node bench/peer/iam-simulate.mjs tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json > "$out/peer.json"

trunk build --release >&2
wasm=$(ls dist/*.wasm)
wc -c < "$wasm" > "$out/wasm-raw"
gzip -9 -c "$wasm" | wc -c > "$out/wasm-gzip"

node bench/report.mjs "$out" > docs/benchmarks.md
cat docs/benchmarks.md
