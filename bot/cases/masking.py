"""One masker for every free text of a person that staff see: the card, the thread, `cases`.

A caseworker needs what happened, never a way to find or reach the person outside
Safar: phone numbers in any grouping, e-mail addresses, Telegram handles, links
(t.me/…, wa.me/…, any URL) and passport-like numbers are replaced by a mark.
"""

from __future__ import annotations

import re

MASK = "[…]"
_IDENTIFYING = re.compile(
    r"(?:https?://|www\.)\S+"  # any link
    r"|(?<![\w.])(?:t\.me|telegram\.me|wa\.me|vk\.com|ok\.ru|instagram\.com)/\S*"  # messenger links
    r"|[\w.+-]+@[\w-]+\.[\w.]+"  # e-mail addresses
    r"|@\w{4,}"  # Telegram handles
    r"|(?<!\w)[A-Za-zА-Яа-яЁё]{1,2}\s?№?\s?\d{6,9}(?!\w)"  # passport-like: "A 1234567", "АБ1234567"
    r"|\+?\d[\d\s().-]{5,}\d"  # phone numbers in any grouping, and other long numbers
)


def masked(text: str) -> str:
    """The person's words without anything that could identify or reach them."""
    return _IDENTIFYING.sub(MASK, text)
