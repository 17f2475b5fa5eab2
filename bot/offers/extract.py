"""Reading an offer's free text: its red flags and its positive evidence, each with the
words that show it, the destination, the pay, the kind of work and the contacts.

Words come from a lexicon by concept (bot/offers/lexicon.toml), matched through the
shared understanding layer (bot/understanding): a match that a negation covers ("no
fees", "без залога", "патент лозим нест") or that stands in a question's condition
counts for nothing, and a "safe twin" ("you keep your own passport", "оформление
бесплатно") voids the flag it denies. What words alone cannot show, code adds:

* ``fee``: an amount the worker pays (bot/offers/money/), or a purpose the worker
  pays for ("за оформление", "барои раводид") with an amount beside it;
* ``unknown_employer``: no company name anywhere (a legal form such as "ООО" or
  "LLC", a quoted name, a company's name in capitals in English): only a phone
  number, a handle, a friend's word, or nothing at all;
* ``pay_too_good``: the salary against the wage table for the destination and the
  kind of work (bot/offers/wages.py), above its limit, or above the table's high end
  when no experience is asked;
* ``excessive_hours``: 12 hours or more a day, or a 60/30 rotation with no pay stated;
* ``women_photos``: an age limit written after "girls" or "women" ("девушки 18–25");
* ``third_country``: a route through a place ("через Дубай", "via Bangkok");
* ``scam_centre``: a South-East Asian place with online, call-centre or casino work;
* ``unofficial_channel``: a job in Korea that does not name the EPS channel;
* evidence ``named_employer``: a company's name and an address with a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bot.offers import money, wages
from bot.text.language import detect_from_text
from bot.text.normalise import clean, normalise
from bot.understanding import context
from bot.understanding.lexicon import Lexicon, load
from bot.understanding.match import Match, Reading
from bot.understanding.tokens import Token

LEXICON = Path(__file__).with_name("lexicon.toml")

# How far (in words) a safe twin, or a flag that voids evidence, reaches either way.
REACH = 8
# A fee's purpose and its amount: at most this many words apart.
FEE_AMOUNT_REACH = 4
# Where the place of a route word may stand after it ("через Дубай", "via the UAE").
TRANSIT_REACH = 2
MIN_WORKING_HOURS = 12  # a shift this long or longer is excessive (docs/labelling.md §2)
MIN_LONG_ROTATION = 60  # days on in a rotation ("60/30") that count as excessive
AGE_LIMITS = range(14, 46)  # numbers after "girls"/"women" that read as an age limit


@dataclass(frozen=True)
class Pay:
    amount: float
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:g} {self.currency}"


@dataclass(frozen=True)
class Analysis:
    language: str | None
    flags: dict[str, str] = field(default_factory=dict)  # flag id -> evidence words
    destination: str | None = None
    pay: Pay | None = None
    contacts: tuple[str, ...] = ()
    evidence: dict[str, str] = field(default_factory=dict)  # evidence name -> words
    work: str | None = None  # a kind of work of data/wages.toml, if the text says
    employer: str | None = None  # the company's name as written, if there is one


NO_EMPLOYER = "(no company named)"  # the evidence when nothing names the employer


@cache
def lexicon() -> Lexicon:
    return load(LEXICON)


def _kind(concept: str) -> str:
    return str(lexicon().concepts[concept].attributes.get("kind", ""))


def _attribute(concept: str, name: str) -> Any:
    return lexicon().concepts[concept].attributes.get(name)


# --- Preparing the text ---------------------------------------------------------------

# "С.В.О." and "S.V.O." are one word: joined before the tokeniser splits at the dots.
_DOTTED = re.compile(r"(?<!\w)(?:[^\W\d_]\.){2,}(?:[^\W\d_](?!\w))?")


def _join_letters(found: re.Match[str]) -> str:
    return "".join(char for char in found.group(0) if char.isalpha()) + " "


def _prepare(text: str) -> str:
    return _DOTTED.sub(_join_letters, text)


# --- Contacts, company names, addresses ---------------------------------------------

_CONTACT = re.compile(
    r"(?:\+\d[\d\s()\-]{7,16}\d)|(?:(?<![\d+])8[\s(\-]*9\d\d[\d\s()\-]{6,11}\d)"
    r"|(?:@[A-Za-z][\w]{3,31})|(?:(?:https?://)?(?:t\.me|wa\.me)/[\w+/-]+)",
    re.IGNORECASE,
)
# Legal forms, written as companies write them (capitals matter: "ао" is not "АО").
_LEGAL_FORM = re.compile(
    r"(?<![\w-])(?:ООО|ОАО|ЗАО|ПАО|АО|ТОО|ИП|ГК|ЧОП|ҶДММ|ЧДММ|OOO|TOO|LLC|LLP|Ltd|LTD|JSC"
    r"|Inc|GmbH|PLC|Sp\.\s?z\s?o\.\s?o\.|Co\.)(?![\w-])"
)
# A quoted name that begins with a capital or a digit: «СеверЛогистик», "Арко".
_QUOTED = re.compile(r"[«\"“„]\s*([A-ZА-ЯЁӢӮҚҒҲҶ0-9][^«»\"“”„\n,.!?]{1,50}?)\s*[»\"”“]")
# English names in capitals: "Sunrise Bakery", "Doha Build Force", and one word with
# a capital inside ("TransCargo").
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Za-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Za-z]+)?)+")
_CAMEL = re.compile(r"\b[A-Z][a-z]+[A-Z][a-z]+\w*")
# "a company called Belgrade Textile", "the firm is named Neva Finish".
_CALLED = re.compile(
    r"\b(?:company|firm|agency|employer)\s+(?:is\s+)?(?:called|named)\s+[A-Z][\w'-]*"
    r"(?:\s+[A-Z][\w'-]*)*"
)
# Capitalised words that are not names of a company: messengers and job sites, parts of
# place names, and the words of Title Case adverts ("Good Salary! Free Housing!").
_NOT_NAMES = frozenset(
    """
    whatsapp telegram viber instagram facebook tiktok youtube imo signal linkedin headhunter
    superjob avito st saint new north south east west great upper lower mr ms mrs
    job jobs work workers worker salary pay free housing visa ticket urgent urgently hiring
    wanted call write contact good high big easy money now today apply vacancy vacancies
    we our the a an and for in at to with no experience needed only
    """.split()
)
_STREET = r"(?:ул|пр|просп|пер|наб|бул|мкр|ul)"  # "ш." alone is also Tajik "шаҳри" (city)
_STREET_AFTER = r"(?:ул|пр|просп|ш|пер|наб|бул)"  # "Варшавское ш., 118"
_ADDRESS = re.compile(
    rf"(?:(?<!\w){_STREET}\.\s*(?-i:[А-ЯЁA-Z])[^,.;\n]{{1,40}}(?:,?\s*(?:д\.\s*)?\d+\w*)?"
    rf"|(?<!\w)(?-i:[А-ЯЁA-Z])[\w-]+\s+{_STREET_AFTER}\.,?\s*\d+\w*"
    r"|(?<!\w)р-н,?\s+(?:с|пос|п)\.\s*(?-i:[А-ЯЁ])\w+"
    r"|(?<!\w)(?:улица|проспект|шоссе|переулок|бульвар|кӯчаи|кучаи|kuchai|ulitsa|prospekt"
    r"|shosse)(?!\w)[^.\n]{0,30}?\d+\w*"
    r"|(?<!\w)(?:office|офис)\s*№?\s*\d+"
    r"|(?-i:\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Road|Rd)\b)"
    r"|(?-i:\b[A-Z][a-z]+\s+(?:St|Street|Ave|Avenue|Road|Rd)\.?,?\s+\d+)"
    r"|\b(?:Business|Office)\s+(?:Tower|Centre|Center|Park)\b)",
    re.IGNORECASE,
)


def contacts(text: str) -> tuple[str, ...]:
    """Phone numbers, @handles and t.me / wa.me links, in the order written."""
    return tuple(dict.fromkeys(m.group(0).strip() for m in _CONTACT.finditer(text)))


def _is_place(word: str) -> bool:
    return any(_kind(m.concept) == "place" for m in Reading(word).find(lexicon()))


def _name_in_capitals(text: str) -> str | None:
    for found in _CAMEL.finditer(text):
        if found.group(0).lower() not in _NOT_NAMES:
            return found.group(0)
    for found in _CAPITALISED.finditer(text):
        words = [
            w for w in found.group(0).split() if w.lower() not in _NOT_NAMES and not _is_place(w)
        ]
        after = text[found.end() : found.end() + 3].lstrip()
        # "Call Irina +7 985 …", "Intermediary Aziz +48 …": a person's name and number.
        if len(words) >= 2 and not after.startswith(("+", "@")):
            return found.group(0)
    return None


def employer_name(text: str) -> str | None:
    """The company's name as written (old-font letters repaired), if the text names one."""
    text = clean(text)
    for pattern in (_QUOTED, _LEGAL_FORM, _CALLED):
        found = pattern.search(text)
        if found is not None:
            return found.group(0).strip()
    return _name_in_capitals(text)


