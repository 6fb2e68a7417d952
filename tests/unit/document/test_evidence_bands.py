"""kind_confidence means something: on the development set, the strongest evidence agrees with the editor at least
as often as the weakest, and a rule's place-only guesses are the ones in the weakest band."""

from __future__ import annotations

from tests.support.structure import BANDS, by_band, load_pages


def test_stronger_evidence_agrees_more_often():
    counts = by_band(load_pages())
    rates = []
    for _, name in BANDS:
        total = counts[(name, True)] + counts[(name, False)]
        assert total, f"no line in band {name}"
        rates.append(counts[(name, True)] / total)
    assert rates[0] >= rates[-1], rates
    assert rates[0] >= 0.99, rates
