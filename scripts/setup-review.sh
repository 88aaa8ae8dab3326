#!/usr/bin/env bash
# Debian packages the browser and document tests run against (tests/test_review_*.py, tests/audit): LibreOffice
# Writer (reopens annotated .docx copies and prints them to PDF), poppler-utils (pdftotext),
# Debian's Chromium (opens the HTML review page through playwright) and a CJK font.
# Idempotent: installs only what is missing; needs root or sudo on a fresh machine.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
if ((${#need[@]})); then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "setup-review: installing Debian packages: ${need[*]}"
  for n in 1 2 3; do $SUDO apt-get update -qq && break; sleep $((n * 5)); done
  for n in 1 2 3; do
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=600 "${need[@]}" >/dev/null && break
    [ "$n" = 3 ] && { echo "setup-review: apt-get install ${need[*]} failed" >&2; exit 1; }
    sleep $((n * 5))
  done
fi
