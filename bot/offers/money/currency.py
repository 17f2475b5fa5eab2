"""Currencies: the words and signs that name one beside a number, and their ISO codes."""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Currency words after a number. Longer spellings come first where they share a start.
CURRENCY_AFTER = (
    r"\$|€|£|₽|₸|₩|₺|zł"
    r"|катарск\w*\s+риял\w*|qatari\s+riyals?|саудовск\w*\s+риял\w*|saudi\s+riyals?"
    r"|т\.\s?р\.?|тр(?!\w)"
    r"|руб\.|руб\w*|р\.|р(?!\w)|rub(?:les?)?(?!\w)|roubles?|rubl\w*|rur(?!\w)"
    r"|usd|us\s?dollars?|dollars?|долл\.|долл\w*|дол\.?(?!\w)|бакс\w*|у\.\s?е\.?|уе(?!\w)"
    r"|euros?|eur(?!\w)|евро"
    r"|тенге|танга\w*|тг(?!\w)|kzt|tenge"
    r"|сомон\w*|somoni|tjs|смн(?!\w)"
    r"|лир[аыу]?(?!\w)|liras?|tl(?!\w)|try(?!\w)"
    r"|aed|дирх?ам\w*|дирҳам\w*|dirhams?|dhs?(?!\w)"
    r"|sar(?!\w)|qar(?!\w)|qr(?!\w)|sr(?!\w)|риял\w*|риал\w*|riyals?|rials?"
    r"|krw|вон(?!\w)|won(?!\w)"
    r"|gbp|фунт\w*|pounds?(?:\s+sterling)?"
    r"|pln|злот\w*|zloty|złot\w*|zl(?!\w)"
    r"|฿|thb|бат(?!\w)|бата|батов|baht"
    r"|myr|ринггит\w*|ringgits?|rm(?!\w)"
    r"|kwd|kd(?!\w)|kuwaiti\s+dinars?|кувейтск\w*\s+динар\w*"
    r"|₪|ils(?!\w)|nis(?!\w)|sheqels?|шекел\w*|shekel\w*"
    r"|¥|jpy|yen(?!\w)|иен\w*|йен\w*"
    r"|₹|inr(?!\w)|rupees?|рупи\w*"
    r"|bhd(?!\w)|bahraini\s+dinars?|бахрейнск\w*\s+динар\w*"
    r"|omr(?!\w)|omani\s+rials?|оманск\w*\s+риал\w*"
    r"|czk(?!\w)|kč|czech\s+korun[ay]?|чешск\w*\s+крон\w*|крон(?:а|ы|у)?(?!\w)"
)
# Currency signs and codes written before a number: "$1500", "₩2,000,000", "AED 3000".
CURRENCY_BEFORE = (
    r"US\$|\$|€|£|₽|₸|₩|₺|₪|¥|₹"
    r"|฿|(?:usd|eur|gbp|aed|sar|qar|krw|pln|kzt|tjs|rub|dhs?|qr|sr|thb|myr|rm|kwd|kd|ils|nis|jpy"
    r"|inr|bhd|omr|czk)(?![a-z])"
)
# (token pattern, ISO code, multiplier the token implies).
_CURRENCY_CODES: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(pattern, _I), code, factor)
    for pattern, code, factor in (
        (r"т\.\s?р\.?|тр", "RUB", 1000.0),  # "тысяч рублей"
        (r"₽|руб.*|р\.?|rub.*|roubles?|rur", "RUB", 1.0),
        (r"US\$|\$|usd|us\s?dollars?|dollars?|долл.*|дол\.?|бакс.*", "USD", 1.0),
        # "у.е.", conventional units, meant US dollars in post-Soviet adverts.
        (r"у\.\s?е\.?|уе", "USD", 1.0),
        (r"€|euros?|eur|евро", "EUR", 1.0),
        (r"₸|тенге|танга.*|тг|kzt|tenge", "KZT", 1.0),
        (r"сомон.*|somoni|tjs|смн", "TJS", 1.0),
        (r"₺|лир[аыу]?|liras?|tl|try", "TRY", 1.0),
        (r"aed|дирх?ам.*|дирҳам.*|dirhams?|dhs?", "AED", 1.0),
        (r"катарск.*|qatari\s+riyals?|qar|qr", "QAR", 1.0),
        (r"саудовск.*|saudi\s+riyals?|sar|sr|риял.*|риал.*|riyals?|rials?", "SAR", 1.0),
        (r"₩|krw|вон|won", "KRW", 1.0),
        (r"£|gbp|фунт.*|pounds?(?:\s+sterling)?", "GBP", 1.0),
        (r"zł|pln|злот.*|zloty|złot.*|zl", "PLN", 1.0),
        (r"฿|thb|бат|бата|батов|baht", "THB", 1.0),
        (r"myr|ринггит.*|ringgits?|rm", "MYR", 1.0),
        (r"kwd|kd|kuwaiti\s+dinars?|кувейтск.*", "KWD", 1.0),
        (r"₪|ils|nis|sheqels?|шекел.*|shekel.*", "ILS", 1.0),
        (r"¥|jpy|yen|иен.*|йен.*", "JPY", 1.0),
        (r"₹|inr|rupees?|рупи.*", "INR", 1.0),
        (r"bhd|bahraini\s+dinars?|бахрейнск.*", "BHD", 1.0),
        (r"omr|omani\s+rials?|оманск.*", "OMR", 1.0),
        (r"czk|kč|czech\s+korun[ay]?|чешск.*|крон[аыу]?", "CZK", 1.0),
    )
)
# A riyal next to Qatar is the Qatari riyal; otherwise the Saudi one is meant.
_QATAR = re.compile(r"катар|qatar|doha|доха|qr\b", _I)


def currency_code(token: str, text: str, start: int, end: int) -> tuple[str, float]:
    token = token.strip()
    for pattern, code, factor in _CURRENCY_CODES:
        if pattern.fullmatch(token):
            if code == "SAR" and _QATAR.search(text, max(0, start - 25), end + 25):
                return "QAR", factor
            return code, factor
    msg = f"no currency code for {token!r}"  # CURRENCY_AFTER and _CURRENCY_CODES disagree
    raise AssertionError(msg)
