"""Generated reports: a clean model (from scratch or from a seed/real case), a benign variation
and some defects — seeded and deterministic (the matrix), or as hypothesis strategies (the
property test)."""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from layouts.blocks import Variation, blocks
from layouts.corpus import case_files, from_case
from layouts.defects import DEFECTS, NEEDS_2021, inject_some
from layouts.model import BODIES_NO_RULES, BODIES_RULES, ReportModel, build
from layouts.render import Rendered, render

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)


@dataclass
class Case:
    model: ReportModel
    variation: Variation
    seed: int

    def __repr__(self):
        m = self.model
        return f"Case(seed={self.seed}, {m.year}, {m.body}, defects={m.defects}, {self.variation})"

    def render(self, layout: str) -> Rendered:
        return render(layout, blocks(self.model, self.variation), random.Random(self.seed))


@lru_cache(maxsize=None)
def _corpus_paths():
    return tuple(p for p in case_files())


def corpus_model(index: int, seed: int) -> ReportModel | None:
    paths = _corpus_paths()
    return from_case(paths[index % len(paths)], seed) if paths else None


def make_case(seed: int, max_defects: int = 3, defects: tuple[str, ...] | None = None,
              corpus_share: float = 0.25) -> Case:
    """The case of this seed: a model, its variation, 0..max_defects defects (or exactly the
    named ones)."""
    rnd = random.Random(seed)
    m = None
    if rnd.random() < corpus_share:
        m = corpus_model(rnd.randrange(1000), seed)
    if m is None:
        m = build(rnd)
    var = Variation.draw(rnd)
    if defects is None:
        inject_some(m, rnd, rnd.randint(0, max_defects))
    else:
        for name in defects:
            DEFECTS[name][1](m, rnd)
    return Case(m, var, seed)


def strategies():
    """Hypothesis strategies (imported lazily: the matrix script runs without hypothesis).
    ``cases(defects=names)`` injects exactly those; else up to ``max_defects`` drawn from
    ``pool`` (two with a slot in common are not combined)."""
    from hypothesis import strategies as st

    all_variations = Variation.strategy()

    @st.composite
    def cases(draw, defects=None, pool=tuple(sorted(DEFECTS)), max_defects=3, variations=all_variations,
              from_cases=True):
        seed = draw(st.integers(0, 2**31 - 1))
        rnd = random.Random(seed)
        years = YEARS
        if defects and set(defects) & NEEDS_2021:
            years = tuple(y for y in YEARS if y >= 2021)
        m = None
        if from_cases and draw(st.integers(0, 2)) == 0:
            m = corpus_model(draw(st.integers(0, len(_corpus_paths()) - 1)), seed)
            if m is not None and m.year not in years:
                m = None
        if m is None:
            m = build(rnd, year=draw(st.sampled_from(years)),
                      body=draw(st.sampled_from(BODIES_NO_RULES + BODIES_RULES)))
        names = defects if defects is not None else \
            draw(st.lists(st.sampled_from(pool), max_size=max_defects, unique=True)) if pool else ()
        used: set = set()
        for name in names:
            slots, fn = DEFECTS[name]
            if slots & used:
                continue
            fn(m, rnd)
            used |= slots
        return Case(m, draw(variations), seed)

    return cases
