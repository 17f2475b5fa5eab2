"""Amounts of money in offers, because promised pay and fees asked are red flags."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Reading rules, in brief (DOMAIN.md §3: a fee asked of the worker is red flag 1, pay far
# above the market red flag 6; the old single-match reader could not tell them apart):
#
# * A number is money when a currency is said next to it ("250 000 руб", "$1500",
#   "5000 сомонӣ"), when it carries a thousands or millions word ("250к", "1,5 млн"), or,
#   bare and at least 100, when a pay or fee word stands right before it
#   ("зарплата 280 000") or a period right after it ("3500 в день").
# * Never money: phone and account numbers, dates and times, years ("2026 года"), ages
#   and other counted things ("до 35 лет", "12 часов", "5 человек"), schedules like
#   "60/30" or "5/2".
# * A range ("от 80 до 120 тыс", "80-120к") reads as its upper end in `value`, the lower
#   end in `low`: the upper end is what lures a worker to a salary and the most a fee
#   may cost, so it is the figure to check.
# * `kind` comes from the nearest cue word in the same sentence, before the amount or,
#   weighed as farther and only in the same clause, after it; a specific cue ("за визу")
#   beats a generic one ("оплата"). No cue leaves "other".
# * `period` is what the text says, or None (bot.offers.wages reads None as a month).

CURRENCIES = frozenset(
    {"RUB", "USD", "EUR", "KZT", "TJS", "TRY", "AED", "SAR", "QAR", "KRW", "GBP", "PLN"}
)
PERIODS = ("hour", "day", "shift", "week", "month", "season")
KINDS = ("salary", "fee", "other")


@dataclass(frozen=True)
class Amount:
    value: float  # in the currency's units, thousands and millions applied; a range's top
    currency: str | None  # ISO code; None if the text does not say
    period: str | None  # one of PERIODS; None if the text does not say
    kind: str  # one of KINDS
    start: int  # character span in the original text
    end: int
    words: str  # the original words, e.g. "250 тыс. руб в месяц"
    low: float | None = None  # a range's lower end ("от 80 до 120 тыс" -> 80000)


# --- Preparing the text -------------------------------------------------------------
# Spans must point into the original text, so every repair here keeps the length:
# one character for one character.
_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ",  # no-break and thin spaces are thousands separators in Russian
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2013": "-",  # dashes of every length separate a range
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        # Pre-Unicode Tajik fonts and look-alike letters (as bot.text.normalise repairs).
        "Њ": "Ҳ",
        "њ": "ҳ",
        "Љ": "Ҷ",
        "љ": "ҷ",
        "Ќ": "Қ",
        "ќ": "қ",
        "Ў": "Ӯ",
        "ў": "ӯ",
        "Ї": "Ӣ",
        "ї": "ӣ",
        "Ѓ": "Ғ",
        "ѓ": "ғ",
        "Һ": "Ҳ",
        "һ": "ҳ",
        "Ҹ": "Ҷ",
        "ҹ": "ҷ",
        "Ҝ": "Қ",
        "ҝ": "қ",
    }
)
_I = re.IGNORECASE

# Things that hold digits but are never money; they are blanked before amounts are read.
_URL = re.compile(r"https?://\S+|www\.\S+|\b(?:t|wa)\.me/\S+|@\w+", _I)
_DATE = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
# "60/30", "15/15", "5/2", "2/2": a vahta or shift schedule, days on and off.
_SCHEDULE = re.compile(r"(?<![\d/.,])\d{1,3}\s?/\s?\d{1,3}(?![\d/.,])")
# A run of digit groups joined by single spaces, hyphens or brackets: a phone candidate.
_DIGIT_RUN = re.compile(r"\+?\(?\d+\)?(?:(?:[ \-]|(?=\())\(?\d+\)?)*")
_GROUP = re.compile(r"\d+")
_PHONE_DIGITS = 15  # the longest international number (ITU E.164)
_MASK = "#"

# --- Numbers, multipliers, currencies ----------------------------------------------
# "250 000", "2,000,000", "1.500.000" (groups of three) or "1,5", "12.50", "250000".
_NUM = (
    r"\d{1,3}(?:[ .,'](?=\d{3}(?!\d))\d{3})+(?:[.,]\d{1,2}(?!\d))?(?!\d)"
    r"|\d+(?:[.,]\d+)?(?!\d)"
)
_GROUPED = re.compile(r"\d{1,3}(?:[ .,']\d{3})+(?:[.,]\d{1,2})?")

# A spaced "к"/"k" is a thousand only when nothing but a currency, a period or
# punctuation follows: "120 000 к концу месяца" is the preposition.
_SPACED_K_FOLLOW = (
    r"(?=[ \t]*(?:[^\w\s]|\n|\Z|руб|р(?!\w)|usd|eur|долл|сомон|тенге|somoni|rub"
    r"|в\s+(?:месяц|мес|день|час|неделю|смену|сутки)|за\s+(?:месяц|смену|день|час)"
    r"|per\s|a\s+(?:month|day|week)|дар\s+як|monthly|net|gross|на\s+руки))"
)
_MULT = (
    r"тыс(?:яч\w*|\.|(?!\w))|тыщ\w*|млн\.?|миллион\w*|ҳазор|хазор|hazor|hazar|ming"
    r"|thousands?|mln|millions?|mio(?!\w)"
    r"|(?<=\d)[kк](?!\w)"
    rf"|(?<=\s)[kк]{_SPACED_K_FOLLOW}"
)

# Currency words after a number. Longer spellings come first where they share a start.
_CUR = (
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
)
# Currency signs and codes written before a number: "$1500", "₩2,000,000", "AED 3000".
_PRE = (
    r"US\$|\$|€|£|₽|₸|₩|₺"
    r"|(?:usd|eur|gbp|aed|sar|qar|krw|pln|kzt|tjs|rub|dhs?|qr|sr)(?![a-z])"
)
_SEP = r"-|до|to|то"

_AMOUNT = re.compile(
    rf"(?<![\w.,#/+])(?:(?P<pre>{_PRE})\s{{0,2}})?"
    rf"(?P<n1>{_NUM})(?:\s{{0,2}}(?P<m1>{_MULT}))?(?:\s{{0,2}}(?P<c1>{_CUR}))?"
    rf"(?:\s{{0,3}}(?P<sep>{_SEP})\s{{0,3}}(?:(?P<pre2>{_PRE})\s{{0,2}})?"
    rf"(?P<n2>{_NUM})(?:\s{{0,2}}(?P<m2>{_MULT}))?)?"
    rf"(?:\s{{0,2}}(?P<c2>{_CUR}))?",
    _I,
)
_MULTIPLIERS = (
    (re.compile(r"млн\.?|миллион\w*|mln|millions?|mio", _I), 1_000_000.0),
    (re.compile(r".*", re.S), 1000.0),  # every other multiplier word is a thousand
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
    )
)
# A riyal next to Qatar is the Qatari riyal; otherwise the Saudi one is meant.
_QATAR = re.compile(r"катар|qatar|doha|доха|qr\b", _I)

# After a bare number: counted things, not money ("35 лет", "12 часов", "5 человек").
_UNIT = re.compile(
    r"\s{0,2}(?:-\s?[^\W\d_]"  # "12-часовая", "3-х": a compound word, not an amount
    r"|лет(?!\w)|год\w*|г\.|гг(?!\w)|час\w*|ч(?!\w)|мин\w*|сек\w*|смен\w*"
    r"|дн(?:я|ей)(?!\w)|день|дни|сут\w*|недел\w*|месяц\w*|мес(?!\w)|раз\w*"
    r"|челов\w*|чел(?!\w)|мест\w*|кг(?!\w)|км(?!\w)|м(?!\w)|м2|см(?!\w)|мм(?!\w)"
    r"|литр\w*|л(?!\w)|тонн\w*|т(?!\w)|шт\w*|%|процент\w*|этаж\w*|разряд\w*|числ\w*"
    r"|years?|yrs?|y\.?o\.?|hours?|hrs?|h(?!\w)|days?|weeks?|months?|people|persons?"
    r"|workers?|kg(?!\w)|km(?!\w)|m(?!\w)|pcs|sqm|times"
    r"|соат(?![ӣи](?!\w)|е(?!\w))\w*|р[ӯу]з(?!она|е(?!\w))\w*|[ҳх]афта(?!ина)\w*"
    r"|мо[ҳх](?!она|е(?!\w))\w*|сол\w*|нафар\w*|кас(?!\w)|бор(?!\w))",
    _I,
)

# --- Periods ---------------------------------------------------------------------
_PERIOD_WORDS = (
    (
        "hour",
        r"в\s+час(?!\w)|за\s+час(?!\w)|/\s?ч(?:ас)?(?!\w)|/\s?h(?:r|our)?(?!\w)"
        r"|(?:per|an|a)\s+hour|hourly|p/h|почасов\w*(?:\s+оплат\w*)?|соат[ӣи](?!\w)"
        r"|соате(?!\w)|дар\s+як\s+соат|[ҳх]ар\s+соат|soati|dar\s+yak\s+soat|har\s+soat",
    ),
    (
        "shift",
        r"за\s+смену|в\s+смену|/\s?смен\w*|за\s+выход|(?:per|a)\s+shift|/\s?shift"
        r"|дар\s+як\s+смена|барои\s+як\s+смена|dar\s+yak\s+smena",
    ),
    (
        "day",
        r"в\s+день|за\s+день|в\s+сутки|за\s+сутки|/\s?день|/\s?сут\w*|/\s?day"
        r"|(?:per|a)\s+day|daily|ежедневн\w*|дар\s+як\s+р[ӯу]з|[ҳх]ар\s+р[ӯу]з|р[ӯу]зона|р[ӯу]зе(?!\w)"
        r"|dar\s+yak\s+r[uū]z|har\s+r[uū]z|r[uū]zona",
    ),
    (
        "week",
        r"в\s+неделю|за\s+неделю|/\s?нед\w*|(?:per|a)\s+week|/\s?w(?:ee)?k(?!\w)|weekly"
        r"|еженедельн\w*|дар\s+як\s+[ҳх]афта|[ҳх]афтаина|har\s+hafta|haftaina",
    ),
    (
        "month",
        r"в\s+месяц|в\s+мес(?!\w)\.?|за\s+месяц|/\s?мес\w*\.?|мес\.|ежемесячн\w*"
        r"|(?:per|a)\s+month|/\s?mo(?:nth)?(?!\w)|monthly|p/m|дар\s+як\s+мо[ҳх]|[ҳх]ар\s+мо[ҳх]"
        r"|дар\s+мо[ҳх]|мо[ҳх]она|мо[ҳх]е(?!\w)|dar\s+yak\s+moh|har\s+moh|mohona",
    ),
    (
        # A lump sum for a whole harvest season or vahta stint.
        "season",
        r"за\s+(?:весь\s+)?сезон|в\s+сезон|за\s+вахту|(?:per|a)\s+season|дар\s+як\s+мавсим"
        r"|барои\s+мавсим|мавсим[ӣи](?!\w)|за\s+весь\s+период",
    ),
)
_PERIOD = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PERIOD_WORDS),
    _I,
)
_PERIOD_AFTER_GAP = 24  # "250 тыс. руб. чистыми в месяц": a word or two may come between
_PERIOD_BEFORE_GAP = re.compile(r"[\s:=(\-]*(?:(?:от|до|from|up\s+to|аз)[\s:=(\-]*)?", _I)
_STOP_AT = re.compile(r"[\d!?;\n]|\.\s+[A-ZА-ЯЁҲҚҒӮӢҶ]")

# --- Cue words --------------------------------------------------------------------
# Fee cues come first: at one position the first alternative that matches wins, so
# "pay the agent" is a fee before "pay" can be a salary, and "оплата за визу" before
# "оплата".
_FEE = (
    r"за\s+оформлени\w*|стоимост\w*\s+оформлени\w*"
    r"|оплат\w*\s+(?:за\s+)?(?:оформлени|виз|билет|документ|услуг|приглашени|трудоустройств)\w*"
    r"|оформлени\w*\s+(?:виз|документ|патент|приглашени)\w*"
    r"|предоплат\w*|залог\w*|взнос\w*|комисси\w*|стоимост\w*\s+услуг\w*|услуг\w*\s+агент\w*"
    r"|за\s+услуги|за\s+виз\w*|стоимост\w*\s+виз\w*|за\s+билет\w*|стоимост\w*\s+билет\w*"
    r"|за\s+документ\w*|за\s+приглашени\w*|за\s+трудоустройств\w*|за\s+вакансию"
    r"|за\s+(?:патент|медкомисси|регистрац|обучени|проезд|дорог|перел[её]т|авиабилет)\w*"
    r"|стоимост\w*\s+(?:патент|приглашени|документ|проезд|перел[её]т)\w*"
    # Tajik, also as typed on a Russian keyboard ("хуччат" for "ҳуҷҷат").
    r"|пешпардохт\w*|пули\s+[ҳх]у[ҷч][ҷч]ат\w*|пули\s+(?:виза|раводид|билет|чипта)\w*"
    r"|барои\s+(?:виза|раводид|билет|чипта|[ҳх]у[ҷч][ҷч]ат)\w*|[ҳх]а[қк]+и\s+хизмат\w*"
    r"|peshpardo(?:x|kh)t\w*|puli\s+(?:hujjat|viza|ravodid|bilet|chipta)\w*"
    r"|fees?(?!\w)|deposit\w*"
    r"|pay\s+(?:to\s+)?(?:the\s+|an?\s+|your\s+)?(?:agent|agency|recruiter|broker|middleman)\w*"
    r"|for\s+(?:the\s+|your\s+|a\s+)?(?:visa|ticket|flight|documents?|paperwork|processing"
    r"|work\s+permit)|processing|placement|commission|up-?front|in\s+advance"
    r"|advance\s+payment|service\s+charge"
)
_FEE_WEAK = (
    r"виз[аыуе]?(?!\w)|билет\w*|патент\w*|регистрац\w*|медкомисси\w*|обучени\w*"
    r"|оформлени\w*|раводид\w*|чипта\w*|visa|tickets?|training|ravodid\w*|chipta\w*"
)
_OTHER = (
    r"жиль\w*|проживани\w*|общежит\w*|питани\w*|еда(?!\w)|штраф\w*|аренд\w*|housing"
    r"|accommodation|food|meals?|rent(?!\w)|fines?(?!\w)|х[ӯу]рок\w*|и[ҷч]ора\w*|хобго[ҳх]\w*"
    r"|[ҷч]арима\w*|jarima\w*"
)
_SALARY = (
    r"зарплат\w*|зар\.?\s?плат\w*|з\s?/\s?п|з\.\s?п\.?|зп(?!\w)|оплата\s+труда|заработ\w*"
    r"|доход\w*|оклад\w*|ставк\w*|будете\s+получать|получаете|получка|плат(?:им|ят)"
    r"|аванс\w*|преми\w*|на\s+руки|чистыми|маош\w*|музд\w*|даромад\w*|[ҳх]а[қк]+и\s+ме[ҳх]нат"
    r"|maosh\w*|muzd\w*"
    r"|daromad\w*|salar\w*|wages?|earn\w*|income|paid|take\s+home|net\s+pay"
)
_SALARY_WEAK = r"оплат\w*|выплат\w*|pay(?!\w)|пардохт\w*|pardoxt\w*"
_CUE = re.compile(
    rf"(?<!\w)(?:(?P<fee>{_FEE})|(?P<feeweak>{_FEE_WEAK})|(?P<other>{_OTHER})"
    rf"|(?P<salary>{_SALARY})|(?P<salaryweak>{_SALARY_WEAK}))",
    _I,
)
_CUE_BEFORE = 60  # characters a cue may stand before the amount
_CUE_AFTER = 40  # and after it
_AFTER_WEIGHT = 1.5  # "Зарплата 2000$, за визу 300$": a cue before binds tighter
_WEAK_WEIGHT = 4.0  # "Оплата 600$ за визу": the specific cue wins
_BOUNDARY = re.compile(r"[!?;\n]|\.\s+[A-ZА-ЯЁҲҚҒӮӢҶ\d$€£₽₸₩]")
_CLAUSE = re.compile(r"[,:(]")  # a cue after the amount must be in its clause
_WEAK_CLAUSE = re.compile(r"[,(]")  # and a generic cue before it too ("Pay: £12" is one)
_LABEL_GAP = re.compile(r"[\s:=\-]*")  # "Зарплата:\n120 000" - a label on its own line
# What may stand between a cue and a bare number for the number to count as money.
_BARE_GAP = re.compile(
    r"[\s:=(\-]*(?:(?:от|до|from|up\s+to|to|of|is|are|around|about|около|примерно"
    r"|составля\w*|составит|будет|в\s+размере|аз|то|минимум|minimum|starting\s+(?:at|from)"
    r"|в\s+месяц|в\s+день|в\s+час|ежемесячно|моҳона)[\s:=(\-]*)*",
    _I,
)
_BARE_MINIMUM = 100.0  # "зарплата 2 раза в месяц": small bare numbers are counts
_FROM_BEFORE = re.compile(r"(?:от|from|аз|between)\s+$", _I)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    kind: str
    weak: bool


@dataclass(frozen=True)
class _Found:
    amount: Amount
    cued: bool  # the kind came from a cue word, not the default


def _prepare(text: str) -> str:
    return text.translate(_SAME_LENGTH)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        chars[i] = _MASK


def _is_grouped_money(groups: Sequence[str]) -> bool:
    """Grouped like "2 000 000": a first group of 1-3 digits, then groups of three."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _phone_like(run: str, groups: Sequence[str], digits: int) -> bool:
    if run.startswith("+"):
        return digits >= 7
    if len(groups) == 1:
        return digits >= 9  # "89991234567", an account or tax number: never an amount
    if digits < 9 or digits > _PHONE_DIGITS:
        return False
    if "-" in run and run.count("-") == 1:
        # "80 000-120 000" is a range of two amounts, not a number with a hyphen.
        left, right = (_GROUP.findall(part) for part in run.split("-"))
        if left and right and _is_grouped_money(left) and _is_grouped_money(right):
            return False
    return not _is_grouped_money(groups) or "-" in run or "(" in run


