"""Choosing fixes is O(n log n) and chooses exactly what the pairwise definition says (issue 13,
item 5: the old selection compared every edit with every accepted one; 60,000 fixes did not
finish in 3 minutes)."""
from __future__ import annotations

import random
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from gilint.findings import Edit, Fix
from gilint.fixes import _fix_key, _overlaps, _valid, select_non_overlapping


def reference(fixes, text_length=None):
    """The definition, pair by pair (what the old code did, quadratically)."""
    taken, accepted = [], []
    for fix in sorted((f for f in fixes if f is not None and f.edits), key=_fix_key):
        edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
        if text_length is not None and not _valid(edits, text_length):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(edits) for b in edits[i + 1:]):
            continue
        if any(_overlaps(e, t) for e in edits for t in taken):
            continue
        taken.extend(edits)
        accepted.append(fix)
    return accepted


edit = st.builds(lambda s, n, t: Edit(s, s + n, t), st.integers(0, 40), st.integers(0, 6),
                 st.sampled_from(["", "x", "yy"]))
fix = st.builds(lambda es, safe: Fix(tuple(es), safe, "d"), st.lists(edit, min_size=1, max_size=4),
                st.booleans())


@settings(max_examples=600, deadline=None)
@given(st.lists(fix, max_size=25), st.one_of(st.none(), st.integers(0, 46)))
def test_same_choice_as_the_definition(fixes, length):
    assert select_non_overlapping(fixes, length) == reference(fixes, length)


def test_same_choice_on_dense_random_fixes():
    rng = random.Random(13)
    for _ in range(200):
        fixes = []
        for _ in range(rng.randrange(1, 200)):
            es = []
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                s = rng.randrange(0, 300)
                es.append(Edit(s, s + rng.choice((0, 0, 1, 2, 5, 30)), "z"))
            fixes.append(Fix(tuple(es), True, "d"))
        assert select_non_overlapping(fixes, 400) == reference(fixes, 400)


SIXTY_THOUSAND = """
import time
from gilint.findings import Edit, Fix
from gilint.fixes import select_non_overlapping
# 60,000 fixes: one-character replacements, every third one overlapping its neighbour, plus
# two-edit fixes whose second edit lies far ahead (accepted out of document order).
fixes = [Fix((Edit(i * 2, i * 2 + (3 if i % 3 == 0 else 1), "x"),), True, "d") for i in range(50000)]
fixes += [Fix((Edit(100001 + i * 4, 100002 + i * 4, "a"), Edit(300001 + i * 4, 300002 + i * 4, "b")), True, "d")
          for i in range(10000)]
chosen = select_non_overlapping(fixes, 400000)
print(len(chosen))
"""


def test_sixty_thousand_fixes_complete():
    # A subprocess with a generous timeout: the old quadratic selection does not finish in it.
    p = subprocess.run([sys.executable, "-c", SIXTY_THOUSAND], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    # Of the 50,000 one-edit fixes, i ≡ 1 (mod 3) overlaps the i-1 before it: 16,667 left out.
    assert int(p.stdout) == 50000 - 16667 + 10000
