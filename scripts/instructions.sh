#!/usr/bin/env bash
# Instruction counts (valgrind's callgrind) of a release build: unlike times, the same for the
# same binary and inputs however loaded the machine is, so two builds compare exactly.
#
#   scripts/instructions.sh [BATCH_LINES]
#   CLAIM_BIN=/path/to/an/older/claim scripts/instructions.sh   # the same figures for another build
#
# Prints: a bare process start (examples/hello.rs), `claim --version`, one `check --json` and
# one `check --brief` with an order file, and the cost of one batch line (full and brief):
# a batch of BATCH_LINES (default 2000) lines less a batch of one line, divided by the
# difference in lines.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || {
  echo "valgrind is needed (Debian: apt-get install valgrind)" >&2
  exit 1
}
lines="${1:-2000}"
cargo build --release --quiet --bin claim --example hello --example gen_batch
claim="${CLAIM_BIN:-target/release/claim}"
# shellcheck source=scripts/bench-setup.sh
. scripts/bench-setup.sh

# The instructions a command executes, from its first to its last (the dynamic loader's too).
count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" > /dev/null 2> "$work/vg.txt"
  awk '/Collected :/ { print $NF }' "$work/vg.txt"
}
millions() { awk -v n="$1" 'BEGIN { printf "%.2f M", n / 1e6 }'; }

echo "bare process start (hello):  $(millions "$(count target/release/examples/hello)")"
echo "claim --version:              $(millions "$(count "$claim" --version)")"
echo "check --json with an order:   $(millions "$(count "${check[@]}" --json)")"
echo "check --brief with an order:  $(millions "$(count "${check[@]}" --brief)")"

target/release/examples/gen_batch "$lines" > "$work/many.jsonl"
head -n 1 "$work/many.jsonl" > "$work/one.jsonl"
per_line() {
  local many one
  many=$(count "$claim" check --batch "$work/many.jsonl" --jobs 1 "$@")
  one=$(count "$claim" check --batch "$work/one.jsonl" --jobs 1 "$@")
  echo $(((many - one) / (lines - 1)))
}
echo "batch line, full document:    $(per_line) instructions (over $lines lines)"
echo "batch line, --brief:          $(per_line --brief) instructions (over $lines lines)"
