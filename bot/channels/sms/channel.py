"""The SMS channel: a Twilio message in, the conversation stepped, SMS replies out.

Replies to an inbound SMS go back in the webhook's answer as TwiML: one round trip,
no extra API call, and Twilio queues them for the carrier. Messages that are not
replies (a caseworker's answer, a tip) go through the REST API (``SmsSender``) with a
status callback. Every reply is cut into pages within ``sms.segment_budget``; a page
that does not finish says how to get the next (MORE, БОЗ, ЕЩЁ).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.channels.errors import ContactUnreachableError
from bot.channels.sms.paging import Page, say_pages
from bot.channels.sms.rest import UNREACHABLE_CODES, SmsSender
from bot.channels.sms.twilio_form import CHANNEL
from bot.conversation import Conversation, Reply, split_at_continuation
from bot.engine.model import Contact, Inbound
from bot.server.metrics import Metrics

log = logging.getLogger(__name__)
FINAL_STATUSES = frozenset({"delivered", "failed", "undelivered"})
EXPIRED_IN_QUEUE = "30036"  # Twilio: the message outlived its ValidityPeriod in the queue


class SmsCourier:
    """Replies to an inbound SMS go back in the webhook's TwiML answer: nothing to send
    here. They are kept with the session all the same, so a Twilio retry of a message
    already processed (connection overrides, README) is answered with them again
    instead of nothing (``bot.courier``)."""

    sends = False

    def __init__(self, channel: SmsChannel) -> None:
        self._channel = channel

    def render(self, reply: Reply) -> list[Any]:
        now, _ = split_at_continuation(self._channel.pages(reply))
        return [page.text for page in now]

    async def send(self, contact: Contact, message: Any) -> None:
        raise NotImplementedError  # never called: ``sends`` is False

    async def defer(self, contact: Contact, messages: list[Any]) -> bool:
        return False

    async def has_deferred(self, contact: Contact) -> bool:
        return False


class SmsChannel:
    def __init__(
        self,
        conversation: Conversation,
        metrics: Metrics,
        *,
        budget: int,
        sender: SmsSender | None = None,
    ) -> None:
        self.conversation = conversation
        self.metrics = metrics
        # Told the SID of an SMS that expired in Twilio's queue (the hotline tells the
        # case's thread); None when nobody needs to know.
        self.on_expired: Callable[[str], Awaitable[None]] | None = None
        self.budget = budget
        self.sender = sender
        self.courier = SmsCourier(self)

    def _is_more(self, inbound: Inbound) -> bool:
        intents = self.conversation.resources.intents
        intent = (
            intents.by_command(inbound.command)
            if inbound.command
            else (intents.by_text(inbound.text))
        )
        return intent is not None and intent.do == "more"

    def pages(self, reply: Reply) -> list[Page]:
        catalogs = self.conversation.resources.catalogs
        return [
            page
            for say in reply.says
            for page in say_pages(catalogs, reply.language, say, self.budget)
        ]

    async def _first_pages(self, reply: Reply) -> list[str]:
        now, rest = split_at_continuation(self.pages(reply))
        if rest:
            await self.conversation.keep_pages(reply.contact, rest)
        return [page.text for page in now]

    async def receive(self, inbound: Inbound, *, opt_out: str | None = None) -> list[str]:
        """The SMS texts to answer one inbound message with (possibly none)."""
        self.metrics.updates.labels(
            channel=CHANNEL, kind="media" if inbound.media else "message"
        ).inc()
        if self._is_more(inbound):
            pages = await self.conversation.next_pages(inbound)
            if pages is not None:
                return [page.text for page in pages]
        reply = await self.conversation.handle(inbound, self.courier)
        if reply is None or opt_out == "STOP":
            # A redelivery answered already, or an opt-out Twilio has confirmed itself.
            return []
        if not reply.says:
            return [str(text) for text in reply.rendered]  # a retry: the same answer again
        return await self._first_pages(reply)

    async def deliver(self, reply: Reply) -> list[str]:
        """Send a reply that answers no inbound SMS; returns the message SIDs."""
        if self.sender is None:
            msg = "SMS sending is not configured (TWILIO_ACCOUNT_SID, sms.from_number)"
            raise RuntimeError(msg)
        sids = []
        for text in await self._first_pages(reply):
            try:
                sids.append(await self.sender.send(reply.contact.address, text))
            except ContactUnreachableError:
                self.metrics.errors.labels(channel=CHANNEL, stage="unreachable").inc()
                await self.conversation.mark_unreachable(reply.contact)
                break
        return sids

    async def status(self, fields: Mapping[str, str]) -> None:
        """A delivery report: counted, and an unreachable person is marked stopped.

        Twilio may post one report again; its message SID and status are remembered
        (a seen key, as inbound messages) so a repeat is counted and acted on once.
        Marked after the work, not with it: stopping a person is the same done twice,
        so a failure in between only repeats it, and the count follows the mark.
        """
        status = fields.get("MessageStatus", "").lower()
        if status not in FINAL_STATUSES:
            return
        sid = fields.get("MessageSid", "")
        report = f"sms-status#{sid}#{status}" if sid else None
        store = self.conversation.store
        if report is not None and await store.was_processed(report):
            return
        code = fields.get("ErrorCode", "")
        if code == EXPIRED_IN_QUEUE and sid and self.on_expired is not None:
            await self.on_expired(sid)
        if status != "delivered" and code.isdigit() and int(code) in UNREACHABLE_CODES:
            to = fields.get("To", "")
            if to:
                await self.conversation.mark_unreachable(Contact(CHANNEL, to))
        if report is not None:
            await store.mark_processed(report)
        self.metrics.sms_status.labels(status=status).inc()
