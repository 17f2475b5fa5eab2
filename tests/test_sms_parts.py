"""Phone-number normalisation and SMS paging, table-driven."""

from __future__ import annotations

import pytest

from bot.channels.sms.numbers import normalise_number
from bot.channels.sms.paging import paginate
from bot.text.sms import count_segments


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+992931234567", "+992931234567"),
        ("+992 93-123-45-67", "+992931234567"),
        ("00992931234567", "+992931234567"),
        ("992931234567", "+992931234567"),
        ("89161234567", "+79161234567"),
        ("+7 (916) 123-45-67", "+79161234567"),
        ("12345", "12345"),  # a short code
        ("", None),
        ("abc", None),
        ("+1234567890123456789", None),
    ],
)
def test_normalise_number(raw: str, expected: str | None) -> None:
    """Numbers in the shapes gateways send become E.164; junk becomes None."""
    assert normalise_number(raw) == expected


HINT = "Давомаш: БОЗ нависед"
BODY = (
    "Шиносномаи худро ба касе надиҳед. Корфармо ҳуқуқ надорад онро нигоҳ дорад. "
    "Агар гирифтанд, ба милитсия ва сафорат хабар диҳед.\n\nНусхаи ҳуҷҷатҳоро "
    "нигоҳ доред. "
) * 3


@pytest.mark.parametrize("budget", [1, 2, 3])
def test_pages_fit_keep_everything_and_end_with_options(budget: int) -> None:
    """Every page fits; only the last lacks the hint and carries the options; no text lost."""
    pages = paginate(BODY.strip(), "1 Менюи асосӣ\n0 Меню", budget, HINT)
    assert len(pages) > 1
    assert all(count_segments(p.text).segments <= budget for p in pages)
    assert [p.continues for p in pages] == [True] * (len(pages) - 1) + [False]
    assert all(p.text.endswith(HINT) for p in pages[:-1])
    assert pages[-1].text.endswith("1 Менюи асосӣ\n0 Меню")
    joined = "".join(p.text.removesuffix(HINT) for p in pages)
    assert "".join(joined.split()) == "".join((BODY + "1 Менюи асосӣ0 Меню").split())


def test_short_text_is_one_page() -> None:
    """What fits is sent as one SMS with no hint."""
    pages = paginate("Салом", "1 Ҳа", 1, HINT)
    assert [(p.text, p.continues) for p in pages] == [("Салом\n1 Ҳа", False)]


def test_one_huge_word_is_cut_without_loss() -> None:
    """A 500-letter 'word' is cut into pieces that each fit."""
    word = "ҳ" * 500
    pages = paginate(word, "", 1, HINT)
    assert all(count_segments(p.text).segments <= 1 for p in pages)
    assert "".join(p.text.removesuffix("\n" + HINT) for p in pages) == word