def _mask_phones(text: str, chars: list[str]) -> None:
    for run_match in _DIGIT_RUN.finditer(text):
        run = run_match.group(0)
        spans = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
        groups = [run[a:b] for a, b in spans]
        left = sum(len(g) for g in groups)  # digits from group i to the end
        # "250 000 89991234567": the phone is the longest tail that looks like one,
        # so the salary before it keeps its digits.
        for i, group in enumerate(groups):
            tail_start = spans[i][0] if i else 0
            if (left <= _PHONE_DIGITS or i == 0 or len(groups) - i == 1) and _phone_like(
                run[tail_start:], groups[i:], left
            ):
                _blank(chars, run_match.start() + tail_start, run_match.end())
                break
            left -= len(group)


def _masked(text: str) -> str:
    chars = list(text)
    for pattern in (_URL, _DATE, _TIME, _SCHEDULE):
        for match in pattern.finditer(text):
            _blank(chars, match.start(), match.end())
    _mask_phones("".join(chars), chars)
    return "".join(chars)


def _number(token: str) -> float:
    if _GROUPED.fullmatch(token):
        decimals = ""
        tail = re.search(r"[.,](\d{1,2})$", token)
        if tail and not re.search(r"[ .,']\d{3}$", token):
            decimals = tail.group(1)
            token = token[: tail.start()]
        whole = re.sub(r"[ .,']", "", token)
        return float(f"{whole}.{decimals}" if decimals else whole)
    return float(token.replace(",", "."))


