"""Phone numbers as E.164, whatever shape a gateway or carrier sends them in."""

from __future__ import annotations

import re

_NOT_DIGIT = re.compile(r"\D")
MIN_DIGITS, MAX_DIGITS = 3, 15  # short codes have a few digits; E.164 allows 15


def normalise_number(raw: str) -> str | None:
    """'+992 93-123-45-67', '00992931234567' and '992931234567' -> '+992931234567'.

    Returns None for what cannot be a phone number. Short codes stay as digits.
    """
    text = raw.strip()
    digits = _NOT_DIGIT.sub("", text)
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS + 2:
        return None
    if text.startswith("+"):
        number = "+" + digits
    elif digits.startswith("00"):
        number = "+" + digits[2:]
    elif len(digits) == 11 and digits.startswith("8"):
        number = "+7" + digits[1:]  # Russian trunk prefix
    elif len(digits) >= 10:
        number = "+" + digits
    else:
        return digits  # a short code
    return number if len(number) - 1 <= MAX_DIGITS else None
