#!/usr/bin/env bash
# End-to-end figures with a release build, each next to a baseline measured in the same run:
# one `claim check` against a bare process start (examples/hello.rs), `check --batch`
# (full documents and --brief, one worker and all cores), and the order history against a
# bare csv pass (examples/csv_count.rs) and a bare SQLite writer (examples/sqlite_floor.rs).
# Latencies are medians of alternating runs, so that a noisy machine moves both sides.
#
#   scripts/bench.sh [BATCH_LINES] [EXPORT_ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."

lines="${1:-100000}"
rows="${2:-200000}"
cargo build --release --quiet --bin claim --example hello --example gen_batch \
  --example gen_export --example csv_count --example sqlite_floor
claim=target/release/claim
ex=target/release/examples
# shellcheck source=scripts/bench-setup.sh
. scripts/bench-setup.sh

# Times are microseconds from $EPOCHREALTIME: no process is started to read the clock.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
ms() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1000 }'; }

# One check: median of alternating runs against a bare process start.
runs=101
: > "$work/t_hello"; : > "$work/t_json"; : > "$work/t_brief"
for _ in $(seq "$runs"); do
  s=${EPOCHREALTIME/./}; "$ex/hello" > /dev/null; e=${EPOCHREALTIME/./}; echo $((e - s)) >> "$work/t_hello"
  s=${EPOCHREALTIME/./}; "${check[@]}" --json > /dev/null; e=${EPOCHREALTIME/./}; echo $((e - s)) >> "$work/t_json"
  s=${EPOCHREALTIME/./}; "${check[@]}" --brief > /dev/null; e=${EPOCHREALTIME/./}; echo $((e - s)) >> "$work/t_brief"
done
hello=$(median < "$work/t_hello")
json=$(median < "$work/t_json")
brief=$(median < "$work/t_brief")
echo "bare process start (hello):   $(ms "$hello") ms (median of $runs)"
echo "check --json with an order:   $(ms "$json") ms = $(ratio "$json" "$hello")× a bare start"
echo "check --brief with an order:  $(ms "$brief") ms = $(ratio "$brief" "$hello")× a bare start"

# Batches: lines per second and peak memory.
"$ex/gen_batch" "$lines" > "$work/cases.jsonl"
# Each batch runs three times: its time is the median, its memory the highest peak.
batch() {
  local label=$1; shift
  local s e mem=0 times=()
  for _ in 1 2 3; do
    # Not timed: truncating a 400 MB output of the run before would be.
    rm -f "$work/out.jsonl"
    s=${EPOCHREALTIME/./}
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f "%M" -o "$work/mem" "$claim" check --batch "$work/cases.jsonl" "$@" > "$work/out.jsonl"
      mem=$(( $(cat "$work/mem") > mem ? $(cat "$work/mem") : mem ))
    else
      "$claim" check --batch "$work/cases.jsonl" "$@" > "$work/out.jsonl"
    fi
    e=${EPOCHREALTIME/./}
    times+=($(( (e - s) / 1000 )))
  done
  local took
  took=$(printf '%s\n' "${times[@]}" | median)
  local peak="?"
  [ "$mem" -gt 0 ] && peak="$(( mem / 1024 )) MiB"
  echo "$label: $lines lines in $took ms (median of 3) = $(( lines * 1000 / (took > 0 ? took : 1) )) lines/s, $(( $(wc -c < "$work/out.jsonl") / lines )) bytes/line, peak $peak"
}
cores=$(nproc 2> /dev/null || echo 1)
batch "batch, full documents, 1 worker  " --jobs 1
batch "batch, full documents, $cores workers " --jobs "$cores"
batch "batch --brief, 1 worker          " --brief --jobs 1
batch "batch --brief, $cores workers        " --brief --jobs "$cores"

# The order history: a synthetic Order History.csv against a bare csv pass counting records
# and a bare SQLite writer, with the peak memory of each.
"$ex/gen_export" "$rows" > "$work/Order History.csv"
timed() {
  local label=$1; shift
  local s e
  s=${EPOCHREALTIME/./}
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$work/mem" "$@" > "$work/out" 2> /dev/null
  else
    "$@" > "$work/out" 2> /dev/null
    echo "0" > "$work/mem"
  fi
  e=${EPOCHREALTIME/./}
  last=$((e - s))
  echo "$label: $(( last / 1000 )) ms${base:+ = $(ratio "$last" "$base")× the bare pass}, peak $(( $(cat "$work/mem") / 1024 )) MiB"
}
base=
timed "bare csv pass over $rows rows" "$ex/csv_count" "$work/Order History.csv"
base=$last
timed "floor: one SQLite row per record" "$ex/sqlite_floor" "$work/Order History.csv" "$work/floor.sqlite"
timed "first import" "$claim" --data-dir "$work/data" orders import "$work/Order History.csv"
timed "the same export again (known by its fingerprint)" "$claim" --data-dir "$work/data" orders import "$work/Order History.csv"
timed "the same export read and merged again (--again)" "$claim" --data-dir "$work/data" orders import --again "$work/Order History.csv"
export CLAIM_TODAY=2026-01-20
timed "scan (windows within 30 days)" "$claim" --data-dir "$work/data" scan
timed "scan --all --json" "$claim" --data-dir "$work/data" scan --all --json
timed "orders export (JSON Lines)" "$claim" --data-dir "$work/data" orders export
