"""The Tajik stemmer lets spellings and inflections meet and keeps the negation it strips."""

from __future__ import annotations

import time

import pytest

from bot.text.normalise import normalise, skeleton_word
from bot.understanding.tajik import TajikForm, tajik_form, tajik_keys


def form(typed: str) -> TajikForm:
    return tajik_form(skeleton_word(normalise(typed)))


# (as typed, stem, negated, verb, past). Proper Cyrillic, Russian keyboard (ҳ->х, қ->к,
# ҷ->ч, ӯ->у, ӣ->и, ғ->г) and Latin spellings of the same word share a row's stem.
VERBS = [
    # present with ме-, all persons and colloquial endings
    ("мезананд", "zan", False, True, False),
    ("мезанан", "zan", False, True, False),
    ("mezanand", "zan", False, True, False),
    ("мезанад", "zan", False, True, False),
    ("мезанам", "zan", False, True, False),
    ("мезанӣ", "zan", False, True, False),
    ("мезанем", "zan", False, True, False),
    ("мезанед", "zan", False, True, False),
    ("мекунанд", "kun", False, True, False),
    ("mekunem", "kun", False, True, False),
    ("мегиранд", "gir", False, True, False),
    ("мекушанд", "kush", False, True, False),
    ("мемирам", "mir", False, True, False),
    ("метарсам", "tars", False, True, False),
    ("метарсонанд", "tarson", False, True, False),
    ("мегӯянд", "gu", False, True, False),
    ("мегуянд", "gu", False, True, False),
    ("меоянд", "o", False, True, False),
    ("мекушоянд", "kusho", False, True, False),
    ("мешад", "shav", False, True, False),
    ("мехоҳам", "hoh", False, True, False),
    ("мехохам", "hoh", False, True, False),
    ("mexoham", "hoh", False, True, False),
    ("мегирям", "giry", False, True, False),  # cry, not "take"
    ("мефурӯшанд", "furush", False, True, False),
    ("мепоянд", "poy", False, True, False),
    # negated present: наме-
    ("намезананд", "zan", True, True, False),
    ("намезанан", "zan", True, True, False),
    ("намемонанд", "mon", True, True, False),
    ("намемонан", "mon", True, True, False),
    ("namemonand", "mon", True, True, False),
    ("намедиҳанд", "dih", True, True, False),
    ("намедиханд", "dih", True, True, False),
    ("намедихан", "dih", True, True, False),
    ("namedihand", "dih", True, True, False),
    ("намегузоранд", "guzor", True, True, False),
    ("nameguzorand", "guzor", True, True, False),
    ("наметавонам", "tavon", True, True, False),
    ("намедонам", "don", True, True, False),
    ("намеша", "shav", True, True, False),
    ("намепардозанд", "pardoz", True, True, False),
    # simple past, perfect, participle, past continuous
    ("заданд", "zan", False, True, True),
    ("зад", "zan", False, True, True),
    ("задан", "zan", False, True, True),
    ("zadand", "zan", False, True, True),
    ("гирифтанд", "gir", False, True, True),
    ("гирифтан", "gir", False, True, True),
    ("giriftand", "gir", False, True, True),
    ("гирифтаанд", "gir", False, True, True),
    ("гирифтааст", "gir", False, True, True),
    ("гирифта", "gir", False, True, True),
    ("гифтан", "gir", False, True, True),  # colloquial гирифтан
    ("доданд", "dih", False, True, True),
    ("додаанд", "dih", False, True, True),
    ("куштанд", "kush", False, True, True),
    ("кушт", "kush", False, True, True),
    ("карданд", "kun", False, True, True),
    ("кардаанд", "kun", False, True, True),
    ("фурӯхтанд", "furush", False, True, True),
    ("фурухтанд", "furush", False, True, True),
    ("furuxtand", "furush", False, True, True),
    ("фирефтанд", "fireb", False, True, True),
    ("тарсонданд", "tarson", False, True, True),
    ("буданд", "bosh", False, True, True),
    ("бурданд", "bar", False, True, True),
    ("рафтам", "rav", False, True, True),
    ("мерафтанд", "rav", False, True, True),
    ("бастанд", "band", False, True, True),
    ("гурехтам", "gurez", False, True, True),
    ("боздоштанд", "bozdor", False, True, True),
    ("хӯрдем", "hur", False, True, True),
    ("пурсиданд", "purs", False, True, True),
    ("мефаҳмиданд", "fahm", False, True, True),
    # negated past: на-
    ("назаданд", "zan", True, True, True),
    ("nazadand", "zan", True, True, True),
    ("нагирифт", "gir", True, True, True),
    ("нагузоштанд", "guzor", True, True, True),
    ("надоданд", "dih", True, True, True),
    ("нашуд", "shav", True, True, True),
    ("наомад", "o", True, True, True),
    ("наёмад", "o", True, True, True),
    ("нафаҳмидам", "fahm", True, True, True),
    ("надоранд", "dor", True, True, False),
    # imperative and prohibitive
    ("бизанед", "zan", False, True, False),
    ("бигиред", "gir", False, True, False),
    ("биёед", "o", False, True, False),
    ("матарсед", "tars", True, True, False),
    ("мазанед", "zan", True, True, False),
    ("кунед", "kun", False, True, False),
    # pronoun clitics on verbs: "they beat me", "they took it"
    ("задандам", "zan", False, True, True),
    ("гирифтандаш", "gir", False, True, True),
    ("мезанандамон", "zan", False, True, False),
    # a stem that itself begins with на- keeps it and is not negated
    ("навиштанд", "navis", False, True, True),
    ("намоед", "namo", False, True, False),
    ("намудаанд", "namo", False, True, True),
]

