"""Signals that code finds where words alone cannot show them: long hours and
rotations, where the job is and the kind of work, a fee's amount beside its words,
an age limit for women, and a route through a third country."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.offers import money
from bot.offers.gazetteer import is_country
from bot.offers.reading import (
    Found,
    attribute_of,
    denied_before,
    first_words,
    near,
    sentence_at,
)
from bot.text.daytime import AFTERNOON
from bot.understanding.match import Match
from bot.understanding.tokens import Token

# A fee's purpose and its amount: at most this many words apart.
FEE_AMOUNT_REACH = 4
# Where the place of a route word may stand after it ("через Дубай", "via the UAE").
TRANSIT_REACH = 2
MIN_WORKING_HOURS = 12  # a shift this long or longer is excessive (docs/labelling.md §2)
MIN_LONG_ROTATION = 60  # days on in a rotation ("60/30") that count as excessive
AGE_LIMITS = range(14, 46)  # numbers after "girls"/"women" that read as an age limit

# --- Numbers in the text --------------------------------------------------------------

_HOURS = re.compile(
    r"(?<![\d/.,])(?P<n>\d{1,2})(?:\s*-\s*|\s+)?(?:час|ч\b|hours?\b|hrs?\b|h\b|соат|soat|chas)",
    re.IGNORECASE,
)
# A working day given by its ends: "с 8 до 22", "аз 8 то 22", "from 7am to 1am", "8:00-21:00",
# "8:00 to 22:00".
_DAY_SPAN = re.compile(
    r"(?:\b(?:с|со|аз|az|from)\s+(?:(?:соати|soati|часов|часа|час)\s+)?)(?P<a>\d{1,2})(?::\d\d)?"
    r"\s*(?:am|pm|утра|саҳар\w*|сахар\w*|пагоҳӣ|пагохи)?\s*"
    r"(?:до|то|to|till|until|-|–)\s*(?P<b>\d{1,2})(?::\d\d)?"
    r"\s*(?P<pm>am|pm|вечера|дня|ночи|бегоҳ\w*|бегох\w*|begoh\w*)?"
    r"(?!\s*(?:лет|год|сол|sol|year|yr|числ|чис|-?го|of\b|\d|%))"
    r"|(?<![\d:])(?P<c>\d{1,2}):\d\d\s*(?:[-–]|to|till|until|до|то)\s*(?P<d>\d{1,2}):\d\d",
    re.IGNORECASE,
)
_ROTATION = re.compile(r"(?<![\d/])(?P<on>\d{2,3})\s?/\s?(?P<off>\d{1,3})(?![\d/])")
# Every day of the week, in figures: "7 days a week", "7/0", "7 дней в неделю".
_NO_DAY_OFF = re.compile(
    r"(?<![\d/])7\s*(?:days?\s+(?:a|per|in\s+a)\s+week|/\s*0(?![\d/])|дней\s+в\s+неделю)"
    r"|every\s+day\s+of\s+the\s+week|seven\s+days|(?:until|till|to)\s+(?:dark|sunset)",
    re.IGNORECASE,
)
# A working day given by its ends, each marked with its half of the day ("6am to 7pm",
# "8 in morning to 9 in night"), with no "from" before it.
_MARKED_SPAN = re.compile(
    r"(?<![\d:])(?P<a>\d{1,2})(?::\d\d)?\s*(?:am|a\.m\.|in\s+(?:the\s+)?morning|утра)\s*"
    r"(?:to|till|until|-|–|до)\s*(?P<b>\d{1,2})(?::\d\d)?\s*"
    r"(?P<pm>pm|p\.m\.|in\s+(?:the\s+)?(?:night|evening)|вечера)",
    re.IGNORECASE,
)


def long_hours(text: str) -> str | None:
    if (seven := first_words(text, _NO_DAY_OFF, deniable=True)) is not None:
        return seven
    for found in _HOURS.finditer(text):
        if MIN_WORKING_HOURS <= int(found.group("n")) <= 24:
            return found.group(0).strip()
    for found in _DAY_SPAN.finditer(text):
        start, end = (
            (found.group("a"), found.group("b")) if found.group("a") else found.group("c", "d")
        )
        if _span_hours(int(start), int(end), pm=found.group("pm")) >= MIN_WORKING_HOURS:
            return found.group(0).strip()
    for found in _MARKED_SPAN.finditer(text):
        hours = _span_hours(int(found.group("a")), int(found.group("b")), pm="pm")
        if hours >= MIN_WORKING_HOURS and not denied_before(text, found.start()):
            return found.group(0).strip()
    return None


def _span_hours(start: int, end: int, *, pm: str | None) -> int:
    """Hours from ``start`` to ``end`` on a clock: "7am to 1am" is 18, "с 8 до 22" is 14."""
    if start > 24 or end > 24:
        return 0
    if pm and pm.lower().startswith(AFTERNOON) and end < 12:
        end += 12  # "до 7 вечера" is 19:00
    elif pm is None and end < start < 13:
        end += 12  # "from 9 to 5" is a day, not a night
    return (end - start) % 24


def long_rotation(text: str) -> str | None:
    for found in _ROTATION.finditer(text):
        if int(found.group("on")) >= MIN_LONG_ROTATION and int(found.group("off")) < int(
            found.group("on")
        ):
            return found.group(0)
    return None


def _number(token: Token) -> int | None:
    return int(token.key) if token.key.isdigit() and len(token.key) <= 7 else None


# --- Where the job is and what it is --------------------------------------------------


def destination(
    found: Found, in_a_name: Callable[[Match], bool] = lambda _: False
) -> tuple[str | None, str | None, list[Match]]:
    """(country code, region, places) where the job is: the first place named that is
    not a stop on the way ("через Дубай"); places inside a company's name or a street
    are left out."""
    # Where a written place and a CLDR one name the same words, the written one (which
    # may carry the region of a wage row) comes first.
    ordered = sorted(
        (p for p in found.of_kind("place") if not in_a_name(p)),
        key=lambda p: (p.span.start, bool(attribute_of(p.concept, "generated"))),
    )
    # One place per words: "St Petersburg" is Russia's, not also Indiana's town.
    places = [p for i, p in enumerate(ordered) if i == 0 or p.span != ordered[i - 1].span]
    stops = [p for p in places if _is_stop(found, p)]
    # The worker is in Tajikistan: a place there is where the offer is made ("an agent
    # in Dushanbe promised a job in Dubai"), unless no other place is named.
    abroad = [p for p in places if p not in stops and attribute_of(p.concept, "code") != "TJ"]
    where = next(iter(abroad), None) or next(
        (p for p in places if p not in stops), places[0] if places else None
    )
    if where is None:
        return None, None, places
    return attribute_of(where.concept, "code"), attribute_of(where.concept, "region"), places


def _is_stop(found: Found, place: Match) -> bool:
    return any(0 <= place.span.start - t.span.stop < TRANSIT_REACH for t in found.of("transit"))


def work(found: Found) -> str | None:
    work = next(found.of_kind("work"), None)
    return None if work is None else str(attribute_of(work.concept, "work"))


# --- Fees -----------------------------------------------------------------------------


def _amounts(tokens: list[Token]) -> dict[int, tuple[int, str]]:
    """Numbers of 50 or more by the position of their first token, groups of three
    digits joined ("20 000" is two tokens): (value, as written)."""
    found: dict[int, tuple[int, str]] = {}
    i = 0
    while i < len(tokens):
        value = _number(tokens[i])
        if value is None:
            i += 1
            continue
        start, words = i, [tokens[i].surface]
        while i + 1 < len(tokens) and len(tokens[i + 1].key) == 3 and tokens[i + 1].key.isdigit():
            i += 1
            value = value * 1000 + int(tokens[i].key)
            words.append(tokens[i].surface)
        if value >= 50:
            found[start] = (value, " ".join(words))
        i += 1
    return found


def _amount_beside(found: Found, match: Match) -> tuple[int, str] | None:
    tokens = found.reading.tokens
    for start, amount in _amounts(tokens).items():
        before = match.span.start - FEE_AMOUNT_REACH - 1 <= start < match.span.start
        after = match.span.stop <= start < match.span.stop + FEE_AMOUNT_REACH
        if (before or after) and found.sentences[start] == found.sentences[match.span.start]:
            return amount
    return None


def fee(text: str, found: Found) -> tuple[str, float] | None:
    """The words that show a fee and its amount."""
    for amount in money.fees(text):
        return amount.words, amount.value
    paid_by_employer = found.of("employer_pays")
    for purpose in (*found.of("fee_purpose"), *found.of("worker_pays")):
        beside = _amount_beside(found, purpose)
        if beside and not any(near(found, purpose, paid, 6) for paid in paid_by_employer):
            return f"{purpose.evidence} {beside[1]}", beside[0]
    for price in money.prices(text):
        sentence = sentence_at(text, price.start)
        owed = (*found.of("travel_debt"), *found.of("employer_pays"))
        if not any(found.sentences[m.span.start] == sentence for m in owed):
            return price.words, price.value
    return None


# --- Ages and routes ------------------------------------------------------------------

# Words beside a number that make it an age: "до 25", "25 лет", "то 25 сола", "under 35".
_AGE_BEFORE = frozenset("до то возраст возрасте under up age aged till".split())
_AGE_FROM = frozenset("от аз from".split())  # "от 18 лет" alone is adulthood, not a limit
_AGE_AFTER = frozenset("лет года год сола sola years year yo".split())


def _is_age(tokens: list[Token], i: int) -> bool:
    value = _number(tokens[i])
    if value is None or value not in AGE_LIMITS:
        return False
    before = tokens[i - 1].surface if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    ranged = after is not None and (_number(after) or 0) in AGE_LIMITS
    if before in _AGE_FROM and not ranged:
        return False
    return before in _AGE_BEFORE or ranged or (after is not None and after.surface in _AGE_AFTER)


def age_limit(found: Found) -> str | None:
    """An age limit for women: right after the word ("девушки 18–25"), or an age in
    the same sentence ("ищем девушек в Дубай, возраст 20–28")."""
    tokens = found.reading.tokens
    for women in found.of("women"):
        for i in range(women.span.stop, min(len(tokens), women.span.stop + 3)):
            value = _number(tokens[i])
            right_after = i == women.span.stop and value in AGE_LIMITS
            if right_after or _is_age(tokens, i):
                return f"{women.evidence} {tokens[i].surface}"
        sentence = found.sentences[women.span.start]
        for i, token in enumerate(tokens):
            if found.sentences[i] == sentence and _is_age(tokens, i):
                return f"{women.evidence} … {token.surface}"
    return None


def third_country(found: Found, places: list[Match]) -> str | None:
    for place in places:
        if _is_stop(found, place):
            return f"{found.reading.tokens[place.span.start - 1].surface} {place.evidence}"
    # "Летите в Белград, оттуда наш автобус…": two countries abroad (or a country and a
    # region such as Europe that no country named at the same words stands for) and
    # the steps between.
    abroad: dict[str, Match] = {}
    countries = [p for p in places if is_country(attribute_of(p.concept, "code") or "")]
    for place in places:
        code = attribute_of(place.concept, "code")
        if not code or code == "TJ":
            continue
        overlapped = any(set(place.span) & set(c.span) for c in countries if c is not place)
        if is_country(code) or not overlapped:
            abroad.setdefault(code, place)
    if len(abroad) >= 2 and found.of("route_step"):
        first, second = sorted(abroad.values(), key=lambda m: m.span.start)[:2]
        return f"{first.evidence} … {second.evidence}"
    return None


# --- Pay held back --------------------------------------------------------------------

# Pay every two months or more ("salary paid every 3 months", "зарплата раз в 3 месяца",
# "маош ҳар се моҳ") is pay held back, however the number is written.
_RARE_PAY = re.compile(
    r"(?<!\w)(?:paid|pay|salary|wages?|зарплат\w*|оплат\w*|деньги|маош|музд|pul|maosh)\s+"
    r"(?:\w+\s+){0,2}?(?:every|каждые|раз\s+в|[ҳх]ар|har)\s+"
    r"(?:[2-9]|1[0-2]|two|three|four|six|два|дв[ау]х|три|трёх|трех|четыре|шесть|ду|се|чор|шаш"
    r"|du|se|chor|shash)\s+(?:months?|месяц\w*|мес|мо[ҳх]|мо[ҳх]и|moh)(?!\w)",
    re.IGNORECASE,
)


# Pay held to the end of the work, however it is worded: a pay word, then in the same
# sentence when it comes ("when", "once", "after", "only") and an end of the work or
# season ("the season closes", "the 12 months are over", "the building is handed
# over", "2 year finish"): "earnings … paid out when the season closes".
_PAY_WORD = r"salar\w*|wages?|earnings?|payment|pay|paid|money|settle\w*|credited|accumulat\w*"
_WHEN = r"when|once|after|only\s+(?:when|after|at)|at\s+the\s+end\s+of|together\s+when"
_WORK = (
    r"season|contract|harvest|shift|vakhta|vahta|project|months?|years?|building|work"
    r"|melons|days|object|site"
)
_ENDS = r"ends?|is\s+over|are\s+over|over|finish\w*|clos\w*|complet\w*|handed\s+over|sold|done"
_PAID_AT_THE_END = re.compile(
    rf"(?<!\w)(?:{_PAY_WORD})(?!\w)[^.!?\n;]{{0,80}}?(?<!\w)(?:{_WHEN})(?!\w)"
    rf"[^.!?\n;]{{0,40}}?(?<!\w)(?:{_WORK})(?!\w)[^.!?\n;]{{0,30}}?(?<!\w)(?:{_ENDS})(?!\w)",
    re.IGNORECASE,
)


def rare_pay(text: str) -> str | None:
    return first_words(text, _RARE_PAY, _PAID_AT_THE_END, deniable=True)
