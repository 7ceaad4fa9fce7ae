# Sourced by scripts/bench.sh and scripts/instructions.sh (with `claim` set to the binary):
# a sandbox that neither touches the user's data nor depends on the clock, and the one check
# both measure.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CLAIM_DATA_DIR="$work/data" CLAIM_CONFIG="$work/config.toml" CLAIM_TODAY=2026-11-26
touch "$CLAIM_CONFIG"
check=("$claim" --orders examples/orders.toml check --order 402-8765432-1122334 --problem damaged --severity major)