def address(text: str) -> str | None:
    found = _ADDRESS.search(clean(text))
    return found.group(0).strip() if found is not None else None


# --- Numbers in the text --------------------------------------------------------------

_HOURS = re.compile(
    r"(?<![\d/.,])(?P<n>\d{1,2})(?:\s*-\s*|\s+)?(?:час|ч\b|hours?\b|hrs?\b|h\b|соат|soat|chas)",
    re.IGNORECASE,
)
_ROTATION = re.compile(r"(?<![\d/])(?P<on>\d{2,3})\s?/\s?(?P<off>\d{1,3})(?![\d/])")


def _long_hours(text: str) -> str | None:
    for found in _HOURS.finditer(text):
        if MIN_WORKING_HOURS <= int(found.group("n")) <= 24:
            return found.group(0).strip()
    return None


def _long_rotation(text: str) -> str | None:
    for found in _ROTATION.finditer(text):
        if int(found.group("on")) >= MIN_LONG_ROTATION and int(found.group("off")) < int(
            found.group("on")
        ):
            return found.group(0)
    return None


def _number(token: Token) -> int | None:
    return int(token.key) if token.key.isdigit() and len(token.key) <= 7 else None


# --- Language ---------------------------------------------------------------------------

# Words that tell English from Russian or Tajik typed in Latin letters.
_ENGLISH = frozenset(
    "the and for with you your we our is are will to of in on at from per a an this that "
    "job jobs work workers wanted hiring salary month".split()
)
_TAJIK_LATIN = frozenset(
    "dar ba baroi bo az va kor lozim lozimand hast nest mekunad mekunem mekunad meguyad "
    "navised zaned firisted medihed medihem shirkati korgaron maosh muzd".split()
)
_RUSSIAN_LATIN = frozenset(
    "v na s po dlya ot do i ili ne bez rabota raboty rabotu zarplata oplata pishite zvonite "
    "trebuyutsya srochno cherez".split()
)
_WORD = re.compile(r"[a-z]+")


