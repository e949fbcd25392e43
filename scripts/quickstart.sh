#!/usr/bin/env bash
# The main job on the bundled sample: installs what the build needs, builds policykg
# with its tests (release, all targets: the test build shares its dependencies' features,
# so `cargo test --release` afterwards compiles RocksDB no second time), builds the
# knowledge graph of the sample plan into ./policykg-store and prints which districts
# host which industries.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo build --release --all-targets --locked
./target/release/policykg build examples/
./target/release/policykg query district-industries --format table
