#!/usr/bin/env bash
# Measures everything the budgets in docs/benchmarks.md speak of, in one run, and rewrites that file: on
# the Control Tower example and the two scale scenarios, native criterion benchmarks, the same operations
# compiled to WebAssembly in headless Chromium, the CLI, the playground itself, and a peer TypeScript
# simulator on the same checks; then the playground's .wasm size.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/install-tools.sh --browser
out=target/bench
rm -rf "$out"
mkdir -p "$out"
scenarios=(
  example:tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json
  medium:tests/corpus/scale/medium-organization.json
  quota:tests/corpus/scale/quota-organization.json
)

# Other work on the machine slows every figure; the report says how loaded it was.
nproc > "$out/cores"
(while :; do cut -d' ' -f1 /proc/loadavg >> "$out/load"; sleep 10; done) &
sampler=$!
trap 'kill "$sampler"' EXIT

cargo build --release -p crisscross-cli >&2
# The cold path in rounds that alternate with the peer's (bench/peer/iam-simulate.mjs).
cargo build --release -p crisscross-core --example cold_path >&2
trunk build --release >&2

cargo bench -p crisscross-core --bench evaluate >&2

# The largest scenario's timings keep the page busy longer than the runner's default 20 s allow.
(cd crates/crisscross-core && CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=1800 cargo test --target wasm32-unknown-unknown --release --test wasm -- --nocapture) 2>&1 | tee "$out/wasm.log" >&2

# The median wall time of five runs, in milliseconds. `size` exits 1 when a policy is over its quota,
# which does not make its time count less.
median_ms() {
  local runs=() start
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    "$@" > /dev/null || true
    runs+=($(( $(date +%s%N) - start )))
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p | awk '{ printf "%.1f\n", $1 / 1e6 }'
}

node bench/peer/iam-simulate.mjs "${scenarios[0]#*:}" hop > "$out/peer.json"
for entry in "${scenarios[@]}"; do
  name=${entry%%:*}
  file=${entry#*:}
  for command in size matrix; do
    echo "$name $command $(median_ms target/release/crisscross "$command" "$file")" >> "$out/cli"
  done
  node bench/peer/iam-simulate.mjs "$file" call > "$out/peer-call-$name.json"
  node bench/page.mjs "$file" 40 > "$out/page-$name.json"
done

cp dist/*.wasm "$out/page.wasm"
gzip -9 -c "$out/page.wasm" | wc -c > "$out/wasm-gzip"
# The same build keeping its function names, to tell whose code the page holds: the wasm trunk built
# from, through the same two tools.
wasm-bindgen --target web --keep-debug --out-dir "$out/named" target/wasm32-unknown-unknown/wasm-release/crisscross-web.wasm
wasm-opt -Oz -g --reorder-functions-by-name "$out/named/crisscross-web_bg.wasm" -o "$out/page-named.wasm"

node bench/report.mjs "$out" > docs/benchmarks.md
cat docs/benchmarks.md
