"""Sending rendered replies to Telegram.

Texts go as plain text (no parse_mode): what people paste, quote or type is shown as
written, and no character in any of the three languages can break formatting or make a
message fail. Long texts are split at paragraph, then line, then word boundaries under
Telegram's 4096-character limit; the buttons go with the last part, one per row so long
Tajik and Russian labels stay readable on small screens.
"""

from __future__ import annotations

from contextlib import suppress

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden
from telegram.ext import ExtBot

from bot.channels.errors import ContactUnreachableError
from bot.channels.pacing import Pacer
from bot.channels.render import TelegramMessage
from bot.store.base import StoreError
from bot.store.chat_log import ChatLog

CHANNEL = "telegram"

MAX_MESSAGE_UNITS = 4096  # Telegram counts UTF-16 code units


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> tuple[str, str]:
    """The longest head within ``limit`` ending at the best boundary, and the rest."""
    head = text
    while _units(head) > limit:
        head = head[: max(1, len(head) - (_units(head) - limit))]
    for separator in ("\n\n", "\n", ". ", " "):
        position = head.rfind(separator)
        if position > len(head) // 3:
            end = position + len(separator)
            return text[:end].rstrip(), text[end:].lstrip()
    return head, text[len(head) :]


def split_text(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Parts of ``text``, each within ``limit``, cut at paragraph boundaries if possible."""
    parts: list[str] = []
    rest = text
    while _units(rest) > limit:
        head, rest = _cut(rest, limit)
        parts.append(head)
    if rest or not parts:
        parts.append(rest)
    return parts


def keyboard(message: TelegramMessage) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(button.label, callback_data=button.data)]
            for button in message.buttons
        ]
    )


class TelegramSender:
    def __init__(self, bot: ExtBot[int], pacer: Pacer, chat_log: ChatLog | None = None) -> None:
        self.bot = bot
        self.pacer = pacer
        self.chat_log = chat_log  # every message sent is noted, so /forget can erase it

    async def send(
        self, chat_id: str, message: TelegramMessage, *, record: bool = True
    ) -> list[int]:
        """Send, in parts if long; the message ids Telegram gave the parts."""
        parts = split_text(message.text or "…")
        sent: list[int] = []
        for index, part in enumerate(parts):
            markup = keyboard(message) if index == len(parts) - 1 else None
            await self.pacer.wait(chat_id)
            try:
                result = await self.bot.send_message(
                    chat_id=int(chat_id), text=part, reply_markup=markup
                )
                sent.append(result.message_id)
            except Forbidden as error:
                raise ContactUnreachableError(str(error)) from error
            except BadRequest as error:
                if "chat not found" in str(error).lower():
                    raise ContactUnreachableError(str(error)) from error
                raise
        if record and self.chat_log is not None and sent:
            # Only for erasing the chat later: a failure to note it loses no message.
            with suppress(StoreError):
                await self.chat_log.record(f"{CHANNEL}:{chat_id}", sent)
        return sent