def language(
    text: str, languages: Iterable[str] = ("tg", "ru", "en"), matches: Iterable[Match] = ()
) -> str | None:
    """The offer's language: ``detect_from_text``, with Latin script settled by the
    common words of English, of Tajik and of Russian typed in Latin, and by the
    language of the lexicon terms the text matched (places aside: "Kazan" is both)."""
    supported = tuple(languages)
    detected = detect_from_text(text, supported)
    if detected != "en" or re.search(r"[\u0400-\u04ff]", text):
        return detected
    words = _WORD.findall(text.lower())
    votes = {
        "en": sum(w in _ENGLISH for w in words),
        "tg": sum(w in _TAJIK_LATIN for w in words),
        "ru": sum(w in _RUSSIAN_LATIN for w in words),
    }
    for match in matches:
        term_language = match.source.split(":", 1)[0]
        if term_language in votes and _kind(match.concept) != "place":
            votes[term_language] += 1
    best = max(votes, key=lambda lang: (votes[lang], lang == "en"))
    return best if best in supported and votes[best] > votes["en"] else detected


# --- Reading the words ----------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    reading: Reading
    matches: tuple[Match, ...]  # what counts: not negated, not hypothetical, not denied
    sentences: tuple[int, ...]  # the sentence of each token

    def of(self, concept: str) -> list[Match]:
        return [m for m in self.matches if m.concept == concept]

    def of_kind(self, kind: str) -> Iterator[Match]:
        return (m for m in self.matches if _kind(m.concept) == kind)

    def first(self, concept: str) -> Match | None:
        return next(iter(self.of(concept)), None)


