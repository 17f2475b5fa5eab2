"""Which words a negation covers, NegEx-style (Chapman et al. 2001), in tg, ru and en.

A cue negates the words after it (and Tajik "нест" the words before it) up to a few
words, never past the end of its clause: in "not locked in, but they keep my
passport" the "not" covers "locked in" and stops at the comma and "but". Tajik verbs
carry their own negation (на-, наме-); the stemmer keeps it on the token: the lexicon
compares it word by word, and here a negated verb also denies the words just before it
(a compound verb: "қулф накарданд", they did not lock).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.text.normalise import skeleton
from bot.understanding.tokens import Token

FORWARD_WINDOW = 5
BACKWARD_WINDOW = 3


def _keys(words: str) -> frozenset[str]:
    return frozenset(skeleton(w) for w in words.split())


# Cyrillic cues are compared by skeleton (so "ҳеҷ" and "хеч" meet); Latin ones as typed
# apart from the apostrophe, because the skeleton of English "no" is Russian "но" (but).
_FORWARD = _keys("не нет ни никто никого никому никогда ничего нигде без ҳеҷ ҳеч ҳеҷкас бе набояд")
_FORWARD_LATIN = frozenset(
    "not no never nobody noone nothing none without neither nor dont doesnt didnt wont cant "
    "cannot isnt arent wasnt werent havent hasnt hadnt ne net nikto nikogda nichego bez "
    "hech hich".split()
)
# Russian "нет" after a noun denies it too: "предоплаты нет", "залога нет" (no deposit).
_BACKWARD = _keys("нест нестам нестем нестанд набуд надорад нет") | {
    "nest",
    "nestam",
    "nestem",
    "nestand",
    "nabud",
}
# Phrases that look negative but negate nothing after them.
_PSEUDO = tuple(
    tuple(skeleton(p).split())
    for p in (
        "не знаю",
        "не знаем",
        "не понимаю",
        "не только",
        "не могу понять",
        "no matter",
        "not only",
        "not sure",
        "dont know",
        "no longer",
        "нет ли",
    )
)


# The light verbs of Tajik compound verbs (кардан, шудан, доштан): "қулф накарданд".
_LIGHT_VERBS = frozenset({"tg:kun", "tg:shav", "tg:dor"})


def _negated_light_verb(token: Token) -> bool:
    return token.forms.tajik_negated and bool(token.keys & _LIGHT_VERBS)


def _is_forward(token: Token) -> bool:
    latin = token.surface.replace("\u02bc", "")  # the normaliser's apostrophe: "donʼt"
    if latin.isascii():
        return latin in _FORWARD_LATIN
    return token.key in _FORWARD


# Tajik negative concord: "ҳеҷ хабар нест" (no news at all), "ҳеҷ кас намезанад" (nobody
# beats): "ҳеҷ" only strengthens the negation that follows; it denies nothing itself.
_CONCORD = _keys("ҳеҷ ҳеч ҳеҷкас ҳеҷ-кас") | {"hech", "hich", "hechkas"}


def _concord(tokens: list[Token], i: int, ahead: list[int]) -> bool:
    if tokens[i].key not in _CONCORD and tokens[i].surface not in _CONCORD:
        return False
    return any(tokens[j].key in _BACKWARD or tokens[j].forms.tajik_negated for j in ahead)


def _is_pseudo(tokens: list[Token], i: int) -> bool:
    return any(tuple(t.key for t in tokens[i : i + len(p)]) == p for p in _PSEUDO)


@dataclass(frozen=True)
class Scope:
    cue: int  # the cue's position
    covers: frozenset[int]


def scopes(tokens: list[Token]) -> tuple[Scope, ...]:
    """Every negation cue in the text and the positions it covers."""
    found = []
    for i, token in enumerate(tokens):
        if _is_forward(token) and not _is_pseudo(tokens, i):
            ahead = range(i + 1, min(i + 1 + FORWARD_WINDOW, len(tokens)))
            covers = [j for j in ahead if tokens[j].clause == token.clause]
            if _concord(tokens, i, covers):
                continue
        elif token.key in _BACKWARD or _negated_light_verb(token):
            # Tajik "нест" and a negated light verb deny what stands before them:
            # "қулф накарданд" (they did not lock), "пул нест" (there is no money).
            behind = range(i - 1, max(i - 1 - BACKWARD_WINDOW, -1), -1)
            covers = [j for j in behind if tokens[j].clause == token.clause]
        else:
            continue
        found.append(Scope(i, frozenset(covers)))
    return tuple(found)


def is_negated(found: tuple[Scope, ...], span: range, own: frozenset[int]) -> bool:
    """Whether a cue that is not one of the match's own words covers a word of it.

    A term's own "не" ("не выпускают") is its meaning; a "не" between the two halves of
    a pair ("меня не бьют") denies it.
    """
    return any(scope.cue not in own and scope.covers.intersection(span) for scope in found)
