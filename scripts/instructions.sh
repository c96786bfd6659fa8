#!/usr/bin/env bash
# Instructions per call of the cold path (policy text to every hop's decision), counted by callgrind,
# for comparing two commits on a shared machine: unlike times, counts do not change with the load.
# Each scenario runs twice (the example 50 and 10 times, the medium organization 12 and 4 times); the
# difference divided by the difference in runs leaves out the start, the scenario and the catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind > /dev/null; then
  echo "scripts/instructions.sh needs valgrind (on Debian: apt-get install valgrind)" >&2
  exit 1
fi
cargo build --quiet --release -p crisscross-core --example cold_path
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/cold_path "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for runs in example:50:10 medium:12:4; do
  IFS=: read -r name more fewer <<< "$runs"
  echo "$name: $(( ($(count "$name" "$more") - $(count "$name" "$fewer")) / (more - fewer) )) instructions per call"
done
