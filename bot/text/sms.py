"""How many SMS segments a text costs (3GPP TS 23.038; DOMAIN.md §5.3).

A text that fits the GSM-7 default alphabet costs 160 characters in one SMS and 153 per
part of a longer one; the extension table's characters take two places each. Any other
character, and so any Cyrillic, switches the whole text to UCS-2: 70 UTF-16 code units
in one SMS, 67 per part, and a character outside the BMP (most emoji) takes two.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True)
class SegmentCount:
    """The cost of one text sent as SMS."""

    encoding: Encoding
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int

    def __str__(self) -> str:
        plural = "" if self.segments == 1 else "s"
        return f"{self.segments} SMS segment{plural}, {self.encoding}, {self.units} units"


def encoding_of(text: str) -> Encoding:
    if all(char in _GSM7_BASIC or char in _GSM7_EXTENSION for char in text):
        return "GSM-7"
    return "UCS-2"


def count_segments(text: str) -> SegmentCount:
    """Segments, encoding and length units of ``text`` as one (concatenated) SMS."""
    encoding = encoding_of(text)
    if encoding == "GSM-7":
        units = sum(2 if char in _GSM7_EXTENSION else 1 for char in text)
        single, part = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    segments = 1 if units <= single else math.ceil(units / part)
    return SegmentCount(encoding, units, segments)