# Sentences end at these marks followed by a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def _sentences(text: str, reading: Reading) -> tuple[int, ...]:
    """The sentence of each token: a sentence is split where the tokeniser splits too,
    so counting each sentence's tokens numbers the whole text's."""
    numbers: list[int] = []
    for number, sentence in enumerate(_SENTENCE_END.split(text)):
        numbers += [number] * len(Reading(sentence).tokens)
    if len(numbers) < len(reading.tokens):  # cannot happen; clauses are a safe stand-in
        return tuple(t.clause for t in reading.tokens)
    return tuple(numbers[: len(reading.tokens)])


def _whole(match: Match, reading: Reading, sentences: tuple[int, ...]) -> bool:
    """A term stays inside one clause ("без залога. Договор …" is not "без договора"),
    a pair of words inside one sentence."""
    first, last = match.span.start, match.span.stop - 1
    if match.source.startswith("near:"):
        return sentences[first] == sentences[last]
    return reading.tokens[first].clause == reading.tokens[last].clause


def _denied(match: Match, reading: Reading) -> bool:
    """Negations the shared reading leaves to the caller:

    * inside a pair of words: "паспорт мы не забираем" pairs "паспорт" and "забирать"
      around a "не" that covers the second (a term's own negation, "без договора",
      stays its meaning);
    * a Tajik verb after the words that carries the negation: "гарав намегирем" (we
      take no deposit), "шиносномаро нигоҳ намедорем" (we do not keep the passport).
    """
    span = match.span
    if match.source.startswith("near:"):
        for scope in reading.scopes:
            if scope.cue in span and any(i > scope.cue for i in scope.covers & set(span)):
                return True
    tokens = reading.tokens
    after = span.stop
    if after < len(tokens) and tokens[after].clause == tokens[span.stop - 1].clause:
        forms = tokens[after].forms
        last = tokens[span.stop - 1].forms
        if forms.tajik_verb and forms.tajik_negated and not last.tajik_verb:
            return True
    return False


def _near(found: _Found, a: Match, b: Match, reach: int = REACH) -> bool:
    same = found.sentences[a.span.start] == found.sentences[b.span.start]
    return same and abs(a.span.start - b.span.start) <= reach


def _read(text: str) -> _Found:
    reading = Reading(text)
    frame = context.read(reading)
    sentences = _sentences(text, reading)
    live = [
        m
        for m in reading.find(lexicon())
        if not m.negated
        and not _denied(m, reading)
        and not frame.hypothetical(m)
        and _whole(m, reading, sentences)
    ]
    found = _Found(reading, tuple(live), sentences)
    denied: set[int] = set()
    for match in live:
        voided = _attribute(match.concept, "denies") if _kind(match.concept) == "deny" else None
        for j, other in enumerate(live):
            if voided and other.concept in voided and _near(found, match, other):
                denied.add(j)
    kept = [m for i, m in enumerate(live) if i not in denied]
    # A flag voids the evidence it names nearby: "договор на месте" is no contract.
    cancelled: set[int] = set()
    for match in kept:
        voids = _attribute(match.concept, "cancels") or ()
        for j, other in enumerate(kept):
            if other.concept in voids and _near(found, match, other):
                cancelled.add(j)
    return _Found(reading, tuple(m for j, m in enumerate(kept) if j not in cancelled), sentences)


