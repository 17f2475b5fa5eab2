"""/forget on Telegram also erases the chat on the person's phone, as far as Telegram
lets a bot: every message of the last 48 hours, the bot's and the person's, is deleted
(``deleteMessages``, up to 100 at a time). Then one message is left on the screen: a
harmless greeting when everything could go, or, when some could not (the chat began
more than 48 hours ago, or Telegram refused), how to delete the chat themselves.
"""

from __future__ import annotations

import logging
import time
from contextlib import suppress

from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.channels.render import TelegramMessage
from bot.channels.telegram.send import TelegramSender
from bot.engine.model import Text
from bot.i18n.catalogs import Catalogs
from bot.i18n.marker import N_
from bot.i18n.render import translate
from bot.store.base import StoreError
from bot.store.chat_log import UNKNOWN, ChatLog

log = logging.getLogger(__name__)
BATCH = 100  # deleteMessages takes at most 100 ids
QUICK_EXIT = N_("Hello! 👋")
ERASE_INCOMPLETE = N_(
    "Some older messages could not be deleted. To remove them: open the chat menu (⋮) and"
    " choose Delete chat."
)


async def erase_chat(
    bot: ExtBot[int],
    sender: TelegramSender,
    chat_log: ChatLog,
    *,
    catalogs: Catalogs,
    contact_key: str,
    chat_id: str,
    language: str,
    forgetting: bool = True,
) -> bool:
    """Delete what can be deleted; True when nothing of the chat was left behind.

    ``forgetting`` False is the quick exit: the person stays known, so the chat's record
    goes on (what was left behind still counts as the chat's beginning, and the
    greeting is noted, to be erased by a later /forget)."""
    record = await chat_log.take(contact_key)
    ids = record.ids
    complete = record.wholly_deletable(time.time())
    for start in range(0, len(ids), BATCH):
        try:
            complete &= bool(await bot.delete_messages(int(chat_id), ids[start : start + BATCH]))
        except TelegramError as error:
            log.info("deleteMessages refused: %s", type(error).__name__)
            complete = False
    last = QUICK_EXIT if complete else ERASE_INCOMPLETE
    text = translate(catalogs, language, Text(last))
    if not forgetting and not complete:
        # What is left still counts as the chat's beginning, for a later /forget.
        with suppress(StoreError):
            await chat_log.restore_since(contact_key, record.since or UNKNOWN)
    try:
        # Forgotten, nothing new is kept; after a quick exit the greeting is noted.
        await sender.send(chat_id, TelegramMessage(text), record=not forgetting)
    except TelegramError as error:
        log.info("the last message after an erase was not sent: %s", type(error).__name__)
    return complete
