"""Wilson intervals: the figures every evaluation report rests on, checked against known values."""

from __future__ import annotations

import pytest

from bot.understanding.stats import wilson

# scipy.stats.binomtest(k, n).proportion_ci(method="wilson") with the exact 95% z.
Z95 = 1.959963984540054
KNOWN = [
    (5, 10, 0.236593090512564, 0.7634069094874361),
    (12, 12, 0.7575059933447592, 1.0),
    (0, 10, 0.0, 0.27753279986288926),
    (146, 150, 0.9334461094878556, 0.989582059177032),
    (1, 3, 0.06149194472039626, 0.7923403991979523),
    (81, 100, 0.7222115462093562, 0.8748524849023126),
]


@pytest.mark.parametrize(("successes", "n", "low", "high"), KNOWN)
def test_matches_published_values(successes: int, n: int, low: float, high: float) -> None:
    got_low, got_high = wilson(successes, n, z=Z95)
    assert got_low == pytest.approx(low, abs=1e-9)
    assert got_high == pytest.approx(high, abs=1e-9)


def test_twelve_of_twelve_proves_only_about_three_quarters() -> None:
    """The design note's example: 12/12 shows a lower bound of 0.76, not 1.0."""
    low, high = wilson(12, 12)
    assert round(low, 2) == 0.76 and high == 1.0


def test_symmetric_and_inside_the_unit_interval() -> None:
    for n in (1, 2, 7, 30):
        for successes in range(n + 1):
            low, high = wilson(successes, n)
            assert 0.0 <= low <= successes / n <= high <= 1.0
            mirror_low, mirror_high = wilson(n - successes, n)
            assert low == pytest.approx(1 - mirror_high) and high == pytest.approx(1 - mirror_low)


def test_more_items_or_less_confidence_narrow_it() -> None:
    narrow, wide = wilson(80, 100), wilson(8, 10)
    assert narrow[1] - narrow[0] < wide[1] - wide[0]
    lax = wilson(8, 10, z=1.0)
    assert lax[1] - lax[0] < wide[1] - wide[0]


def test_fractional_successes_from_repeated_cv() -> None:
    low, high = wilson(7.4, 9)
    assert wilson(7, 9)[0] < low < wilson(8, 9)[0]
    assert low < 7.4 / 9 < high


def test_no_items_means_nothing_is_known() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("successes", "n"), [(-1, 5), (6, 5), (1, -1)])
def test_impossible_counts_are_refused(successes: float, n: float) -> None:
    with pytest.raises(ValueError, match="successes"):
        wilson(successes, n)