NOUNS = [
    # possessive clitics, object -ро, plural -ҳо, izofat -и
    ("паспортамро", "pasport"),
    ("pasportamro", "pasport"),
    ("паспортам", "pasport"),
    ("паспорта", "pasport"),  # colloquial object -а
    ("паспорти", "pasport"),
    ("ҳуҷҷатҳоямро", "huchat"),
    ("хуччатхоямро", "huchat"),
    ("hujjathoyamro", "huchat"),
    ("xujjathoyamro", "huchat"),
    ("ҳуҷҷатҳоро", "huchat"),
    ("ҳуҷҷатҳои", "huchat"),
    ("ҳуҷҷат", "huchat"),
    ("шиносномаамро", "shinosnom"),
    ("шиносномаро", "shinosnom"),
    ("шиноснома", "shinosnom"),
    ("shinosnomaamro", "shinosnom"),
    ("телефонамро", "telefon"),
    ("телефонаш", "telefon"),
    ("муздамонро", "muzd"),
    ("пулро", "pul"),
    ("пула", "pul"),
    ("пулашонро", "pul"),
    ("корро", "kor"),
    ("корфармоям", "korfarmo"),
    ("корфармоён", "korfarmo"),
    ("қулф", "kulf"),
    ("kulf", "kulf"),
    ("qulf", "kulf"),
    # plurals of people
    ("одамон", "odam"),
    ("занонро", "zan"),
    ("кӯдакон", "kudak"),
    ("бачагон", "bach"),
    ("бачаҳо", "bach"),
    ("қурбониён", "kurbon"),
    ("одамфурӯшон", "odamfurush"),
    ("коргарон", "korgar"),
    # a present-stem homograph that is mostly a noun stays a noun
    ("занам", "zan"),
    ("хонаам", "hon"),
]

# Words that must come back unstripped, not negated and not verbs (or, for the
# suffixed ones, with only the true suffix gone).
UNTOUCHED = [
    "наҷот",
    "начот",
    "najot",
    "намоз",
    "нав",
    "нон",
    "бинӣ",
    "меҳмон",
    "мехмон",
    "mehmon",
    "модар",
    "бизнес",
    "навбат",
    "назар",
    "намак",
    "нафас",
    "нафар",
    "мадад",
    "мард",
    "марг",
    "макон",
    "меҳнат",
    "одам",
    "ёрдам",
    "танҳо",
    "зиндон",
    "забон",
    "метро",
    "бисёр",
    "назорат",
    "наврас",
    "маҳкам",
    "наздик",
    "монанд",
    "барои",
    "маош",
    "калид",
    "таҳдид",
    "нест",
]


@pytest.mark.parametrize(("typed", "stem", "negated", "verb", "past"), VERBS)
def test_verb_forms(typed: str, stem: str, negated: bool, verb: bool, past: bool) -> None:
    assert form(typed) == TajikForm(stem, negated, verb, past)


@pytest.mark.parametrize(("typed", "stem"), NOUNS)
def test_noun_forms(typed: str, stem: str) -> None:
    assert form(typed) == TajikForm(stem, False, False, False)


@pytest.mark.parametrize("typed", UNTOUCHED)
def test_words_that_only_look_inflected(typed: str) -> None:
    key = skeleton_word(normalise(typed)).replace("chch", "ch")
    assert form(typed) == TajikForm(key, False, False, False)


@pytest.mark.parametrize(
    ("typed", "stem"),
    [
        # Suffix-like endings go only when what they leave is a word we can trust.
        ("наша", "nash"),  # "drugs" / Russian "our": не "на-" + "ш(ав)"
        ("наш", "nash"),
        ("назад", "nazad"),  # Russian "back", not "did not beat"
        ("зани", "zan"),
        ("хона", "hon"),
        ("мардон", "mard"),
    ],
)
def test_never_negated(typed: str, stem: str) -> None:
    assert form(typed) == TajikForm(stem, False, False, False)


def test_scripts_meet() -> None:
    spellings = ["намедиҳанд", "намедиханд", "namedihand", "namedixand"]
    assert {form(s) for s in spellings} == {TajikForm("dih", True, True, False)}


def test_past_and_present_of_a_verb_share_the_present_stem() -> None:
    pairs = [("мезананд", "заданд"), ("мегиранд", "гирифтанд"), ("медиҳанд", "доданд")]
    for present, past in pairs:
        assert form(present).stem == form(past).stem
        assert not form(present).past
        assert form(past).past


def test_keys_hold_the_key_and_its_stem() -> None:
    assert tajik_keys("pasportamro") == frozenset({"pasportamro", "pasport"})
    assert tajik_keys("kulf") == frozenset({"kulf"})


def test_short_and_non_letter_keys_come_back_as_they_are() -> None:
    for key in ("", "ba", "mo", "12", "ko2"):
        assert tajik_form(key) == TajikForm(key, False, False, False)


def test_a_message_takes_well_under_a_millisecond_once_warm() -> None:
    text = (
        "ман дар Маскав кор мекунам корфармо шиносномаамро гирифт ва пулро намедиҳад "
        "моро мезананд ва аз хона берун намемонанд ҳуҷҷатҳоямро гирифтанд ёрдам диҳед "
        "илтимос мо даҳ нафар ҳастем ва хӯрок намедиҳанд маро куштан мехоҳанд агар "
        "гурезем телефонҳоямонро гирифтанд ва ба касе занг задан намегузоранд"
    )
    keys = [skeleton_word(w) for w in normalise(text).split()]
    assert len(keys) >= 40
    for key in keys:
        tajik_form(key)
    start = time.perf_counter()
    for key in keys:
        tajik_form(key)
    assert time.perf_counter() - start < 0.001
