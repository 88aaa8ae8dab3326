#!/bin/bash
# The fault suite's long campaign (issue 13), from the repository root:
#   bash tests/fault/long_run.sh            (LANES=2 SEEDS="13 113 213 313" ENGINE=25000 by default)
# 4 seeds × 25,000 engine inputs, 2,000 fix inputs, 200 server scenarios, the CLI matrix and the
# editor-cache session, in LANES niced processes at once (the machine is shared); each part's
# figures are appended to REPORT as JSON lines, then summed up (tests/fault/summary.py).
set -u
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
SEEDS=${SEEDS:-13 113 213 313}
export GILINT_FAULT_LONG=1 GILINT_FAULT_ENGINE=${ENGINE:-25000}
export GILINT_FAULT_REPORT=${REPORT:-/tmp/gilint-fault-long.jsonl}
: > "$GILINT_FAULT_REPORT"
start=$(date +%s)
first=${SEEDS%% *}
lane() {   # one seed: its engine inputs; the first seed also the other parts
  local parts=tests/fault/test_engine_faults.py
  [ "$1" = "$first" ] && parts=tests/fault
  GILINT_FAULT_SEED=$1 nice -n "${NICE:-5}" "$PY" -m pytest -p no:cacheprovider $parts > "$GILINT_FAULT_REPORT.$1.log" 2>&1
  echo "seed $1 ($parts): pytest exit $?, $(tail -n 1 "$GILINT_FAULT_REPORT.$1.log")" \
       "($(date -u +%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
}
export -f lane; export PY first
printf '%s\n' $SEEDS | xargs -P "${LANES:-2}" -I{} bash -c 'lane {}'
"$PY" tests/fault/summary.py "$GILINT_FAULT_REPORT" --seconds $(( $(date +%s) - start ))
