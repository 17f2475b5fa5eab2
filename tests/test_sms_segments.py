"""SMS segment arithmetic: GSM-7 versus UCS-2, single versus concatenated."""

from __future__ import annotations

import pytest

from bot.text.sms import count_segments


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("x" * 160, "GSM-7", 160, 1),
        ("x" * 161, "GSM-7", 161, 2),
        ("x" * 306, "GSM-7", 306, 2),
        ("x" * 307, "GSM-7", 307, 3),
        ("{" * 80, "GSM-7", 160, 1),  # extension characters take two places
        ("ж" * 70, "UCS-2", 70, 1),
        ("ж" * 71, "UCS-2", 71, 2),
        ("ж" * 134, "UCS-2", 134, 2),
        ("ж" * 135, "UCS-2", 135, 3),
        ("x" * 100 + "ӣ", "UCS-2", 101, 2),  # one Tajik letter switches the whole text
        ("😀" * 35, "UCS-2", 70, 1),  # outside the BMP: two units each
        ("Помогите, у меня забрали паспорт, не платят зарплату.", "UCS-2", 53, 1),
        ("", "GSM-7", 0, 1),
    ],
)
def test_count_segments(text: str, encoding: str, units: int, segments: int) -> None:
    """Counts follow 3GPP TS 23.038 as DOMAIN.md §5.3 summarises it."""
    cost = count_segments(text)
    assert (cost.encoding, cost.units, cost.segments) == (encoding, units, segments)