def _multiplier(token: str | None) -> float:
    if not token:
        return 1.0
    return next(factor for pattern, factor in _MULTIPLIERS if pattern.fullmatch(token.strip()))


def _currency(token: str, text: str, start: int, end: int) -> tuple[str, float]:
    token = token.strip()
    for pattern, code, factor in _CURRENCY_CODES:
        if pattern.fullmatch(token):
            if code == "SAR" and _QATAR.search(text, max(0, start - 25), end + 25):
                return "QAR", factor
            return code, factor
    msg = f"no currency code for {token!r}"  # _CUR and _CURRENCY_CODES disagree
    raise AssertionError(msg)


def _cues(text: str) -> list[_Cue]:
    found = []
    for match in _CUE.finditer(text):
        group = match.lastgroup or "other"
        kind = group.removesuffix("weak")
        found.append(_Cue(match.start(), match.end(), kind, group.endswith("weak")))
    return found


def _period_after(text: str, end: int) -> tuple[str | None, int]:
    tail = text[end : end + _PERIOD_AFTER_GAP + 20]
    stop = _STOP_AT.search(tail)
    if stop:
        tail = tail[: stop.start()]
    match = _PERIOD.search(tail)
    if match is None or match.start() > _PERIOD_AFTER_GAP:
        return None, end
    return match.lastgroup, end + match.end()


