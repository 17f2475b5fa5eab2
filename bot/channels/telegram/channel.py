"""The Telegram channel: one update in, the conversation stepped, replies sent.

Replies go through the courier: kept with the session change, sent under the person's
lock, deferred to a per-person queue when the Bot API fails (``bot.courier``).

Shared by long polling and the webhook route, so both behave identically.
"""

from __future__ import annotations

import logging
import time
from contextlib import suppress
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.channels.ordering import KeyedSerializer
from bot.channels.telegram.courier import TelegramCourier
from bot.channels.telegram.desk import TelegramDesk, answer_whoami, is_desk_update
from bot.channels.telegram.erase import erase_chat
from bot.channels.telegram.parse import Parsed, parse_update
from bot.channels.telegram.send import TelegramSender
from bot.channels.telegram.wire import MalformedUpdateError, checked_update
from bot.conversation import Conversation
from bot.server.metrics import Metrics
from bot.store.base import StoreError
from bot.store.chat_log import ChatLog
from bot.store.deferred import DeferredReplies

log = logging.getLogger(__name__)


class TelegramChannel:
    def __init__(
        self,
        bot: ExtBot[int],
        conversation: Conversation,
        sender: TelegramSender,
        metrics: Metrics,
        *,
        deferred: DeferredReplies | None = None,
        chat_log: ChatLog | None = None,
    ) -> None:
        self.bot = bot
        self.conversation = conversation
        self.sender = sender
        self.metrics = metrics
        self.deferred = deferred
        self.chat_log = chat_log
        self.courier = TelegramCourier(conversation, sender, metrics, deferred)
        self.serializer = KeyedSerializer()
        self.desk: TelegramDesk | None = None  # the caseworkers' group, when configured

    def parse_json(self, data: dict[str, Any]) -> Update | None:
        """The update, or None if it is malformed or python-telegram-bot cannot read it.

        The fields Safar reads are checked and texts cut first (``wire``). Such an update
        is acknowledged and counted by reason, never refused: Telegram would otherwise
        redeliver it forever and hold up everything behind it.
        """
        try:
            checked = checked_update(data)
        except MalformedUpdateError as error:
            self.count_malformed(error.reason, data.get("update_id"))
            return None
        try:
            return Update.de_json(checked, self.bot)
        except Exception:  # a newer API shape, or values it cannot convert: not ours to fix
            self.count_malformed("unreadable", data.get("update_id"))
            return None

    def count_malformed(self, reason: str, update_id: object = None) -> None:
        # Only the reason and a numeric id are logged: an update may hold a person's words.
        shown = update_id if type(update_id) is int and abs(update_id) < 2**63 else "?"
        log.warning("telegram update %s ignored: %s", shown, reason)
        self.metrics.malformed.labels(channel="telegram", reason=reason).inc()

    async def process(self, update: Update) -> None:
        """Handle one update completely; raises only when it should be redelivered."""
        started = time.perf_counter()
        if await answer_whoami(self.bot, update):
            return
        if self.desk is not None and is_desk_update(update, self.desk.desk_chat):
            self.metrics.updates.labels(channel="telegram", kind="desk").inc()
            await self.desk.process(update, self.conversation.clock())
            return
        parsed = parse_update(update)
        kind = (
            "ignored"
            if parsed.inbound is None
            else ("callback" if parsed.callback_query_id else "message")
        )
        self.metrics.updates.labels(channel="telegram", kind=kind).inc()
        key = parsed.inbound.contact.key if parsed.inbound else f"update:{update.update_id}"
        try:
            await self.serializer.run(key, lambda: self._handle(parsed))
        finally:
            if parsed.callback_query_id is not None:
                await self._answer_callback(parsed.callback_query_id)
            self.metrics.latency.labels(channel="telegram").observe(time.perf_counter() - started)

    async def _handle(self, parsed: Parsed) -> None:
        if parsed.blocked_contact is not None:
            await self.conversation.mark_unreachable(parsed.blocked_contact)
            return
        if parsed.inbound is None:
            return
        inbound = parsed.inbound
        if self.chat_log is not None and parsed.message_id is not None:
            with suppress(StoreError):  # only for erasing the chat later
                await self.chat_log.record(inbound.contact.key, [parsed.message_id])
        # Sent by the courier while the person's lock is held; kept until it is sent.
        reply = await self.conversation.handle(inbound, self.courier)
        if reply is not None and (reply.forgotten or reply.clear_chat) and self.chat_log:
            await erase_chat(
                self.bot,
                self.sender,
                self.chat_log,
                catalogs=self.conversation.resources.catalogs,
                contact_key=inbound.contact.key,
                chat_id=inbound.contact.address,
                language=reply.language,
                forgetting=reply.forgotten,
            )

    async def _answer_callback(self, query_id: str) -> None:
        # Every press is answered, or the user's button spins; stale ones included.
        try:
            await self.bot.answer_callback_query(query_id)
        except TelegramError as error:
            log.info("answerCallbackQuery failed: %s", type(error).__name__)