def _destination(found: _Found) -> tuple[str | None, str | None, list[Match]]:
    """(country code, region, places) where the job is: the first place named that is
    not a stop on the way ("через Дубай")."""
    places = list(found.of_kind("place"))
    stops = [p for p in places if _is_stop(found, p)]
    where = next((p for p in places if p not in stops), places[0] if places else None)
    if where is None:
        return None, None, places
    return _attribute(where.concept, "code"), _attribute(where.concept, "region"), places


def _is_stop(found: _Found, place: Match) -> bool:
    return any(0 <= place.span.start - t.span.stop < TRANSIT_REACH for t in found.of("transit"))


def _work(found: _Found) -> str | None:
    work = next(found.of_kind("work"), None)
    return None if work is None else str(_attribute(work.concept, "work"))


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


def _amount_beside(found: _Found, match: Match) -> tuple[int, str] | None:
    tokens = found.reading.tokens
    for start, amount in _amounts(tokens).items():
        before = match.span.start - FEE_AMOUNT_REACH - 1 <= start < match.span.start
        after = match.span.stop <= start < match.span.stop + FEE_AMOUNT_REACH
        if (before or after) and found.sentences[start] == found.sentences[match.span.start]:
            return amount
    return None


def _fee(text: str, found: _Found) -> tuple[str, float] | None:
    """The words that show a fee and its amount."""
    for amount in money.fees(text):
        return amount.words, amount.value
    paid_by_employer = found.of("employer_pays")
    for purpose in (*found.of("fee_purpose"), *found.of("worker_pays")):
        beside = _amount_beside(found, purpose)
        if beside and not any(_near(found, purpose, paid, 6) for paid in paid_by_employer):
            return f"{purpose.evidence} {beside[1]}", beside[0]
    return None


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


def _age_limit(found: _Found) -> str | None:
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


def _third_country(found: _Found, places: list[Match]) -> str | None:
    for place in places:
        if _is_stop(found, place):
            return f"{found.reading.tokens[place.span.start - 1].surface} {place.evidence}"
    # "Летите в Белград, оттуда наш автобус…": two countries abroad and the steps between.
    abroad: dict[str, Match] = {}
    for place in places:
        code = _attribute(place.concept, "code")
        if code and code != "TJ":
            abroad.setdefault(code, place)
    if len(abroad) >= 2 and found.of("route_step"):
        first, second = sorted(abroad.values(), key=lambda m: m.span.start)[:2]
        return f"{first.evidence} … {second.evidence}"
    return None


