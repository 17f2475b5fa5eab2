"""How replies reach a Telegram user: rendered, sent while the lock is held, deferred when
the Bot API fails (``bot.courier`` has the whole path)."""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import TelegramError

from bot.channels.errors import DeliveryError
from bot.channels.render import Button, TelegramMessage, render_telegram
from bot.channels.telegram.send import TelegramSender
from bot.conversation import Conversation, Reply
from bot.engine.model import Contact
from bot.server.metrics import Metrics
from bot.store.deferred import DeferredReplies

log = logging.getLogger(__name__)


def message_json(message: TelegramMessage) -> dict[str, Any]:
    return {"text": message.text, "buttons": [[b.label, b.data] for b in message.buttons]}


def message_from_json(data: Any) -> TelegramMessage:
    buttons = tuple(Button(str(label), str(value)) for label, value in data.get("buttons", []))
    return TelegramMessage(str(data.get("text", "")), buttons)


class TelegramCourier:
    sends = True

    def __init__(
        self,
        conversation: Conversation,
        sender: TelegramSender,
        metrics: Metrics,
        deferred: DeferredReplies | None,
    ) -> None:
        self._catalogs = conversation.resources.catalogs
        self._sender = sender
        self._metrics = metrics
        self._deferred = deferred

    def render(self, reply: Reply) -> list[Any]:
        return [
            message_json(render_telegram(self._catalogs, reply.language, say)) for say in reply.says
        ]

    async def send(self, contact: Contact, message: Any) -> None:
        try:
            await self._sender.send(contact.address, message_from_json(message))
        except TelegramError as error:
            log.warning("telegram send failed: %s", type(error).__name__)
            self._metrics.errors.labels(channel="telegram", stage="send").inc()
            raise DeliveryError(type(error).__name__) from error

    async def defer(self, contact: Contact, messages: list[Any]) -> bool:
        if self._deferred is None:
            return False
        await self._deferred.defer(contact, messages)
        self._metrics.errors.labels(channel="telegram", stage="deferred").inc()
        return True

    async def has_deferred(self, contact: Contact) -> bool:
        return self._deferred is not None and await self._deferred.has_deferred(contact)
