"""The normaliser repairs what people type and folds spellings together for matching."""

from __future__ import annotations

import pytest

from bot.text.normalise import clean, normalise, skeleton


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ЁРӢ!", "ёрӣ"),
        ("  Помогите!!!  ", "помогите"),
        # Legacy-font letters (DOMAIN.md §5.1, attested spellings).
        ("АГАР ЗАН МУЊОЉИР БОШАД", "агар зан муҳоҷир бошад"),
        ("ИСТИМОР ЊАМЧУН МАЌСАДИ САВДОИ КЎДАКОН", "истимор ҳамчун мақсади савдои кӯдакон"),
        ("ѓуломї", "ғуломӣ"),
        # Look-alikes from other Cyrillic alphabets.
        ("һуҹҹат", "ҳуҷҷат"),
        # A combining macron composes (NFC): и + U+0304 -> ӣ.
        ("тоҷики\u0304", "тоҷикӣ"),
        # Latin look-alikes inside a Cyrillic word; a Latin word stays Latin.
        ("pаботa", "работа"),
        ("Pasport", "pasport"),
        # Control and direction characters are dropped, punctuation becomes space.
        ("кумак\x00\u202e!!", "кумак"),
        ("a\tb\nc", "a b c"),
        ("😀😀", ""),
        ("", ""),
        # Latin letters and a zero inside Cyrillic words; letters written one by one.
        ("Работа в зоне CВO", "работа в зоне сво"),
        ("зона СВ0", "зона сво"),
        ("в зоне CBO", "в зоне сво"),
        ("к0нтракт", "контракт"),
        ("С.В.О.", "сво"),
        ("С В О", "сво"),
        ("10тыс", "10тыс"),  # digits with letters that are no look-alike stay
        ("и в а", "и в а"),  # one-letter words are not joined
        ("I am OK", "i am ok"),  # English stays English
    ],
)
def test_normalise(typed: str, expected: str) -> None:
    """Normalised text is repaired, lower-cased and free of punctuation and controls."""
    assert normalise(typed) == expected


def test_clean_keeps_case_and_punctuation() -> None:
    """clean() repairs letters for display but keeps what the person wrote otherwise."""
    assert clean("Ман аз Њисор!") == "Ман аз Ҳисор!"


@pytest.mark.parametrize(
    "spellings",
    [
        # Proper Tajik, Russian keyboard, Latin.
        ("ёрдам", "ёрдам", "yordam", "Yordam!"),
        ("ҳуҷҷат", "хуччат", "hujjat", "xujjat", "Њуљљат"),
        ("шиноснома", "shinosnoma", "ШИНОСНОМА"),
        ("қарз", "карз", "qarz", "karz"),
        ("ғулом", "гулом", "g'ulom", "ghulom", "ѓулом"),
        ("наҷот", "начот", "najot"),
        ("ёрӣ", "ёри", "yori", "ЁРЇ"),
        ("помогите", "pomogite", "ПОМОГИТЕ"),
        ("салом", "salom", "Салом!"),
    ],
)
def test_spellings_share_a_skeleton(spellings: tuple[str, ...]) -> None:
    """Every common way of typing one word folds to the same matching key."""
    keys = {skeleton(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("one", "other"),
    [("кор", "кур"), ("help", "hello"), ("стоп", "старт"), ("бас", "бос")],
)
def test_different_words_stay_apart(one: str, other: str) -> None:
    """Folding is not so lossy that different words meet."""
    assert skeleton(one) != skeleton(other)


def test_digits_never_collapse() -> None:
    """Doubled letters fold, doubled digits do not: 1500 is not 150."""
    assert skeleton("1500 руб") == "1500 rub"
    assert skeleton("ҳуҷҷат") == skeleton("ҳуҷат") == skeleton("hujjat")


def test_huge_and_binary_input() -> None:
    """10,000 characters and binary noise normalise without error."""
    assert normalise("а" * 10_000) == "а" * 10_000
    assert isinstance(skeleton(bytes(range(256)).decode("latin-1")), str)