# Currencies that bot/offers/money/ does not read: an amount in one of them has no
# currency, and would be taken in the destination's.
_UNREAD_CURRENCY = re.compile(r"^\s*(?:baht|бат|thb|tbh|сум|sum|ksh|sh)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Offer:
    """One offer as the flag rules see it."""

    text: str
    found: _Found
    employer: str | None
    contacts: tuple[str, ...]
    country: str | None
    region: str | None
    places: tuple[Match, ...]
    work: str | None
    salary: money.Amount | None

    def in_country(self, code: str) -> list[Match]:
        return [p for p in self.places if _attribute(p.concept, "code") == code]


def _pay_too_good(offer: _Offer, country: str | None, fee: float | None) -> str | None:
    salary = offer.salary
    if salary is None or country is None or salary.value == fee:
        return None
    if salary.currency is None and _UNREAD_CURRENCY.match(offer.text[salary.end :]):
        return None
    check = wages.too_good(salary, country, offer.work, region=offer.region)
    if check is None:
        return None
    if check.too_good or (check.ratio > 1 and offer.found.of("no_experience")):
        return salary.words
    return None


def _excessive_hours(offer: _Offer) -> str | None:
    # A long rotation says little when its pay is stated; without, it is a lure.
    return _long_hours(offer.text) or (_long_rotation(offer.text) if offer.salary is None else None)


def _in_name(match: Match, employer: str | None) -> bool:
    """Words of the company's own name ("Gulf Star Contracting") are not a contract."""
    return employer is not None and match.evidence in normalise(employer)


def _flags(offer: _Offer) -> dict[str, str]:
    found = offer.found
    flags: dict[str, str] = {}
    for match in found.of_kind("flag"):
        flags.setdefault(match.concept, match.evidence)
    fee = _fee(offer.text, found)
    if fee is not None:
        flags.setdefault("fee", fee[0])
    # Work in the war zone is paid as in Russia: compare it with the Russian rows.
    paid_in = offer.country or ("RU" if "military" in flags else None)
    rules: dict[str, Callable[[], str | None]] = {
        "women_photos": lambda: _age_limit(found),
        "third_country": lambda: _third_country(found, list(offer.places)),
        "pay_too_good": lambda: _pay_too_good(offer, paid_in, fee[1] if fee else None),
        "excessive_hours": lambda: _excessive_hours(offer),
    }
    for flag, rule in rules.items():
        if flag not in flags:
            evidence = rule()
            if evidence:
                flags[flag] = evidence
    asia, work_there = offer.in_country("ASIA"), found.first("scam_work")
    if asia and work_there is not None and "scam_centre" not in flags:
        flags["scam_centre"] = f"{asia[0].evidence} … {work_there.evidence}"
    # No company's name: only a number, a handle, a friend's word, or nothing at all to
    # check (docs/labelling.md §2, as the independent authors read it).
    # A state scheme or a licensed agency named is someone to check.
    if offer.employer is None and "unknown_employer" not in flags and not found.of("licensed"):
        messenger = found.first("contact_word")
        if offer.contacts:
            flags["unknown_employer"] = offer.contacts[0]
        elif messenger is not None:
            flags["unknown_employer"] = messenger.evidence
        elif "personal_recruiter" in flags:
            flags["unknown_employer"] = flags["personal_recruiter"]
        else:
            flags["unknown_employer"] = NO_EMPLOYER
    # Korea hires only through the state EPS channel: a Korean job that does not name
    # it (or names it to say "without") is outside it.
    korea = offer.in_country("KR")
    if korea and not found.of("licensed") and "unofficial_channel" not in flags:
        flags["unofficial_channel"] = korea[0].evidence
    return flags


def _evidence(found: _Found, employer: str | None, street: str | None) -> dict[str, str]:
    evidence: dict[str, str] = {}
    for match in found.of_kind("evidence"):
        # A state agency's name is its evidence; a contractor's name is not a contract.
        if match.concept == "licensed" or not _in_name(match, employer):
            evidence.setdefault(match.concept, match.evidence)
    if employer is not None and street is not None:
        evidence["named_employer"] = f"{employer}, {street}"
    return evidence


def analyse(text: str, languages: Iterable[str] = ("tg", "ru", "en")) -> Analysis:
    """Everything the text says about the offer's risks and its safeguards."""
    found = _read(_prepare(text))
    country, region, places = _destination(found)
    offer = _Offer(
        text=text,
        found=found,
        employer=employer_name(text),
        contacts=contacts(text),
        country=country,
        region=region,
        places=tuple(places),
        work=_work(found),
        salary=money.salary(text),
    )
    salary = offer.salary
    pay = None
    if salary is not None and salary.currency is not None:
        pay = Pay(salary.value, salary.currency)
    return Analysis(
        language=language(text, languages, found.matches),
        flags=_flags(offer),
        destination=country,
        pay=pay,
        contacts=offer.contacts,
        evidence=_evidence(found, offer.employer, address(text)),
        work=offer.work,
        employer=offer.employer,
    )
