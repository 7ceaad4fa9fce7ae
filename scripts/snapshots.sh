#!/usr/bin/env bash
# Makes the ready-made form of each built-in policy again (policies/<id>.snapshot, see
# src/policy/snapshot.rs): after editing a policy, or the code its form depends on.
set -euo pipefail
cd "$(dirname "$0")/.."
# The forms' first line hashes the code they depend on (src/policy/fingerprint.rs lists it):
# format it first, or `cargo fmt` would make the forms stale again.
cargo fmt --check > /dev/null 2>&1 || {
  echo "cargo fmt would change some files: run it first (the forms hash the code)" >&2
  exit 1
}
CLAIM_UPDATE_SNAPSHOTS=1 cargo test --lib --quiet -- policy::snapshot
echo "policies/*.snapshot made again: commit them with the change that made them stale"
