#!/usr/bin/env bash
# Builds a release of gilint into dist/ (or $GILINT_DIST_DIR):
#   gilint-VERSION.tar.gz, gilint-VERSION-py3-none-any.whl      python -m build
#   gilint-vscode-VERSION-TARGET.vsix   one per vsce target, gilint and its dependencies bundled
#                                       (compiled ones, regex, for that platform: scripts/bundle_vscode.py)
#   gilint-vscode-VERSION.vsix          universal fallback: pure-Python libraries only; on a platform
#                                       without its own .vsix it uses the environment's gilint
#   SHA256SUMS                          sha256sum of every file above
#
#   bash scripts/release.sh VERSION
#
# Refuses (exit 2, nothing built) unless VERSION is the version of pyproject.toml, of
# `python -m gilint --version` from this checkout, of vscode-extension/package.json, and the newest
# release heading `## [VERSION] - YYYY-MM-DD` of CHANGELOG.md (and of vscode-extension/CHANGELOG.md).
# Environment: PYTHON (default .venv/bin/python; needs pip and the `build` package),
# GILINT_VSIX_TARGETS (default: every target of scripts/bundle_vscode.py), GILINT_DIST_DIR,
# E2E_CACHE (where Node 24 is installed, shared with scripts/e2e-vscode.sh).
# Publishing (PyPI, the VS Code Marketplace / Open VSX, a git tag) is a separate maintainer step:
# see "Releasing" in README.md.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXT="$REPO/vscode-extension"
CACHE="${E2E_CACHE:-$EXT/.e2e-cache}"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
DIST="${GILINT_DIST_DIR:-$REPO/dist}"
T0=$(date +%s)

log() { echo "[release +$(( $(date +%s) - T0 ))s] $*"; }
die() { echo "release: error: $*" >&2; exit 2; }
# retry, Node 24 and the extension's npm packages (shared with scripts/e2e-vscode.sh)
# shellcheck source=scripts/extension-tools.sh
. "$REPO/scripts/extension-tools.sh"

[ $# = 1 ] || die "usage: scripts/release.sh VERSION (e.g. 0.2.0)"
VERSION="$1"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "VERSION must be MAJOR.MINOR.PATCH, got '$VERSION'"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)" || die "no Python (set PYTHON)"

# --- 1. One version everywhere ----------------------------------------------------------------------
versions="$("$PYTHON" - "$REPO" <<'PY'
import json, re, subprocess, sys, tomllib
from pathlib import Path
root = Path(sys.argv[1])
def heading(path):
    """The newest release in a Keep a Changelog file (the first `## [X.Y.Z] - date` heading)."""
    m = re.search(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}\s*$", path.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else "no '## [X.Y.Z] - YYYY-MM-DD' heading"
cli = subprocess.run([sys.executable, "-m", "gilint", "--version"], cwd=root, capture_output=True, text=True)
print("pyproject.toml", tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
print("gilint --version", (cli.stdout.split() or ["?", cli.stderr.strip() or "failed"])[-1])
print("vscode-extension/package.json", json.loads((root / "vscode-extension/package.json").read_text(encoding="utf-8"))["version"])
print("CHANGELOG.md", heading(root / "CHANGELOG.md"))
print("vscode-extension/CHANGELOG.md", heading(root / "vscode-extension/CHANGELOG.md"))
PY
)" || die "could not read the versions"
bad=0
while IFS= read -r line; do
  where="${line% *}"; found="${line##* }"
  if [ "$found" != "$VERSION" ]; then
    echo "release: $where has version $found, not $VERSION" >&2
    bad=1
  fi
done <<<"$versions"
[ "$bad" = 0 ] || die "version mismatch: set $VERSION everywhere (and date its CHANGELOG entries) first"
log "version $VERSION in pyproject.toml, gilint --version, package.json and both CHANGELOGs"

mkdir -p "$DIST" || die "cannot create $DIST"
rm -f "$DIST"/gilint-"$VERSION"* "$DIST"/gilint-vscode-"$VERSION"* "$DIST/SHA256SUMS"

# --- 2. sdist and wheel -----------------------------------------------------------------------------
"$PYTHON" -c 'import build' 2>/dev/null || die "$PYTHON has no 'build' package (bash scripts/setup.sh test installs it)"
log "python -m build (sdist and wheel)"
BUILD_TMP="$(mktemp -d)"
LOGS="$(mktemp -d)"
trap 'rm -rf "$BUILD_TMP" "$LOGS"' EXIT
# From a copy of the tracked files: building in place would leave build/ and *.egg-info behind.
git -C "$REPO" ls-files -z --cached --others --exclude-standard | (cd "$REPO" && xargs -0 cp --parents -t "$BUILD_TMP" 2>/dev/null)
retry "$PYTHON" -m build --outdir "$DIST" "$BUILD_TMP" >"$LOGS/build.log" 2>&1 \
  || { tail -30 "$LOGS/build.log"; die "python -m build failed"; }
WHEEL="$DIST/gilint-$VERSION-py3-none-any.whl"
[ -f "$WHEEL" ] && [ -f "$DIST/gilint-$VERSION.tar.gz" ] || die "python -m build did not produce gilint-$VERSION(.tar.gz, -py3-none-any.whl)"

# --- 3. The .vsix files -----------------------------------------------------------------------------
mkdir -p "$CACHE"
extension_node
extension_npm_ci
cd "$EXT" || die "no $EXT"
log "building the extension (typecheck, esbuild --production)"
{ npm run typecheck && node esbuild.mjs --production; } >"$LOGS/esbuild.log" 2>&1 \
  || { tail -30 "$LOGS/esbuild.log"; die "building the extension failed"; }
TARGETS="${GILINT_VSIX_TARGETS:-$("$PYTHON" -c 'import sys; sys.path.insert(0, "'"$REPO"'/scripts"); import bundle_vscode; print(" ".join(bundle_vscode.TARGETS))')}"
package() {  # package TARGET|universal
  local out args=(--target "$1")
  if [ "$1" = universal ]; then
    out="$DIST/gilint-vscode-$VERSION.vsix"; args=()
    "$PYTHON" "$REPO/scripts/bundle_vscode.py" --wheel "$WHEEL" --no-platform --platform-only
  else
    out="$DIST/gilint-vscode-$VERSION-$1.vsix"
    "$PYTHON" "$REPO/scripts/bundle_vscode.py" --wheel "$WHEEL" --target "$1" --platform-only
  fi || die "bundling gilint for $1 failed"
  npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links "${args[@]}" \
    --out "$out" >"$LOGS/vsce.log" 2>&1 || { tail -30 "$LOGS/vsce.log"; die "vsce package ($1) failed"; }
  log "$(basename "$out") ($(du -k "$out" | cut -f1) KB)"
}
"$PYTHON" "$REPO/scripts/bundle_vscode.py" --wheel "$WHEEL" --no-platform >/dev/null || die "bundling gilint failed"
for t in $TARGETS; do
  package "$t"
done
package universal

# --- 4. Checksums -----------------------------------------------------------------------------------
(cd "$DIST" && sha256sum gilint-"$VERSION"* gilint-vscode-"$VERSION"* >SHA256SUMS) || die "sha256sum failed"
log "done: $DIST"
(cd "$DIST" && ls -l gilint-"$VERSION"* gilint-vscode-"$VERSION"* SHA256SUMS)
