#!/usr/bin/env bash
# Installs the outside programs the end-to-end tests talk to, from PyPI into a virtual
# environment at .ci/venv (Debian's own Python is externally managed, so pip may not
# install into it): the Oxigraph server (the `oxigraph` command), which `policykg push`
# is tested against, and SPARQLWrapper, the Python client `policykg serve` is tested
# with. Put .ci/venv/bin on PATH to use them: `export PATH="$PWD/.ci/venv/bin:$PATH"`.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.ci/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check oxigraph SPARQLWrapper
"$venv/bin/oxigraph" --version
"$venv/bin/python" -c 'import SPARQLWrapper; print("SPARQLWrapper", SPARQLWrapper.__version__)'
