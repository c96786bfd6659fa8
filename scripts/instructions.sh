#!/usr/bin/env bash
# Instructions per call of the cold path (policy text to every hop's decision), of the matrix and of the
# fix search, counted by callgrind, for comparing two commits on a shared machine: unlike times, counts
# do not change with the load. Each runs at two numbers of runs (listed below); the difference divided
# by the difference in runs leaves out the start, the scenario, the catalog and numbering the matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind > /dev/null; then
  echo "scripts/instructions.sh needs valgrind (on Debian: apt-get install valgrind)" >&2
  exit 1
fi
cargo build --quiet --release -p crisscross-core --example cold_path
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/cold_path "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
# scenario:more runs:fewer runs[:operation], the cold path when no operation is named
for runs in example:50:10 medium:12:4 quota:4:2 example:12:2:matrix medium:12:2:matrix example:3:1:fixes; do
  IFS=: read -r name more fewer operation <<< "$runs"
  echo "$name${operation:+ $operation}: $(( ($(count "$name" "$more" $operation) - $(count "$name" "$fewer" $operation)) / (more - fewer) )) instructions per call"
done
