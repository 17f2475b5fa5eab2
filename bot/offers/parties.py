"""The parties to an offer as its text names them: the contacts, the employer's name,
its address, and the language the offer is written in."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.offers.reading import first_words, kind_of, lexicon
from bot.text.language import detect_from_text
from bot.text.normalise import clean, normalise
from bot.understanding.match import Match, Reading

# --- Contacts, company names, addresses ---------------------------------------------

_CONTACT = re.compile(
    r"(?:\+\d[\d\s()\-]{7,16}\d)|(?:(?<![\d+])8[\s(\-]*9\d\d[\d\s()\-]{6,11}\d)"
    r"|(?:@[A-Za-z][\w]{3,31})|(?:(?:https?://)?(?:t\.me|wa\.me)/[\w+/-]+)",
    re.IGNORECASE,
)
# Legal forms, written as companies write them (capitals matter: "ао" is not "АО").
_LEGAL_FORM = re.compile(
    r"(?<![\w-])(?:ООО|ОАО|ЗАО|ПАО|АО|ТОО|ИП|ГК|ЧОП|ҶДММ|ЧДММ|OOO|TOO|LLC|LLP|Ltd|LTD|JSC"
    r"|Inc|GmbH|PLC|Sp\.\s?z\s?o\.\s?o\.|Co\.|Oy|s\.r\.o\.|IP(?=\s+[A-Z]))(?![\w-])"
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
    we our the a an and for in at to with no experience needed only central asia europe
    limited
    """.split()
)
# A name in capitals right after these is where the work is: "in Binh Duong", "to Yalta"
# ("an offer from Doha Star Logistics" names a company).
_PLACE_BEFORE = frozenset("in to near via around outside".split())
_STREET = r"(?:ул|пр|просп|пер|наб|бул|мкр|ul)"  # "ш." alone is also Tajik "шаҳри" (city)
_STREET_AFTER = r"(?:ул|пр|просп|ш|пер|наб|бул)"  # "Варшавское ш., 118"
_ADDRESS = re.compile(
    rf"(?:(?<!\w){_STREET}\.\s*(?-i:[А-ЯЁA-Z])[^,.;\n]{{1,40}}(?:,?\s*(?:д\.\s*)?\d+\w*)?"
    rf"|(?<!\w)(?-i:[А-ЯЁA-Z])[\w-]+\s+{_STREET_AFTER}\.,?\s*\d+\w*"
    r"|(?<!\w)р-н,?\s+(?:с|пос|п)\.\s*(?-i:[А-ЯЁ])\w+"
    r"|(?<!\w)(?:улица|проспект|шоссе|переулок|бульвар|кӯчаи|кучаи|kuchai|ulitsa|prospekt"
    r"|shosse|шоҳроҳи|шохрохи|shohrohi)(?!\w)[^.\n]{0,30}?\d+\w*"
    r"|(?<!\w)(?:office|офис)\s*№?\s*\d+"
    r"|(?-i:\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Road|Rd)\b)"
    r"|(?-i:\b[A-Z][a-z]+\s+)(?:st|street|ave|avenue|road|rd|emb|embankment)\.?,?\s+\d+"
    r"|\b(?:Business|Office)\s+(?:Tower|Centre|Center|Park)\b)",
    re.IGNORECASE,
)


def contacts(text: str) -> tuple[str, ...]:
    """Phone numbers, @handles and t.me / wa.me links, in the order written."""
    return tuple(dict.fromkeys(m.group(0).strip() for m in _CONTACT.finditer(text)))


def _is_place(words: str) -> bool:
    """Every word is part of a place's name ("Kazan", "Czech Republic")."""
    reading = Reading(words)
    covered: set[int] = set()
    for match in reading.find(lexicon()):
        if kind_of(match.concept) == "place":
            covered.update(match.span)
    return bool(reading.tokens) and covered >= set(range(len(reading.tokens)))


def _name_in_capitals(text: str) -> str | None:
    for found in _CAMEL.finditer(text):
        if found.group(0).lower() not in _NOT_NAMES:
            return found.group(0)
    for found in _CAPITALISED.finditer(text):
        # Russian and Tajik typed in Latin letters capitalise sentences too: "Ba Rossiya",
        # "Zvonite Sergeyu" are a preposition or a verb and a name, not a company.
        words = [
            w
            for w in found.group(0).split()
            if w.lower() not in _NOT_NAMES | _LATIN_WORDS and not _is_place(w)
        ]
        after = text[found.end() : found.end() + 3].lstrip()
        before = text[max(0, found.start() - 12) : found.start()].split()
        if (before and before[-1].lower() in _PLACE_BEFORE) or _is_place(found.group(0)):
            continue
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


