#!/usr/bin/env bash
# Set up a virtual environment in .venv with gilint and what the tests need.
# Idempotent; works on a fresh machine of this kind (Python ≥ 3.10 with venv; PyPI reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 'setuptools>=68' wheel
.venv/bin/python -m pip install -q -e ".[${1:-test}]"
