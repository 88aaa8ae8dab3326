#!/usr/bin/env bash
# The message catalogue (gilint.i18n): extract every _()/ngettext()/N_() string of gilint/ with
# Babel, merge it into the Chinese .po (new ids come in untranslated: tests/test_i18n.py fails
# until they are translated), and compile the .mo that the wheel ships.
#   bash scripts/i18n.sh          extract + update + compile
#   bash scripts/i18n.sh compile  compile only
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
LOCALES=gilint/locale
if [ "${1:-}" != compile ]; then
  # Option:3 — a rule option's doc (Option(type, default, doc)), shown by `gilint rule` and the hover
  "$PYBABEL" extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k lgettext:2 -k Option:3 --no-location \
    --sort-output --project gilint --omit-header -o "$LOCALES/gilint.pot" gilint
  "$PYBABEL" update -i "$LOCALES/gilint.pot" -d "$LOCALES" -D gilint -l zh_CN \
    --no-fuzzy-matching --ignore-obsolete
fi
"$PYBABEL" compile -d "$LOCALES" -D gilint -l zh_CN --use-fuzzy
