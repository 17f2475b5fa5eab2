"""English stems (Snowball) with irregular pasts mapped first, so "took" meets "taking".

The Snowball stemmer handles regular inflection ("locked", "threatening" ->
"lock", "threaten") but leaves irregular forms alone ("took", "kept", "sold"); those
are mapped to their base before stemming. ``english_past`` tells a past form by
shape: -ed, or an irregular past or past participle that differs from its base.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import snowballstemmer

# "base: past and participle forms". Verbs whose past is the base itself ("hit", "cut")
# are listed so that they stem to the base, but they do not make a word past.
_IRREGULAR = """
be: was were been
have: had
do: did done
go: went gone
come: came
get: got gotten
take: took taken
give: gave given
keep: kept
hold: held
withhold: withheld
sell: sold
buy: bought
pay: paid
underpay: underpaid
overpay: overpaid
repay: repaid
leave: left
tell: told
say: said
make: made
bring: brought
catch: caught
fight: fought
beat: beaten
hit: hit
cut: cut
put: put
let: let
shut: shut
hurt: hurt
cost: cost
quit: quit
set: set
burst: burst
throw: threw thrown
break: broke broken
steal: stole stolen
shoot: shot
strike: struck stricken
bite: bitten
hide: hid hidden
run: ran
flee: fled
send: sent
spend: spent
lose: lost
find: found
sleep: slept
eat: ate eaten
drink: drank drunk
feed: fed
know: knew known
think: thought
feel: felt
hear: heard
see: saw seen
stand: stood
understand: understood
sit: sat
drive: drove driven
ride: rode ridden
write: wrote written
speak: spoke spoken
swear: swore sworn
tear: tore torn
wear: wore worn
wake: woke woken
forget: forgot forgotten
forgive: forgave forgiven
forbid: forbade forbidden
become: became
begin: began begun
lead: led
mislead: misled
lend: lent
mean: meant
meet: met
deal: dealt
seek: sought
teach: taught
bind: bound
bleed: bled
burn: burnt
dig: dug
hang: hung
shake: shook shaken
stick: stuck
sweep: swept
weep: wept
win: won
lay: laid
fall: fell fallen
choose: chose chosen
freeze: froze frozen
grow: grew grown
draw: drew drawn
fly: flew flown
ring: rang rung
bend: bent
build: built
creep: crept
sew: sewn
bear: bore borne
"""


def _build() -> Mapping[str, str]:
    forms: dict[str, str] = {}
    for line in _IRREGULAR.strip().splitlines():
        base, _, rest = line.partition(":")
        forms[base] = base
        for form in rest.split():
            forms[form] = base
    return MappingProxyType(forms)


IRREGULAR_PAST: Mapping[str, str] = _build()  # past or participle form -> base

# Words in -ed that are not past forms ("need", "hundred"); -eed words are past only
# when the verb itself ends in -ee ("freed", "agreed").
_NOT_PAST = frozenset(
    "hundred sacred naked wicked kindred hatred ragged rugged wretched beloved crooked "
    "embed seabed infrared bed shed wed red".split()
)
_EED_PAST = frozenset("freed agreed decreed guaranteed refereed disagreed".split())
_VOWELS = frozenset("aeiouy")
# Negated pasts, as typed and as the normaliser writes the apostrophe (U+02BC).
_PAST_CONTRACTIONS = frozenset(
    form for word in "didnt wasnt werent hadnt".split() for form in (word, word[:-2] + "n\u02bct")
)

# Snowball stemmers keep their working string on the instance: one at a time.
_LOCK = threading.Lock()
_STEMMER = snowballstemmer.stemmer("english")


_POSSESSIVE = re.compile(r"(?<=\w)['’ʼ]s$")


@lru_cache(maxsize=50_000)
def english_stem(word: str) -> str:
    """The Snowball stem of a lower-case word, irregular pasts first mapped to the base;
    a possessive is its noun ("poland's" is "poland")."""
    word = _POSSESSIVE.sub("", word)
    base = IRREGULAR_PAST.get(word, word)
    if base in _EED_PAST:
        # Snowball keeps "freed" whole; without its -d it meets "free", "freeing".
        base = base[:-1]
    with _LOCK:
        return str(_STEMMER.stemWord(base))


@lru_cache(maxsize=50_000)
def english_past(word: str) -> bool:
    """Whether a lower-case word is a past tense or past participle form.

    It says nothing about the clause: "I am locked in" has a past participle but is
    happening now, so the caller still has to look at am/is/are versus was/were.
    """
    if word in _PAST_CONTRACTIONS:
        return True
    base = IRREGULAR_PAST.get(word)
    if base is not None:
        return base != word
    if not word.endswith("ed") or len(word) < 4 or word in _NOT_PAST:
        return False
    if word.endswith("eed"):
        return word in _EED_PAST
    return any(char in _VOWELS for char in word[:-2])
