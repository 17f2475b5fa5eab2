"""Splitting long texts for Telegram, button layout, and per-chat pacing."""

from __future__ import annotations

from bot.channels.pacing import Pacer
from bot.channels.render import Button, TelegramMessage
from bot.channels.telegram.send import MAX_MESSAGE_UNITS, keyboard, split_text


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_short_text_is_one_part() -> None:
    """A text under the limit is sent as it is."""
    assert split_text("Салом!") == ["Салом!"]


def test_long_text_splits_at_paragraphs_under_the_limit() -> None:
    """Parts end at paragraph boundaries and each fits 4096 UTF-16 units."""
    paragraph = "Шиносномаи худро ба касе надиҳед. " * 20
    text = "\n\n".join([paragraph.strip()] * 12)
    parts = split_text(text)
    assert len(parts) > 1
    assert all(_units(part) <= MAX_MESSAGE_UNITS for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert "".join(p.replace("\n", "") for p in parts) == text.replace("\n", "")


def test_text_without_boundaries_and_emoji_still_fits() -> None:
    """One 10,000-character word of emoji (two units each) is cut safely."""
    parts = split_text("😀" * 5000)
    assert all(_units(part) <= MAX_MESSAGE_UNITS for part in parts)
    assert "".join(parts) == "😀" * 5000


def test_buttons_one_per_row() -> None:
    """Long Tajik labels get a row each."""
    message = TelegramMessage("?", (Button("Рақамҳои таъҷилӣ", "a|b"), Button("Забон", "a|c")))
    markup = keyboard(message)
    assert markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [["a|b"], ["a|c"]]
    assert keyboard(TelegramMessage("?")) is None


async def test_pacer_allows_a_burst_then_one_per_second() -> None:
    """Three messages go at once; the fourth waits a second; other chats do not wait."""
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    pacer = Pacer(burst=3, per_second=1.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        await pacer.wait("chat-1")
    assert slept == []
    await pacer.wait("chat-1")
    assert slept == [1.0]
    await pacer.wait("chat-2")
    assert slept == [1.0]
    now[0] = 10.0
    await pacer.wait("chat-1")
    assert slept == [1.0]
