#!/usr/bin/env bash
# Installs the outside programs the end-to-end tests talk to:
# - from PyPI into a virtual environment at .ci/venv (Debian's own Python is externally
#   managed, so pip may not install into it): the Oxigraph server (the `oxigraph`
#   command), which `policykg push` is tested against, and SPARQLWrapper, the Python
#   client `policykg serve` is tested with. Put .ci/venv/bin on PATH to use them:
#   `export PATH="$PWD/.ci/venv/bin:$PATH"`.
# - from the system's packages (Debian): Chromium and chromedriver, the
#   headless browser the web page of `policykg serve` is tested in (tests/browser.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromedriver >/dev/null 2>&1 \
  || ! { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # Debian's names; on Ubuntu they come as snaps (chromium, chromium-chromedriver).
  $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi
chromedriver --version
venv=.ci/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check oxigraph SPARQLWrapper
"$venv/bin/oxigraph" --version
"$venv/bin/python" -c 'import SPARQLWrapper; print("SPARQLWrapper", SPARQLWrapper.__version__)'
