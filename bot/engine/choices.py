"""Which choice a typed answer means: exact names, yes and no, then close spellings.

A typed answer (not a number, not a button) is read against the choices of the node
the conversation waits at, in this order:

1. **Exact**: the whole message is a name of one choice: its label in any language
   (and its SMS label), its id or one of its ``keywords``, compared as skeletons
   (bot/text/normalise.py), so "Туркия", "turkiya", "Турция" and "пасспорт" for
   "Passport" need no fuzz at all.
2. **Yes or no**: on a yes/no question (a node whose choices carry ``means = "yes"``
   and ``means = "no"``), any yes or no word of flows/answers.toml ("ҳа", "да", "ok",
   "нест", "nope", ...) chooses that choice, whatever its button says.
3. **Close spelling**: a typo of a name, or of one word of a name ("kazakstan",
   "интернэт"), scored with rapidfuzz's ``fuzz.ratio`` (an edit similarity, 0-100) on
   the same skeletons. One choice must clearly win: its score at least ``SURE`` is
   taken, one between ``UNSURE`` and ``SURE`` is asked about first ("Did you mean:
   Türkiye?"), and either way it must beat every other choice by ``MARGIN``.

The cut-offs, on skeletons (where ҳ/х, қ/к, doubled letters and Latin spellings have
already met, so what is left is a real typo):

* ``fuzz.ratio`` is 2·matches / (len a + len b). One wrong letter in a word of n
  letters scores (n-1)/n: 75 for 4 letters, 80 for 5, 86 for 7, 90 for 10; one letter
  missing or extra scores 2n/(2n+1): 89 for 4, 91 for 5, 93 for 7.
* ``SURE = 90``: a letter left out or added in a word of five letters or more, or one
  wrong letter in ten, is taken without asking.
* ``UNSURE = 80``: one wrong letter in five to nine letters ("казакстан", 89) is asked
  about. Below 80 nothing is offered: one wrong letter in four ("стоп"/"стап", 75) is
  as likely another word as a typo, and two wrong letters in seven (71) already read
  as a different word.
* ``MARGIN = 10``: the winner must be at least one typo (about ten points in a word of
  eight to ten letters) closer than the next choice, or nothing is chosen.
* Words of three letters or fewer are never fuzzy ("бас"/"бос", "кор"/"кур" stay
  apart): they are too short for one letter to be a typo rather than another word. A
  message must have a word of four letters or more, and only names of four letters or
  more are compared.
* Digits never fuzzy-match: a number presses a button by its position (step.py), and
  "1500" is not "150".
* A word is never matched to its own negation. A word that a negation governs is
  never matched alone ("знаю" is not "Не знаю", "советы" not "Без советов",
  "маслиҳат" not "Маслиҳат лозим нест", but "удалить" is "Удалить, не отправлять");
  a name with a negative prefix ("Сейчас небезопасно") only by a word with the same
  prefix ("небезопасно", never "сейчас"); and a text is compared with a whole name
  only if both have the same negations ("незнаю" is "Не знаю", "безопасно" is not
  "небезопасно", "хатар" not "бехатар").
* Only short messages (``MAX_WORDS``) are read fuzzily: a long message is an account
  or a pasted offer, for the node's fallback or the safety listener.
* Russian is mostly typed with е for ё: a name with ё is also known with е.

A close spelling is weaker evidence than the person's own words: the safety checks
(emergency words, the safety listener) count only exact names, yes/no and numbers as
an answer (step.py ``match_option``), so "помощь" is a plea, not "Номера помощи". On a
node with a fallback (a search), an unsure reading asks only if the search finds
nothing.

An unsure reading becomes a question. The engine keeps the choice it asks about in
the session variable ``CONFIRM_VAR``; the next message answers it ("ҳа", "да", "yes",
1 or the button: that choice; "не", "no", 2: the node's question again) or, if it is
anything else, is read as a fresh answer. The variable never outlives that message.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rapidfuzz import fuzz

from bot.engine.model import Node, Option, Say, Text
from bot.i18n.marker import N_
from bot.text.normalise import skeleton

YES = "yes"
NO = "no"
MEANINGS = (YES, NO)
FUZZY = "fuzzy"  # how a close spelling was read

SURE = 90.0
UNSURE = 80.0
MARGIN = 10.0
MIN_LETTERS = 4  # shorter words are matched exactly or not at all
MAX_WORDS = 4  # longer messages are never read fuzzily

# The choice a "Did you mean" question asks about, kept for the next message only.
CONFIRM_VAR = "_confirm"
# The "No" button of that question: the node's own question again.
REASK_KEY = "_no"

DID_YOU_MEAN = N_("Did you mean: {label}?")
YES_LABEL = Text(N_("Yes"))
NO_LABEL = Text(N_("No"))

# Negation words (as skeletons) of tg, ru and en that come before what they negate...
_NEGATIONS_BEFORE = frozenset(
    skeleton(w) for w in "не нет ни на нахайр без бе no not nope nah without none never".split()
)
# ... and after it (Tajik "нест": "маслиҳат лозим нест" is "no advice needed").
_NEGATIONS_AFTER = frozenset({skeleton("нест")})
_NEGATIONS = _NEGATIONS_BEFORE | _NEGATIONS_AFTER
# Negative prefixes (ru не-, без-; tg на-, не-, бе-), longest first, as skeletons.
_NEGATIVE_PREFIXES = ("nebez", "bez", "ne", "na", "ni", "be")


class AnswersError(ValueError):
    """The yes and no words cannot be used; the message says which word and why."""


def _fold(key: str) -> str:
    """A skeleton without accents, so that "Türkiye" and "turkiye" meet."""
    decomposed = unicodedata.normalize("NFKD", key)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def key_of(text: str) -> str:
    """The matching key of a text: its skeleton, accents dropped."""
    return _fold(skeleton(text))


@dataclass(frozen=True)
class Answers:
    """The yes and no words, as matching keys (flows/answers.toml)."""

    yes: frozenset[str] = frozenset()
    no: frozenset[str] = frozenset()
    listed: tuple[tuple[str, str], ...] = ()  # (meaning, word) as written, for messages

    @classmethod
    def from_words(cls, yes: Iterable[str], no: Iterable[str]) -> Answers:
        yes_keys = {key_of(w): w for w in yes if key_of(w)}
        no_keys = {key_of(w): w for w in no if key_of(w)}
        both = sorted(set(yes_keys) & set(no_keys))
        if both:
            key = both[0]
            msg = f"{yes_keys[key]!r} (yes) and {no_keys[key]!r} (no) are one word to the matcher"
            raise AnswersError(msg)
        listed = tuple((YES, w) for w in yes_keys.values()) + tuple(
            (NO, w) for w in no_keys.values()
        )
        return cls(frozenset(yes_keys), frozenset(no_keys), listed)

    @classmethod
    def from_table(cls, data: Mapping[str, Any]) -> Answers:
        """From the TOML tables ``[yes]`` and ``[no]``, each a list of words per language."""
        extra = sorted(set(data) - set(MEANINGS))
        if extra:
            raise AnswersError(f"unknown section [{extra[0]}] (known: [yes], [no])")
        found: dict[str, list[str]] = {}
        for meaning in MEANINGS:
            table = data.get(meaning, {})
            if not isinstance(table, dict) or not all(
                isinstance(words, list) and all(isinstance(w, str) for w in words)
                for words in table.values()
            ):
                raise AnswersError(f"[{meaning}] must map a language to a list of words")
            found[meaning] = [w for words in table.values() for w in words]
        return cls.from_words(found[YES], found[NO])

    def meaning(self, text: str) -> str | None:
        """ "yes", "no" or None: the whole message, or only yes words or only no words."""
        key = key_of(text)
        if not key:
            return None
        for meaning, keys in ((YES, self.yes), (NO, self.no)):
            if key in keys or all(token in keys for token in key.split()):
                return meaning
        return None

    def words(self) -> Iterator[tuple[str, str]]:
        """(meaning, word) of every word, as written in the file."""
        yield from self.listed


def load_answers(path: Path) -> Answers:
    """flows/answers.toml; no file means no yes or no words (only labels answer)."""
    if not path.exists():
        return Answers()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise AnswersError(f"cannot be read: {error}") from error
    return Answers.from_table(data)


@dataclass(frozen=True)
class Named:
    """A choice and its names: exact ones (labels, id, keywords) and fuzzy ones."""

    key: str
    exact: frozenset[str]
    fuzzy: frozenset[str]

    @classmethod
    def of(cls, key: str, labels: Iterable[str], others: Iterable[str] = ()) -> Named:
        """``labels`` and keywords are matched exactly and fuzzily; ``others`` (ids) exactly."""
        folded = {_fold(n) for n in labels}
        # Russian is mostly typed with е for ё: "ребенок" is "Ребёнок".
        fuzzy = frozenset(folded | {n.replace("yo", "e") for n in folded if "yo" in n}) - {""}
        return cls(key, fuzzy | (frozenset(_fold(n) for n in others) - {""}), fuzzy)


@dataclass(frozen=True)
class Reading:
    """What a typed answer means on one node."""

    key: str | None = None  # the choice meant, for sure
    unsure: str | None = None  # a choice it probably means: ask first
    how: str = ""  # "exact", "yes", "no", "fuzzy": for tests and logs


NOTHING = Reading()


def meanings(node: Node) -> Mapping[str, str]:
    """{"yes": choice id, "no": choice id} of a yes/no question (empty otherwise)."""
    return MappingProxyType({c.means: c.id for c in node.choices if c.means})


def read(
    text: str,
    named: Sequence[Named],
    answers: Answers,
    means: Mapping[str, str] = MappingProxyType({}),
) -> Reading:
    """The choice a typed message means, if any (numbers are read by the caller)."""
    key = key_of(text)
    if not key:
        return NOTHING
    for choice in named:
        if key in choice.exact:
            return Reading(choice.key, how="exact")
    meaning = answers.meaning(text) if means else None
    if meaning is not None and meaning in means:
        return Reading(means[meaning], how=meaning)
    return _closest(key, named)


def _long_enough(word: str) -> bool:
    return len(word) >= MIN_LETTERS and not any(char.isdigit() for char in word)


def _prefix(word: str) -> str:
    return next((p for p in _NEGATIVE_PREFIXES if word.startswith(p)), "")


def _markers(words: Sequence[str]) -> frozenset[str]:
    """The negations in a text: its negation words and negative prefixes, so that "не
    знаю" and "незнаю" agree and "безопасно" and "небезопасно" do not."""
    return frozenset(w if w in _NEGATIONS else _prefix(w) for w in words) - {""}


