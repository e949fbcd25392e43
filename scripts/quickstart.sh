#!/usr/bin/env bash
# The main job on the bundled sample: installs what the build needs, builds policykg,
# builds the knowledge graph of the sample plan into ./policykg-store and prints which
# districts host which industries.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo build --bin policykg
./target/debug/policykg build examples/
./target/debug/policykg query district-industries --format table
