"""kind_confidence means something: on the development set, a stronger band agrees with the editor more often."""

from __future__ import annotations

from bench.structure_eval import BANDS, by_band
from tests.support.structure import load_pages


def test_stronger_evidence_agrees_more_often():
    counts = by_band(load_pages())
    rates = []
    for _, name in BANDS:
        total = counts[(name, True)] + counts[(name, False)]
        assert total, f"no line in band {name}"
        rates.append(counts[(name, True)] / total)
    assert rates == sorted(rates, reverse=True), rates
    assert rates[0] > rates[-1] + 0.05