def _period_before(text: str, start: int) -> str | None:
    head = text[max(0, start - 30) : start]
    for match in reversed(list(_PERIOD.finditer(head))):
        if _PERIOD_BEFORE_GAP.fullmatch(head[match.end() :]):
            return match.lastgroup
    return None


def _cue_before_bare(text: str, cues: Sequence[_Cue], start: int) -> bool:
    """A pay or fee word right before a bare number: "зарплата от 80 000"."""
    return any(
        cue.end <= start and start - cue.end <= 30 and _BARE_GAP.fullmatch(text[cue.end : start])
        for cue in cues
    )


def _candidates(text: str, scan: str, cues: Sequence[_Cue]) -> list[tuple[int, int, Amount]]:
    found = []
    for match in _AMOUNT.finditer(scan):
        amount = _read(text, match, cues)
        if amount is not None:
            found.append((amount.start, amount.end, amount))
    return found


@dataclass(frozen=True)
class _Figure:
    value: float
    low: float | None
    end: int  # where the figure and its currency end
    currency_token: str | None
    has_multiplier: bool
    last_number_end: int  # where a counted thing's unit would start ("35 лет")


def _figure(match: re.Match[str]) -> _Figure:
    n1, m1, c1, n2, m2 = (match.group(g) for g in ("n1", "m1", "c1", "n2", "m2"))
    v1 = _number(n1) * _multiplier(m1)
    currency_token = match.group("c2") or c1 or match.group("pre") or match.group("pre2")
    if n2 is None:
        return _Figure(v1, None, match.end(), currency_token, bool(m1), match.end("n1"))
    v2 = _number(n2) * _multiplier(m2)
    if m2 and not m1 and _number(n1) < _number(n2):
        v1 *= _multiplier(m2)  # "80-120к", "от 80 до 120 тыс"
    if v2 > v1:
        return _Figure(v2, v1, match.end(), currency_token, bool(m1 or m2), match.end("n2"))
    # "5000 руб до 15 числа" is no range: the amount ends before "до".
    end = max(match.end(g) for g in ("n1", "m1", "c1") if match.group(g) is not None)
    return _Figure(v1, None, end, c1 or match.group("pre"), bool(m1), match.end("n1"))


