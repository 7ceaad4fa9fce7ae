#!/usr/bin/env bash
# End-to-end timings with a release build: one `claim check --json` (process start
# included) and a 100,000-line `claim check --batch`. Pass a line count to change the batch.
set -euo pipefail
cd "$(dirname "$0")/.."

lines="${1:-100000}"
cargo build --release --quiet --example gen_batch --bin claim
claim=target/release/claim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CLAIM_DATA_DIR="$work/data" CLAIM_CONFIG="$work/config.toml" CLAIM_TODAY=2026-11-26
touch "$CLAIM_CONFIG"

runs=200
start=$(date +%s%N)
for _ in $(seq "$runs"); do
  "$claim" --orders examples/orders.toml check --order 402-8765432-1122334 \
    --problem damaged --severity major --json > /dev/null
done
end=$(date +%s%N)
echo "single check --json: $(( (end - start) / runs / 1000 )) µs per run (mean of $runs, process start included)"

target/release/examples/gen_batch "$lines" > "$work/cases.jsonl"
start=$(date +%s%N)
"$claim" check --batch "$work/cases.jsonl" > "$work/out.jsonl"
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "batch: $lines lines in $ms ms = $(( lines * 1000 / (ms > 0 ? ms : 1) )) lines/s, $(( $(wc -c < "$work/out.jsonl") / lines )) bytes per output line"

# Import: a synthetic 200,000-row Order History.csv against a bare csv pass counting records.
# Each timed command also reports its peak memory when GNU time is there.
cargo build --release --quiet --example gen_export --example csv_count --example sqlite_floor
rows=200000
target/release/examples/gen_export "$rows" > "$work/Order History.csv"
timed() {
  local label=$1; shift
  local start end
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$work/mem" "$@" > "$work/out" 2> /dev/null
  else
    "$@" > "$work/out" 2> /dev/null
    echo "?" > "$work/mem"
  fi
  end=$(date +%s%N)
  echo "$label: $(( (end - start) / 1000000 )) ms, peak $(( $(cat "$work/mem" 2>/dev/null || echo 0) / 1024 )) MiB"
}
timed "bare csv pass over $rows rows" target/release/examples/csv_count "$work/Order History.csv"
timed "floor: the same pass writing one SQLite row per record" target/release/examples/sqlite_floor "$work/Order History.csv" "$work/floor.sqlite"
timed "first import of $rows rows" "$claim" --data-dir "$work/data" orders import "$work/Order History.csv"
timed "the same export again (known by its fingerprint)" "$claim" --data-dir "$work/data" orders import "$work/Order History.csv"
timed "the same export read and merged again (--again)" "$claim" --data-dir "$work/data" orders import --again "$work/Order History.csv"
export CLAIM_TODAY=2026-01-20
timed "scan (windows within 30 days)" "$claim" --data-dir "$work/data" scan
timed "scan --all --json" "$claim" --data-dir "$work/data" scan --all --json
timed "orders export (JSON Lines)" "$claim" --data-dir "$work/data" orders export
