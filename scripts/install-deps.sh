#!/usr/bin/env bash
# Installs the system packages policykg needs to build and test on Debian or Ubuntu:
# clang and libclang for RocksDB's bindings (oxigraph), Graphviz for diagrams and a
# CJK font so Chinese labels render, and Python with venv for the test tools
# (scripts/install-test-tools.sh). Rust itself (cargo) must already be installed.
set -euo pipefail
packages=(clang libclang-dev graphviz fonts-noto-cjk python3 python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages already installed: ${packages[*]}"
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
