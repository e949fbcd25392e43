#!/usr/bin/env bash
# The main job on the bundled sample: installs what the build needs, builds policykg
# (release: the tests use the same build, so RocksDB is compiled once), builds the
# knowledge graph of the sample plan into ./policykg-store and prints which districts
# host which industries.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo build --release --bin policykg
./target/release/policykg build examples/
./target/release/policykg query district-industries --format table
