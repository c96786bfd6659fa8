#!/usr/bin/env bash
# Builds the playground and serves it on http://127.0.0.1:8080 (installs missing tools first).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/install-tools.sh
exec trunk serve --release "$@"
