"""Confidence intervals for small labelled sets, where a bare proportion overstates what we know."""

from __future__ import annotations

import math


def wilson(successes: float, n: float, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for ``successes`` out of ``n`` (95% for the default ``z``).

    Unlike the normal approximation it stays inside [0, 1] and is not zero-width at
    0/n or n/n: 12/12 gives (0.757, 1.0), which is all twelve examples can show.
    ``successes`` may be fractional (a mean over repeated cross-validation); with no
    trials nothing is known and the interval is (0.0, 1.0).
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # Clamp: at p == 0 or 1 rounding can put a bound a hair outside [0, 1].
    return max(0.0, centre - half), min(1.0, centre + half)
