"""First-contact language detection from real-style messages, hints and phone numbers."""

from __future__ import annotations

import pytest

from bot.text.language import detect, detect_from_text, language_from_phone

ALL = ("tg", "ru", "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Tajik with Tajik letters.
        ("Шиносномаамро гирифтанд", "tg"),
        ("ҳуҷҷат", "tg"),
        # Tajik in a legacy font.
        ("МУЊОЉИР", "tg"),
        # Tajik typed on a Russian keyboard: no Tajik letters, Tajik words.
        ("салом", "tg"),
        ("салом алейкум", "tg"),
        ("ба ман кумак лозим", "tg"),
        ("рахмат", "tg"),
        ("ман дар Русия кор мекунам", "tg"),
        # Tajik in Latin.
        ("salom", "tg"),
        ("yordam kerak", "tg"),
        ("man kor mekunam", "tg"),
        ("rahmat", "tg"),
        # Russian, Cyrillic and Latin.
        ("Здравствуйте", "ru"),
        ("помогите мне", "ru"),
        ("у меня забрали паспорт", "ru"),
        ("привет", "ru"),
        ("pomogite", "ru"),
        ("privet", "ru"),
        # Any other Cyrillic is Russian, any other Latin English.
        ("Хорошо", "ru"),
        ("hello", "en"),
        ("I need help with a job offer", "en"),
        # English words outvote a transliterated one; a handle is no word at all.
        ("Come as a tourist, no experience needed. Telegram @israel_rabota", "en"),
        ("We pay every week, pishite v WhatsApp", "en"),
        ("Rabota v Moskve, zarplata 80k, pishite", "ru"),
        ("Kor dar Moskva lozim, maosh 1000", "tg"),
        # Nothing to go on.
        ("123", None),
        ("😀", None),
        ("", None),
    ],
)
def test_detect_from_text(text: str, expected: str | None) -> None:
    """Tajik letters, then Tajik or Russian words, then the script decide."""
    assert detect_from_text(text, ALL) == expected


@pytest.mark.parametrize(
    "greeting",
    [
        "ассаломуалейкум",
        "Ассаломуалайкум!",
        "ассалому алейкум",
        "Ассалому алайкум",
        "ассаламуалейкум",
        "салом алейкум",
        "саломалейкум",
        "салам алейкум",
        "саламалейкум",
        "салам",
        "Салам!",
        "ассалам",
        "ассалям алейкум",
        "ваалейкум ассалом",
        "assalomu alaykum",
        "assalomualaykum",
        "Assalomu aleykum",
        "salam",
        "salom aleykum",
    ],
)
def test_greetings_are_tajik(greeting: str) -> None:
    """The Muslim greeting in any spelling, one word or two, and "салам" are Tajik."""
    assert detect_from_text(greeting, ALL) == "tg"


def test_russian_with_a_greeting_stays_russian() -> None:
    """ "салам" does not outvote a Russian sentence."""
    assert detect_from_text("салам, у меня забрали паспорт", ALL) == "ru"


def test_unsupported_language_is_never_returned() -> None:
    """A deployment without Tajik gets Russian for Cyrillic Tajik text."""
    assert detect_from_text("ҳуҷҷат", ("ru", "en")) != "tg"
    assert detect_from_text("салом", ("ru", "en")) == "ru"


@pytest.mark.parametrize(
    ("number", "expected"),
    [("+992 93 123 4567", "tg"), ("+79161234567", "ru"), ("+44 20 7946 0000", None)],
)
def test_language_from_phone(number: str, expected: str | None) -> None:
    """+992 suggests Tajik, +7 Russian, others nothing."""
    assert language_from_phone(number) == expected


def test_text_beats_hint_beats_phone() -> None:
    """What the person wrote outweighs the platform's language code and the phone."""
    assert detect("салом", supported=ALL, hint="ru") == "tg"
    assert detect("", supported=ALL, hint="ru-RU", phone="+992931234567") == "ru"
    assert detect("", supported=ALL, hint="de", phone="+992931234567") == "tg"
    assert detect("", supported=ALL) is None