def _read(text: str, match: re.Match[str], cues: Sequence[_Cue]) -> Amount | None:
    figure = _figure(match)
    value, low, end = figure.value, figure.low, figure.end
    currency_token, has_multiplier = figure.currency_token, figure.has_multiplier
    currency: str | None = None
    if currency_token:
        currency, implied = _currency(currency_token, text, match.start(), end)
        if implied != 1.0 and not has_multiplier:  # "250 т.р."
            value *= implied
            low = low * implied if low is not None else None
            has_multiplier = True
    start = match.start()
    if currency is None and not has_multiplier:
        if _UNIT.match(text, figure.last_number_end):
            return None  # "до 35 лет", "12 часов", "2-3 года"
        if value < _BARE_MINIMUM:
            return None
    period, period_end = _period_after(text, end)
    bare = currency is None and not has_multiplier
    if bare and period is None and not _cue_before_bare(text, cues, start):
        return None
    if period is None:
        period = _period_before(text, start)
    else:
        end = period_end
    lead = _FROM_BEFORE.search(text, max(0, start - 12), start)
    if lead and low is not None:
        start = lead.start()  # "от 80 до 120 тыс" reads as one phrase
    words = text[start:end].rstrip(" ,")
    return Amount(
        value=value,
        currency=currency,
        period=period,
        kind="other",
        start=start,
        end=start + len(words),
        words=words,
        low=low,
    )


