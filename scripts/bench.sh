#!/usr/bin/env bash
# Benchmark policykg at corpus scale (see scripts/bench.py for what is measured):
# installs the two baselines (Oxigraph's CLI and jieba, from PyPI) if missing, builds
# the release binary, and writes BENCHMARKS.md. Arguments go to bench.py, e.g.
#   scripts/bench.sh --sizes 100,1000 --repeat 1
set -euo pipefail
cd "$(dirname "$0")/.."
command -v oxigraph >/dev/null 2>&1 || python3 -m pip install --quiet oxigraph
python3 -c 'import jieba' 2>/dev/null || python3 -m pip install --quiet jieba
# --all-targets: the same build as CI and the tests, so RocksDB is not compiled a second
# time with another feature set.
cargo build --release --all-targets --locked
exec python3 scripts/bench.py "$@"
