"""A small Tajik stemmer on skeleton keys, so "мезананд", "zadand" and "задан" meet.

It works on the output of ``skeleton_word`` (lower-case Latin key, ҳ/х→h, қ/к→k, ҷ/ч→ch,
ӯ/у→u, ӣ/и→i, doubled letters collapsed), where proper Cyrillic, Tajik typed on a Russian
keyboard and Latin Tajik are already one spelling. It is deliberately conservative: a
suffix is stripped only when what remains is long enough to be a word, a verbal prefix
only when what remains is a verb we know (or, after ме-/наме-, clearly a verb), and a
negative prefix is never thrown away but kept as ``negated``. A word it does not
understand comes back as it is.

Verbs (DOMAIN.md §5, UNDERSTANDING.md item 2): ме-/наме-/на-/ма-/би- + stem + person
ending (-ам -ӣ -ад -ем -ед -анд, colloquial -ан -ен -а), past stems (-ид/-д/-т) with the
same endings, perfect forms (-аам -ааст -аанд, participle -а as in "гирифта буданд").
Known verbs come back as their PRESENT stem, so the past "заданд" and the present
"мезананд" share the stem "zan". Nouns: object -ро and colloquial -а, possessive clitics
-ам -аш -амон -атон -ашон (-ям … after a vowel; -ат only as -ят, since so many nouns end in
-ат: "ҳуҷҷат", "меҳнат"), plural -ҳо and -он/-ён/-гон, izofat -и. A noun's final -а/-и is
dropped too, because the skeleton merges "шиноснома" + "-ам" into "shinosnomam".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from bot.text.normalise import skeleton_word


@dataclass(frozen=True, slots=True)
class TajikForm:
    stem: str  # the stem key: "zan", "dih", "girift" -> "gir", "pasport", "huchat"
    negated: bool  # a negative verbal prefix (на-, наме-, ма-) was stripped
    verb: bool  # recognised as a verb form
    past: bool  # a past stem was recognised (simple past, perfect, participle, "буд")


# Verbs this work needs, as "infinitive present-stem" in proper Tajik Cyrillic so that a
# Tajik speaker can review them; the past stem is the infinitive without -ан. Grouped by
# what they let us see in a message.
_VERBS = (
    # violence, harm, fear
    "задан зан куштан куш кӯфтан кӯб шикастан шикан буридан бур сӯхтан сӯз "
    "сӯзондан сӯзон кашидан каш кандан кан партофтан парто андохтан андоз афтодан афт "
    "мурдан мир паррондан паррон газидан газ рехтан рез озурдан озор ранҷидан ранҷ "
    "ранҷондан ранҷон тарсидан тарс тарсондан тарсон тарсонидан тарсон ҳаросидан ҳарос "
    "ларзидан ларз гиристан гирй фишурдан фишор дарондан дарон тарконидан таркон",
    # confinement, guarding, escape, movement
    "бастан банд кушодан кушо мондан мон гузоштан гузор доштан дор нишастан шин "
    "пойидан пой гурехтан гурез гурезондан гурезон раҳидан раҳ раҳондан раҳон "
    "раҳонидан раҳон баромадан баро даромадан даро рафтан рав омадан о гаштан гард "
    "баргаштан баргард бозгаштан бозгард гузаштан гузар гузарондан гузарон давидан дав "
    "рондан рон тозондан тозон кӯчидан кӯч кӯчондан кӯчон хобидан хоб хобондан хобон "
    "хестан хез истодан ист расидан рас расондан расон расонидан расон",
    # taking, carrying, sending, selling, paying
    "гирифтан гир қапидан қап ситондан ситон ситонидан ситон рабудан рабо дуздидан дузд "
    "бардоштан бардор бурдан бар овардан ор баровардан барор кашондан кашон "
    "фиристодан фирист гардондан гардон баргардондан баргардон бозгардондан бозгардон "
    "ёфтан ёб ҷустан ҷӯ додан диҳ пардохтан пардоз супоридан супор сипурдан сипор "
    "бахшидан бахш фурӯхтан фурӯш харидан хар талабидан талаб ҳисобидан ҳисоб",
    # asking, telling, deceiving, knowing, being able
    "пурсидан пурс хостан хоҳ фиребидан фиреб фирефтан фиреб гуфтан гӯ донистан дон "
    "тавонистан тавон фаҳмидан фаҳм фаҳмондан фаҳмон шинохтан шинос пазируфтан пазир "
    "дидан бин шунидан шунав нигаристан нигар навиштан навис хондан хон хонондан хонон "
    "омӯхтан омӯз фармудан фармо намудан намо кардан кун шудан шав будан бош зистан зӣ",
    # working, eating and drinking, living
    "хӯрдан хӯр нӯшидан нӯш хӯрондан хӯрон нӯшондан нӯшон пухтан паз шустан шӯ "
    "рӯфтан рӯб дӯхтан дӯз сохтан соз кофтан ков чидан чин бофтан боф пӯшидан пӯш "
    "ниҳодан ниҳ шуморидан шумор вохӯрдан вохӯр ҷангидан ҷанг пайвастан пайванд "
    "дарёфтан дарёб ҷунбидан ҷунб пошидан пош ҷӯшидан ҷӯш ҷаҳидан ҷаҳ лағжидан лағж "
    "ғалтидан ғалт тарошидан тарош зоидан зо",
    # detaining, checking, hiding, handling people (confinement and control)
    "боздоштан боздор санҷидан санҷ афкандан афкан овехтан овез печондан печон "
    "ангехтан ангез фаромадан фаро гузидан гузин шинондан шинон гардидан гард "
    "пӯшондан пӯшон бӯсидан бӯс",
)

# Spellings of a stem that should meet the dictionary one: colloquial "гифтан" for
# "гирифтан", "нишин" beside "шин", "овар" beside "ор", "ш" in "мешад/намеша".
_PAST_ALIASES = {"гифт": "гир"}
_PRESENT_ALIASES = {"нишин": "шин", "овар": "ор", "ш": "шав"}
# Present stems with no infinitive of their own ("ҳастанд" they are).
_PRESENT_ONLY = ("ҳаст",)

# A doubled letter that the skeleton writes with two Latin letters ("ҷҷ" -> "chch") must
# collapse so that "ҳуҷҷат" meets Latin "hujat"; the skeleton collapses doubles before
# transliterating, and this catches keys that reach us spelled out ("huchchat").
_DIGRAPH_DOUBLES = (("chch", "ch"), ("shsh", "sh"), ("zhzh", "zh"), ("tsts", "ts"))


def _fold(key: str) -> str:
    for double, single in _DIGRAPH_DOUBLES:
        key = key.replace(double, single)
    return key


def _sk(word: str) -> str:
    return _fold(skeleton_word(word))


def _build_stems() -> tuple[frozenset[str], dict[str, str]]:
    present: set[str] = {_sk(stem) for stem in _PRESENT_ONLY}
    past: dict[str, str] = {}
    for group in _VERBS:
        words = group.split()
        for infinitive, stem in zip(words[::2], words[1::2], strict=True):
            key = _sk(stem)
            present.add(key)
            past[_sk(infinitive)[:-2]] = key
    for spelling, stem in _PAST_ALIASES.items():
        past[_sk(spelling)] = _sk(stem)
    return frozenset(present), past


_PRESENT, _PAST_TO_PRESENT = _build_stems()
_PRESENT_ALIAS = MappingProxyType({_sk(a): _sk(s) for a, s in _PRESENT_ALIASES.items()})
_PAST = MappingProxyType(_PAST_TO_PRESENT)

# Present-stem forms that are more often a noun: "зан" woman ("занам" my wife, "зани"
# wife of), "ҳар" every, "бин" in "бинӣ" nose, "хона" house ("хонаам" -> "honam"), "банд".
# Without a prefix, these with -ам/-ӣ or bare are read as nouns.
_NOUN_FIRST = frozenset(_sk(w) for w in "зан ҳар бин хон банд бар".split())
_NOUN_LIKE_ENDINGS = frozenset({"am", "i", ""})

# Words that look inflected but are not, or whose Tajik reading would mislead: Russian
# "назад" (back) would read as "did not beat"; "монанд" (similar); words ending in -ам,
# -ҳо, -ро, -ӣ that are not suffixes.
_KEEP = frozenset(
    _sk(w)
    for w in (
        "назад монанд барои танҳо онҳо инҳо бинӣ метро бюро "
        "ёрдам одам олам алам қалам қадам ситам карам ҳарам маҳкам рустам акрам марҳам "
        "ҳамдам муҳаррам ҳам кам дам ғам шам "
        "моро маро уро туро онро инро киро чиро"
    ).split()
)

_VOWELS = frozenset("aeiou")
_DIGRAPHS = frozenset({"ch", "sh", "zh", "ts"})

_PRESENT_ENDINGS = ("and", "an", "am", "ad", "em", "ed", "en", "i", "a", "")
_PAST_ENDINGS = ("and", "ast", "aem", "aed", "an", "am", "em", "ed", "en", "ai", "i", "a", "")
_ALL_ENDINGS = tuple(sorted(set(_PRESENT_ENDINGS + _PAST_ENDINGS), key=len, reverse=True))
# Endings that need a prefix to count: colloquial 3sg -а and the bare stem ("бизан").
_PREFIX_ONLY_PRESENT = frozenset({"a", ""})
# Pronoun clitics on a verb: "задандам" they beat me, "гирифтандаш" they took it.
_VERB_CLITICS = ("ashon", "amon", "aton", "ash", "am", "at")

# (prefix, negated); bare first, so a stem that itself begins with на-/ме-/би-
# ("навиштан" write, "намудан" do) is not read as a prefixed form.
_PREFIXES = (("", False), ("name", True), ("me", False), ("na", True), ("ma", True), ("bi", False))
# Stems shorter than three letters ("гӯ", "о", "ш") are trusted only after these.
_SHORT_STEM_PREFIXES = frozenset({"me", "name", "bi"})

_CLITICS = ("yashon", "yamon", "yaton", "ashon", "amon", "aton", "yash", "yam", "yat", "ash", "am")
# Animate nouns whose plural is -он; -он is too common an ending ("зиндон" prison,
# "забон" language, "меҳмон" guest) to strip from anything else.
_ON_NOUNS = frozenset(
    _sk(w)
    for w in (
        "одам зан мард кӯдак духтар писар фарзанд муҳоҷир дӯст рафиқ ҳамроҳ бародар хоҳар "
        "падар модар аскар сарбоз даллол қурбонӣ меҳмон мизоҷ ҳамватан тоҷик ҷавон пир хеш "
        "мусофир шогирд устод роҳбар мудир асир ғулом қотил дузд"
    ).split()
)
# Agent nouns (-гар, -кор, -фурӯш, -бон, -дор) are people, so -он after them is a plural.
_AGENT_ENDINGS = tuple(_sk(w) for w in "гар кор фурӯш бон дор".split())


def _pronounceable(stem: str) -> bool:
    """Tajik words do not begin with two consonants: "меҳмон" is not ме- + "ҳмон"."""
    if len(stem) < 2:
        return False
    if stem[0] in _VOWELS or stem[1] in _VOWELS:
        return True
    return stem[:2] in _DIGRAPHS and len(stem) > 2 and stem[2] in _VOWELS


def _candidates(rest: str, prefixed: bool) -> tuple[str, ...]:
    # A glide -й- sits between a vowel stem and a vowel ending ("мегӯянд", "меоянд")
    # and between би-/на- and a vowel stem ("биёед", "наёмад").
    out = [rest]
    if len(rest) > 1 and rest.endswith("y"):
        out.append(rest[:-1])
    if prefixed and len(rest) > 1 and rest[0] == "y" and rest[1] in _VOWELS:
        out.append(rest[1:])
        if rest.endswith("y") and len(rest) > 2:
            out.append(rest[1:-1])
    return tuple(out)


def _known(rest: str, prefix: str) -> tuple[str, bool] | None:
    """(present stem, past) of a known verb form ``rest`` after ``prefix``."""
    for ending in _ALL_ENDINGS:
        if not rest.endswith(ending) or len(rest) == len(ending):
            continue
        body = rest[: len(rest) - len(ending)]
        for stem in _candidates(body, bool(prefix)):
            if len(stem) < 3 and prefix not in _SHORT_STEM_PREFIXES:
                continue
            present = stem if stem in _PRESENT else _PRESENT_ALIAS.get(stem)
            if present is not None and ending in _PRESENT_ENDINGS:
                if not prefix and ending in _PREFIX_ONLY_PRESENT:
                    continue
                if not prefix and present in _NOUN_FIRST and ending in _NOUN_LIKE_ENDINGS:
                    continue
                return present, False
            if stem in _PAST and ending in _PAST_ENDINGS:
                return _PAST[stem], True
    return None


_REGULAR_PAST_ENDINGS = ("and", "an", "am", "em", "ed", "")


def _regular(rest: str, prefix: str) -> tuple[str, bool] | None:
    """(stem, past) of a verb we do not know but whose shape says verb."""
    if prefix in ("ma", "bi"):
        # Prohibitive ма- and subjunctive би- begin too many words ("мард", "бизнес").
        return None
    for ending in _ALL_ENDINGS if prefix in ("me", "name") else _REGULAR_PAST_ENDINGS:
        if not ending and prefix in ("", "me", "name"):
            continue
        if not rest.endswith(ending):
            continue
        body = rest[: len(rest) - len(ending)]
        # Past stems in -ид are regular: "тарсид" -> present "тарс".
        if body.endswith("id") and len(body) >= 5 and _pronounceable(body):
            if prefix or ending == "and":
                return body[:-2], True
        elif prefix in ("me", "name") and ending and len(body) >= 3 and _pronounceable(body):
            return body, False
    return None


def _verb(key: str) -> TajikForm | None:
    for parse in (_known, _regular):
        for prefix, negated in _PREFIXES:
            if not key.startswith(prefix):
                continue
            rest = key[len(prefix) :]
            found = parse(rest, prefix)
            if found is None:
                for clitic in _VERB_CLITICS:
                    if rest.endswith(clitic) and len(rest) > len(clitic) + 2:
                        found = parse(rest[: -len(clitic)], prefix)
                        if found is not None:
                            break
            if found is not None:
                return TajikForm(found[0], negated, True, found[1])
    return None


def _strip_object(word: str) -> str:
    if word.endswith("ro") and word not in _KEEP:
        body = word[:-2]
        if len(body) >= 3:
            return body
        # "корро" is "korro" -> "koro": the stem's own r was collapsed into -ро.
        if len(body) == 2:
            return body + "r"
    return word


def _strip_clitic(word: str) -> str:
    if word in _KEEP:
        return word
    for clitic in _CLITICS:
        body = word[: len(word) - len(clitic)]
        if not word.endswith(clitic) or len(body) < 3:
            continue
        # -ям … follows a vowel ("ҳуҷҷатҳоям"), -ам … a consonant (or a vowel that the
        # skeleton merged: "шиносномаам" -> "shinosnomam").
        if clitic.startswith("y") != (body[-1] in _VOWELS):
            continue
        return body
    return word


def _strip_plural(word: str) -> str:
    if word in _KEEP:
        return word
    body = word[:-2]
    if word.endswith("ho") and len(body) >= 3 and body[-1] not in "scz":
        return body
    if word.endswith("gon") and len(word) >= 7 and word[-4] == "a":
        return word[:-3]
    if word.endswith("yon") and len(word) >= 6 and word[-4] in "iou":
        return word[:-3]
    if word.endswith("on") and (
        body in _ON_NOUNS or (len(body) >= 4 and body.endswith(_AGENT_ENDINGS))
    ):
        return body
    return word


def _final_vowel(word: str) -> str:
    # "шиноснома" and "шиносномаам" (skeleton "shinosnomam") can only meet without the
    # final -а; the same drop takes colloquial object -а ("паспорта") and izofat -и / -ӣ.
    if word in _KEEP:
        return word
    if len(word) >= 4 and word[-1] in "ai" and word[-2] not in _VOWELS:
        return word[:-1]
    return word


def _noun(key: str) -> str:
    word = _strip_object(key)
    stripped = word != key
    body = _strip_clitic(word)
    stripped = stripped or body != word
    if not stripped and body.endswith("i") and len(body) >= 5 and body not in _KEEP:
        # izofat after a plural or a vowel: "ҳуҷҷатҳои", "корфармои"
        body = body[:-1]
    body = _strip_plural(body)
    return _final_vowel(body)


@lru_cache(maxsize=65536)
def tajik_form(key: str) -> TajikForm:
    """The stem of a skeleton key (``skeleton_word`` output) with what its affixes said."""
    folded = _fold(key)
    if len(folded) < 3 or not folded.isalpha() or not folded.isascii() or folded in _KEEP:
        return TajikForm(folded, False, False, False)
    verb = _verb(folded)
    if verb is not None:
        return verb
    return TajikForm(_noun(folded), False, False, False)


def tajik_keys(key: str) -> frozenset[str]:
    """The key itself and its stem, for matching either."""
    return frozenset({key, tajik_form(key).stem})