def _free_words(words: Sequence[str], typed: str) -> list[str]:
    """The words of a name that the typed word may match alone: none a negation governs.

    "Удалить, не отправлять" may be chosen by "удалить", never by "отправлять", and
    "Ҳозир бехатар нест" by none of its words. A name with a negative prefix ("Сейчас
    небезопасно", "Нест кунед, нафиристед") only by a word with the same prefix
    ("небезопасно", "нафиристед"), never by "сейчас".
    """
    prefix = _prefix(typed)
    if not prefix and any(_prefix(w) for w in words if w not in _NEGATIONS):
        return []
    free = []
    for i, word in enumerate(words):
        before, after = set(words[:i]), set(words[i + 1 :])
        if word in _NEGATIONS or before & _NEGATIONS_BEFORE or after & _NEGATIONS_AFTER:
            continue
        if _prefix(word) == prefix:
            free.append(word)
    return free


def score(typed: str, name: str) -> float:
    """How close a typed key is to a name: the whole name, or one word of it."""
    typed_words, name_words = typed.split(), name.split()
    if not any(_long_enough(w) for w in typed_words) or any(c.isdigit() for c in typed):
        return 0.0
    best = 0.0
    if len(name.replace(" ", "")) >= MIN_LETTERS and _markers(typed_words) == _markers(name_words):
        best = fuzz.ratio(typed, name)
    if len(typed_words) == 1 and len(name_words) > 1:
        for word in _free_words(name_words, typed):
            if _long_enough(word):
                best = max(best, fuzz.ratio(typed, word))
    return best


def _closest(key: str, named: Sequence[Named]) -> Reading:
    if len(key.split()) > MAX_WORDS:
        return NOTHING
    scores = sorted(
        ((max((score(key, n) for n in c.fuzzy), default=0.0), c.key) for c in named),
        reverse=True,
    )
    if not scores or scores[0][0] < UNSURE:
        return NOTHING
    best, winner = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if best - runner_up < MARGIN:
        return NOTHING
    if best >= SURE:
        return Reading(winner, how=FUZZY)
    return Reading(unsure=winner, how=FUZZY)


def confirmation(node: Node, option: Option) -> Say:
    """ "Did you mean: {label}?" with Yes (that choice) and No (ask again)."""
    return Say(
        (Text(DID_YOU_MEAN, params=MappingProxyType({"label": option.label})),),
        (Option(option.key, YES_LABEL), Option(REASK_KEY, NO_LABEL)),
        node=node.ref,
    )


def confirmed(text: str, answers: Answers) -> str | None:
    """The answer to a "Did you mean" question: "yes", "no", or None (a fresh message)."""
    plain = key_of(text)
    if plain.isdigit():
        return {1: YES, 2: NO}.get(int(plain))
    return answers.meaning(text)
