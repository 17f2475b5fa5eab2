"""The caseworkers' group on Telegram: its updates, turned into desk actions.

In the group configured as ``desk.chat_id`` the bot reads only what concerns cases:
presses of case-card buttons, replies to the bot's case messages (the case thread;
Telegram delivers replies to a bot even with privacy mode on) and the commands
/queue and /breaches. Everything else in the group is ignored. People's own chats
with the bot never reach this module.

Each update is carried out at most once (bot/cases/desk.py): a press is named by its
callback query id, anything else by its update id. A redelivery of one already carried
out is acknowledged and does nothing, not even answer the press again.
"""

from __future__ import annotations

import logging

from telegram import Message, Update, User
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.cases.card import CARD_PREFIX
from bot.cases.desk import Desk, Staff
from bot.channels.telegram.send import split_text

log = logging.getLogger(__name__)
COMMANDS = frozenset({"queue", "breaches"})
WHOAMI = "whoami"
CARD_ACTIONS = frozenset({"claim", "release", "close", "transfer"})  # card_buttons' actions


def card_of(message: Message | None) -> str | None:
    """The case whose card ``message`` is, read from its buttons, or None.

    A card's buttons name its case ("card|claim|C-1001"); a thread question's buttons
    have other actions. It finds a card the store lost track of (``Desk.adopt``).
    """
    markup = message.reply_markup if message is not None else None
    buttons = [b for row in markup.inline_keyboard for b in row] if markup is not None else []
    cases = set()
    for button in buttons:
        parts = str(button.callback_data or "").split("|")
        if len(parts) != 3 or parts[0] != CARD_PREFIX or parts[1] not in CARD_ACTIONS:
            return None
        cases.add(parts[2])
    return cases.pop() if len(cases) == 1 else None


def _staff(user: User) -> Staff:
    return Staff(user.id, user.full_name or str(user.id))


def update_name(update: Update) -> str:
    """What a desk update is remembered by, the same on every delivery of it."""
    query = update.callback_query
    if query is not None:
        return f"telegram-desk:press:{query.id}"
    return f"telegram-desk:update:{update.update_id}"


def is_desk_update(update: Update, desk_chat: int) -> bool:
    if update.callback_query is not None:
        message = update.callback_query.message
        return message is not None and message.chat.id == desk_chat
    message = update.message or update.edited_message
    return message is not None and message.chat.id == desk_chat


async def answer_whoami(bot: ExtBot[int], update: Update) -> bool:
    """/whoami in a group: its id and the sender's, for ``desk.chat_id`` and the lists.

    It is how an organisation sets up its desk, before any desk is configured; it tells
    people only their own ids and the group's, which every member can see anyway.
    """
    message = update.message
    if message is None or message.chat.type == "private" or message.from_user is None:
        return False
    if _command(message.text or "", (WHOAMI,)) is None:
        return False
    text = f"chat_id = {message.chat.id}\nyour user id = {message.from_user.id}"
    await bot.send_message(message.chat.id, text)
    return True


class TelegramDesk:
    def __init__(self, bot: ExtBot[int], desk: Desk, desk_chat: int) -> None:
        self.bot = bot
        self.desk = desk
        self.desk_chat = desk_chat

    async def process(self, update: Update, now: float) -> None:
        name = update_name(update)
        if await self.desk.seen(name):
            log.info("desk update redelivered after it was carried out: ignored")
            return
        query = update.callback_query
        if query is not None:
            await self._adopt(query.message if isinstance(query.message, Message) else None)
            answer = await self._press(query.data or "", _staff(query.from_user), now, name)
            if answer is None:
                return  # a twin delivery carried it out and answers it
            try:
                await self.bot.answer_callback_query(query.id, answer, show_alert=True)
            except TelegramError as error:
                log.info("answerCallbackQuery failed: %s", type(error).__name__)
            return
        message = update.message
        if message is None or message.from_user is None:
            return  # edits and service messages in the group are not case actions
        await self._adopt(message.reply_to_message)
        if message.text:
            await self._message(message, _staff(message.from_user), now, name)
        elif message.reply_to_message is not None:
            # A photo, voice note or file in a case thread: only text is ever relayed.
            replied = message.reply_to_message.message_id
            await self.desk.not_text(_staff(message.from_user), replied, now, update=name)

    async def _adopt(self, message: Message | None) -> None:
        case_id = card_of(message)
        sender = message.from_user if message is not None else None
        if message is not None and case_id is not None and sender and sender.id == self.bot.id:
            await self.desk.adopt(case_id, message.message_id)

    async def _press(self, data: str, staff: Staff, now: float, update: str) -> str | None:
        parts = data.split("|")
        if len(parts) < 3 or parts[0] != CARD_PREFIX:
            return ""
        action, case_id, arg = parts[1], parts[2], parts[3] if len(parts) > 3 else ""
        return await self.desk.press(staff, action, case_id, arg, now, update=update)

    async def _message(self, message: Message, staff: Staff, now: float, update: str) -> None:
        text = message.text or ""
        name = _command(text, COMMANDS)
        if name is not None:
            answer = await self.desk.command(staff, name, now, update=update)
            if answer:
                try:
                    for part in split_text(answer):
                        await self.bot.send_message(self.desk_chat, part)
                except Exception:
                    # Marked before sending, so a twin delivery stays quiet; unmarked
                    # when the answer did not go out, so Telegram's redelivery answers.
                    await self.desk.forget(update)
                    raise
            return
        replied = message.reply_to_message
        if replied is not None:
            await self.desk.message(staff, replied.message_id, text, now, update=update)


def _command(text: str, known: frozenset[str] | tuple[str, ...]) -> str | None:
    """ "/queue" or "/breaches@safar_bot"; anything else (a "//" note) is not a command."""
    words = text.split()
    if not words or not words[0].startswith("/"):
        return None
    name = words[0][1:].split("@")[0].lower()
    return name if name in known else None