def names_and_streets(text: str) -> str:
    """The quoted names and the street address of a text, normalised: a place named
    inside them ("«Сеул Кор»", "шоссе Варшава 118") is not where anyone goes."""
    parts = [m.group(1) for m in _QUOTED.finditer(text)]
    street = address(text)
    return " | ".join(normalise(p) for p in (*parts, *([street] if street else [])))


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
# Words of Russian and Tajik typed in Latin that begin sentences or calls to act.
_LATIN_WORDS = (
    _TAJIK_LATIN
    | _RUSSIAN_LATIN
    | frozenset("pishite zvonite pishi zvoni navised navisi zang zaned ba contact".split())
)


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
        if term_language in votes and kind_of(match.concept) != "place":
            votes[term_language] += 1
    best = max(votes, key=lambda lang: (votes[lang], lang == "en"))
    return best if best in supported and votes[best] > votes["en"] else detected


# --- Who stands between the worker and the employer ---------------------------------

# "I am not an agency", "мы не военкомат", "мо агентӣ нестем": someone who says what he
# is not is an intermediary (docs/labelling.md §2, `unlicensed_agency`), whatever
# office he names; and one who says he works "with an agency" is not the agency.
_OFFICE = (
    r"agenc\w*|agents?|enlistment\s+office|recruitment\s+office|officials?"
    r"|агентств\w*|агент\w*|военкомат\w*|agentstv\w*|agent\w*|voenkomat\w*"
)
_NOT_AN_OFFICE = re.compile(
    r"(?<!\w)(?:(?:i\s+am|i[ʼ'’]?m|we\s+are|we[ʼ'’]?re)\s+not\s+(?:an?\s+|the\s+)?"
    rf"|(?:я|мы|ya|my)\s+(?:же\s+)?(?:не|ne)\s+)(?:{_OFFICE})(?!\w)"
    r"|(?<!\w)(?:ман|мо|man|mo)\s+(?:агент\w*|agent\w*)\s+(?:нестам|нестем|nestam|nestem)(?!\w)"
    r"|(?<!\w)(?:work|working)\s+(?:together\s+)?with\s+(?:an?\s+|the\s+)?agenc\w*"
    r"|(?<!\w)работа\w*\s+(?:вместе\s+)?с\s+агентств\w*",
    re.IGNORECASE,
)


def intermediary(text: str) -> str | None:
    """The words by which a go-between says he is not the agency or office itself."""
    return first_words(text, _NOT_AN_OFFICE)


# "Посредники не нужны", "ба миёнарав пул надиҳед", "do not pay any middleman": an
# honest notice warns against go-betweens, which is not one offering himself.
_GO_BETWEEN = (
    r"посредник\w*|миёнарав\w*|даллол\w*|posrednik\w*|miyonarav\w*|dallol\w*"
    r"|intermediar\w*|middlem[ae]n|brokers?"
)
# Right after the word: "посредников нет", "посредники не нужны"; a word apart, a
# payment refused: "ба миёнарав пул надиҳед"; before it: "ягон миёнарав", "no
# intermediaries", "do not pay any middleman". "Посредник, лицензии нет" is one.
_NONE_AFTER = (
    r"не\s+нужн\w*|не\s+требу\w*|нет(?!\w)|нест(?!\w)|net(?!\w)|ne\s+nuzhn\w*|наметавон\w*"
)
_UNPAID_AFTER = r"надиҳед|надихед|nadihed|не\s+плат\w*|ne\s+plat\w*"
_NONE_BEFORE = (
    r"никаких|никому|ягон|ҳеҷ|hech|yagon|no|any|don[ʼ'’]?t\s+pay|do\s+not\s+pay|never\s+pay"
)
_WARNING = re.compile(
    rf"(?<!\w)(?:(?:{_GO_BETWEEN})\s+(?:{_NONE_AFTER})"
    rf"|(?:{_GO_BETWEEN})\W+(?:\w+\W+)?(?:{_UNPAID_AFTER})"
    rf"|(?:{_NONE_BEFORE})\W+(?:\w+\W+){{0,2}}?(?:{_GO_BETWEEN}))",
    re.IGNORECASE,
)


def warns_of_go_betweens(text: str) -> bool:
    return _WARNING.search(text) is not None
