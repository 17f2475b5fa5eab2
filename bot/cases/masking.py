"""One masker for every free text of a person that staff see: the card, the thread, `cases`.

A caseworker needs what happened, never a way to find or reach the person outside
Safar: phone numbers in any grouping, e-mail addresses, Telegram handles, links
(t.me/…, wa.me/…, tg://…, any URL, a bare site such as "sklad-job.ru") and
passport-like numbers are replaced by a mark. Dates and sums of money stay: they are
what happened, and a caseworker needs them.
"""

from __future__ import annotations

import re

MASK = "[…]"
_IDENTIFYING = re.compile(
    r"(?:https?://|www\.)\S+"  # any link
    r"|(?:tg|viber|whatsapp)://\S+"  # app links: "tg://resolve?domain=…"
    r"|(?<![\w.])(?:t\.me|telegram\.me|wa\.me|vk\.com|vk\.me|ok\.ru|instagram\.com)/\S*"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"  # e-mail addresses
    # A bare site, as people type one: "sklad-job.ru/vacancy", "rabota.tj".
    r"|(?<![\w@.])[a-zа-я0-9-]+(?:\.[a-zа-я0-9-]+)*\.(?:ru|com|tj|kz|uz|kg|net|org|me|io|info"
    r"|online|site|su|рф)(?![\w])(?:/\S*)?"
    r"|@\w{4,}"  # Telegram handles
    r"|(?<!\w)[A-Za-zА-Яа-яЁё]{1,2}\s?№?\s?\d{6,9}(?!\w)"  # passport-like: "A 1234567", "АБ1234567"
    r"|(?P<number>\+?\d[\d\s().-]{5,}\d)",  # phone numbers in any grouping
    re.IGNORECASE,
)
# What a long number is when it is not a way to reach someone: a date, or a sum of money.
_DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})")
_MONEY_AFTER = re.compile(
    r"\s*(?:(?:руб|сом|смн|долл|usd|eur|евро|тенге|тыс|ҳазор|hazor|rub|dollar|somoni|tenge)\w*"
    r"|р\.|₽|\$|€|₸)(?!\w)",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:[$€₽₸]|usd|eur|rub)\s*$", re.IGNORECASE)
_PHONE_DIGITS = 7  # fewer digits reach nobody
_SUM_DIGITS = 9  # more than this is no sum anyone is owed: a phone or a card number


def _replace(found: re.Match[str]) -> str:
    number = found.group("number")
    if number is None:
        return MASK
    text = found.string
    digits = sum(c.isdigit() for c in number)
    if digits < _PHONE_DIGITS or _DATE.fullmatch(number.strip()):
        return number
    money = _MONEY_AFTER.match(text, found.end()) or _MONEY_BEFORE.search(
        text[max(0, found.start() - 5) : found.start()]
    )
    if money and digits <= _SUM_DIGITS and not number.lstrip().startswith("+"):
        return number
    return MASK


def masked(text: str) -> str:
    """The person's words without anything that could identify or reach them."""
    return _IDENTIFYING.sub(_replace, text)
