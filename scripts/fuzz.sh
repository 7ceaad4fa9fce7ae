#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for SECONDS each (default 60), one after the
# other, with libFuzzer through `cargo fuzz` on the nightly toolchain. Seeds come from the
# project's own fixtures and from fuzz/seeds/TARGET; what the fuzzer learns stays in
# fuzz/corpus/TARGET (not committed), and a crash is saved in fuzz/artifacts/TARGET.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#   FUZZ_NO_BUILD=1 scripts/fuzz.sh ...   (run the binaries built last time)
#
# Needs: rustup's nightly toolchain and `cargo install cargo-fuzz`. CI does not run this;
# every crash it finds becomes a test in tests/cli/fuzzed.rs, which runs on stable.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
all=(policy condition template order_file order_lines export export_zip batch_line journal config)
targets=("${@:-${all[@]}}")

# Seeds from the repository, per target (besides fuzz/seeds/TARGET).
seeds() {
    case "$1" in
        policy) ls policies/*.toml tests/fixtures/policies/*.toml ;;
        order_file) ls examples/orders.toml ;;
        export) find examples/exports tests/fixtures -name '*.csv' -o -name '*.json' ;;
        *) ;;
    esac
}

# The fuzzed code has no `unsafe` (the crate forbids it): no sanitizer, so runs go faster.
# FUZZ_NO_BUILD=1 runs the binaries already built (while the sources are being edited).
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    cargo +nightly fuzz build --sanitizer none --release 2>&1 | tail -3
fi
bin="fuzz/target/x86_64-unknown-linux-gnu/release"
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    mkdir -p "$corpus" "fuzz/seeds/$target"
    while IFS= read -r seed; do
        [ -n "$seed" ] && cp "$seed" "$corpus/seed-$(basename "$seed" | tr ' ' '_')"
    done < <(seeds "$target")
    echo "== $target: ${seconds}s"
    # -rss_limit_mb: an input that makes the parser hold more than this is a finding too.
    # -timeout: one input taking longer than 10 s is a hang.
    # The binaries built above, run directly: `cargo fuzz run` would rebuild them whenever
    # the sources changed since, eating the time budget.
    mkdir -p "fuzz/artifacts/$target"
    "$bin/$target" "$corpus" "fuzz/seeds/$target" \
        -artifact_prefix="fuzz/artifacts/$target/" \
        -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10 -max_len=65536 \
        -print_final_stats=1 2>&1 | tee "fuzz/artifacts/$target.log" | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|.*Test unit written)' || true
done