def _in_sentence(text: str, a: int, b: int, *, label_ok: bool) -> bool:
    # An amount's words may end in an abbreviation's dot that also ends the sentence
    # ("руб. Виза"), and the character after the gap shows whether a dot ends one.
    gap = text[a - 1 if a and text[a - 1] == "." else a : b + 1]
    if not _BOUNDARY.search(gap):
        return True
    return label_ok and "\n" in gap and bool(_LABEL_GAP.fullmatch(text[a:b]))


def _kind(
    text: str, cues: Sequence[_Cue], start: int, end: int, *, prev_end: int, next_start: int
) -> tuple[str, bool]:
    best: tuple[float, str] | None = None
    for cue in cues:
        if cue.end <= start:
            distance = float(start - cue.end)
            if (
                distance > _CUE_BEFORE
                or cue.start < prev_end
                # "chipta royon, 2000 dollar": a generic word in another clause says nothing.
                or (cue.weak and _WEAK_CLAUSE.search(text, cue.end, start))
                or not _in_sentence(text, cue.end, start, label_ok=True)
            ):
                continue
        elif cue.start >= end:
            distance = (cue.start - end) * _AFTER_WEIGHT
            if (
                cue.start - end > _CUE_AFTER
                or cue.end > next_start
                # "2000$ в месяц, пешпардохт 300$": after a comma the cue labels the next.
                or _CLAUSE.search(text, end, cue.start)
                or (next_start < len(text) and next_start - cue.end <= cue.start - end)
                or not _in_sentence(text, end, cue.start, label_ok=False)
            ):
                continue
        else:
            continue  # a cue inside the amount's own words ("за смену" is a period)
        score = (distance + 1) * (_WEAK_WEIGHT if cue.weak else 1.0)
        if best is None or score < best[0]:
            best = (score, cue.kind)
    return (best[1], True) if best else ("other", False)


