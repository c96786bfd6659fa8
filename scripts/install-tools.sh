#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already present. Source it to get PATH:
#   . scripts/install-tools.sh [--browser]
# Tools that are not Rust crates live in $CRISSCROSS_TOOLS (default ~/.cache/crisscross-tools).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${CRISSCROSS_TOOLS:-$HOME/.cache/crisscross-tools}
mkdir -p "$tools"
export PATH="$HOME/.cargo/bin:$tools/node_modules/.bin:$PATH"

say() { printf '[install-tools] %s\n' "$*" >&2; }

if ! command -v npm >/dev/null; then
  say "installing Debian's nodejs and npm"
  apt-get update -qq >&2 && apt-get install -y -qq nodejs npm >&2
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
  say "installing trunk 0.21.14 (about 10 minutes on 2 cores)"
  cargo install --locked trunk --version 0.21.14
fi

bindgen_version=$(grep -A1 '^name = "wasm-bindgen"$' "$here/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# The JavaScript tools (wasm-opt, Playwright, axe-core, markdown-it, the benchmark peer) are pinned by
# scripts/js/package-lock.json; `npm ci` runs again only when the lockfile changes.
if ! cmp -s "$here/scripts/js/package-lock.json" "$tools/package-lock.json" || [ ! -d "$tools/node_modules" ]; then
  say "installing the JavaScript tools pinned in scripts/js/package-lock.json"
  cp "$here/scripts/js/package.json" "$here/scripts/js/package-lock.json" "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund >&2)
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    apt-get update -qq >&2 && apt-get install -y -qq chromium chromium-driver >&2
  fi
fi