def _scan(text: str) -> list[_Found]:
    prepared = _prepare(text)
    cues = _cues(prepared)
    raw = _candidates(prepared, _masked(prepared), cues)
    found = []
    for i, (start, end, amount) in enumerate(raw):
        prev_end = raw[i - 1][1] if i else 0
        next_start = raw[i + 1][0] if i + 1 < len(raw) else len(prepared)
        kind, cued = _kind(prepared, cues, start, end, prev_end=prev_end, next_start=next_start)
        words = text[amount.start : amount.end]
        found.append(
            _Found(
                Amount(
                    value=amount.value,
                    currency=amount.currency,
                    period=amount.period,
                    kind=kind,
                    start=amount.start,
                    end=amount.end,
                    words=words,
                    low=amount.low,
                ),
                cued,
            )
        )
    return found


def amounts(text: str) -> list[Amount]:
    """Every amount of money in the text, in the order written."""
    return [found.amount for found in _scan(text)]


def salary(text: str) -> Amount | None:
    """The most likely promised salary.

    Amounts a pay word marks come first; failing those, an amount no cue marks but that
    has a currency or a period. Among them a monthly figure is preferred, then one with
    no period (most adverts quote the month without saying so), then the first written.
    A fee or an amount marked as housing, food or a fine is never the salary.
    """
    period_rank = {"month": 0, None: 1}
    candidates = [
        (0 if f.amount.kind == "salary" else 1, period_rank.get(f.amount.period, 2), i, f.amount)
        for i, f in enumerate(_scan(text))
        if f.amount.kind == "salary"
        or (
            f.amount.kind == "other"
            and not f.cued
            and (f.amount.currency is not None or f.amount.period is not None)
        )
    ]
    return min(candidates, key=lambda c: c[:3])[3] if candidates else None


def fees(text: str) -> list[Amount]:
    """The amounts the worker is asked to pay: recruitment, visa, ticket, deposit."""
    return [found.amount for found in _scan(text) if found.amount.kind == "fee"]
