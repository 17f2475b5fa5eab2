"""Delivering the outbox: cards and thread messages to the desk, answers to the person.

Called by the outbox worker for each queued message. A failure worth retrying
(Telegram or Twilio down, a 429 not waited out) raises ``DeliveryError`` and the
worker tries again later; anything final (the case is gone, the person blocked the
bot) is settled here and not retried.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import MappingProxyType
from zoneinfo import ZoneInfo

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ExtBot
from twilio.base.exceptions import TwilioRestException

from bot.cases import changes
from bot.cases.card import card_buttons, card_text
from bot.cases.contact_rules import WINDOW_NAMES, hold_reason
from bot.cases.model import Case, CaseStatus
from bot.cases.outbox import Outgoing
from bot.cases.service import FROM_CASEWORKER, CaseService
from bot.channels.errors import ContactUnreachableError, DeliveryError
from bot.channels.render import TelegramMessage, render_telegram
from bot.channels.sms.channel import SmsChannel
from bot.channels.telegram.send import TelegramSender, split_text
from bot.conversation import Conversation, Reply
from bot.engine.model import Contact, Say, Text
from bot.i18n.marker import N_

log = logging.getLogger(__name__)
NOT_DELIVERED = N_("{case}: not delivered, the person cannot be reached.")
RESENT = N_("Sent again after an interruption: this may repeat the message above.")
MAYBE_NOT_DELIVERED = N_(
    "{case}: a message to the person may not have arrived (cut off while sending). "
    "Not sent again, so it never arrives twice: write again if needed."
)
REPOSTED = N_(
    "Posted again after an interruption. If an earlier card of {case} is above, it is out "
    "of date: use this one."
)


def _keyboard(buttons: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in buttons])


class CaseDelivery:
    def __init__(
        self,
        service: CaseService,
        conversation: Conversation,
        bot: ExtBot[int] | None,
        clock: Callable[[], float],
        *,
        telegram: TelegramSender | None = None,
        sms: SmsChannel | None = None,
    ) -> None:
        self.service = service
        self.store = service.store
        self.conversation = conversation
        self.bot = bot
        self.clock = clock
        self.telegram = telegram
        self.sms = sms
        self.desk_chat = int(service.desk.chat_id) if service.desk.chat_id else None
        self.zone = ZoneInfo(service.desk.timezone)

    async def __call__(self, item: Outgoing) -> None:
        try:
            if item.kind == "person":
                await self._to_person(item)
            elif item.kind == "staff":
                await self._to_staff(item)
            elif item.kind == "card":
                await self._card(item)
            else:
                await self._to_thread(item)
        except (TelegramError, TwilioRestException, httpx.HTTPError) as error:
            raise DeliveryError(type(error).__name__) from error

    # --- the desk ------------------------------------------------------------------------

    def _desk(self) -> tuple[ExtBot[int], int]:
        if self.bot is None or self.desk_chat is None:
            # Not configured yet: kept in the outbox until it is.
            raise DeliveryError("the caseworker desk is not configured (desk.chat_id)")
        return self.bot, self.desk_chat

    async def _send(
        self,
        chat: int,
        text: str,
        *,
        reply_to: int | None = None,
        buttons: list[tuple[str, str]] | None = None,
    ) -> int:
        if self.bot is None:
            raise DeliveryError("telegram is not configured")
        parameters = (
            ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        )
        last = 0
        parts = split_text(text)
        for index, part in enumerate(parts):
            markup = _keyboard(buttons or []) if index == len(parts) - 1 else None
            sent = await self.bot.send_message(
                chat, part, reply_markup=markup, reply_parameters=parameters
            )
            last = sent.message_id
        return last

    async def _to_staff(self, item: Outgoing) -> None:
        try:
            await self._send(int(item.to), item.text)
        except Forbidden:
            # Telegram lets a bot write only to people who started a chat with it.
            log.warning("staff member %s has not started the bot: escalation not sent", item.to)

    async def _card(self, item: Outgoing) -> None:
        bot, chat = self._desk()
        if item.to:  # the case was deleted: its card says so and loses its buttons
            await self._edit(bot, chat, int(item.to), item.text, [])
            return
        case = await self.store.get(item.case)
        if case is None:
            return
        catalogs, language = self.service.resources.catalogs, self.service.desk.language
        text = card_text(case, catalogs, language, self.zone, await self.store.staff_names())
        buttons = card_buttons(case, catalogs, language)
        if case.card_message_id is None:
            # Recorded before the send: a crash after Telegram took the card and before
            # its id was kept leaves this mark, and the retry's card says it is the live
            # one. A reply to the earlier card is still routed (bot.cases.desk).
            if case.card_posting_at:
                text = f"{self.service.desk_text(REPOSTED, case=case.id)}\n\n{text}"
            else:
                await self.store.change(case.id, changes.card_posting(self.clock()))
            message_id = await self._send(chat, text, buttons=buttons)
            await self.store.change(case.id, changes.card_posted(message_id))
            return
        await self._edit(bot, chat, case.card_message_id, text, buttons)

    async def _edit(
        self,
        bot: ExtBot[int],
        chat: int,
        message_id: int,
        text: str,
        buttons: list[tuple[str, str]],
    ) -> None:
        try:
            await bot.edit_message_text(
                split_text(text)[0],
                chat_id=chat,
                message_id=message_id,
                reply_markup=_keyboard(buttons),
            )
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                log.info("case card could not be edited: %s", error)

    async def _to_thread(self, item: Outgoing) -> None:
        _, chat = self._desk()
        case = await self.store.get(item.case)
        if case is None:
            return
        if case.card_message_id is None:
            raise DeliveryError("the case card is not posted yet")  # keeps the thread in order
        text = f"{self.service.desk_text(RESENT)}\n\n{item.text}" if item.resumed else item.text
        message_id = await self._send(
            chat, text, reply_to=case.card_message_id, buttons=list(item.buttons)
        )
        await self.store.change(case.id, changes.desk_message(message_id))

    # --- the person ----------------------------------------------------------------------

    async def _to_person(self, item: Outgoing) -> None:
        case = await self.store.get(item.case)
        if case is None or case.status is CaseStatus.CLOSED:
            return
        reason = hold_reason(
            case,
            self.clock(),
            reply_window_seconds=self.service.settings.reply_window_minutes * 60,
            zone=self.service.desk.timezone,
        )
        if reason is not None or case.contact is None:
            await self._hold(case, item.text, reason)
            return
        if item.resumed:
            # An earlier try was cut off while sending: it may have arrived. A watched
            # phone must not get it twice; the caseworker decides whether to write again.
            notice = self.service.desk_text(MAYBE_NOT_DELIVERED, case=case.id)
            await self.store.enqueue(Outgoing("desk", case.id, notice))
            return
        channel, _, address = case.contact.partition(":")
        contact = Contact(channel, address)
        say = Say((Text(FROM_CASEWORKER, MappingProxyType({"text": item.text})),))
        reply = Reply(contact, case.language, (say,))
        try:
            await self._deliver(reply, case.id)
        except ContactUnreachableError:
            await self.conversation.mark_unreachable(contact)
            await self.store.enqueue(
                Outgoing("desk", case.id, self.service.desk_text(NOT_DELIVERED, case=case.id))
            )
            return
        await self.conversation.await_reply(contact)

    async def _hold(self, case: Case, text: str, reason: str | None) -> None:
        """Something changed since the caseworker wrote: the message waits, and why."""
        if reason is None:
            return
        window = WINDOW_NAMES.get(case.window)
        params = {"window": self.service.desk_text(window)} if window else {}
        notice = f"{case.id}: {self.service.desk_text(reason, **params)}"
        keep = changes.held(text) if case.may_contact else (lambda current: current)
        await self.store.change(case.id, keep, then=(Outgoing("desk", case.id, notice),))

    async def _deliver(self, reply: Reply, case_id: str = "") -> None:
        if reply.contact.channel == "sms":
            if self.sms is None or self.sms.sender is None:
                raise DeliveryError("SMS sending is not configured")
            sids = await self.sms.deliver(reply)
            if not sids:
                raise ContactUnreachableError("sms")
            if case_id:  # so that one expiring in Twilio's queue is told to the thread
                for sid in sids:
                    await self.store.remember_sms(sid, case_id)
            return
        if self.telegram is None:
            raise DeliveryError("telegram is not configured")
        catalogs = self.conversation.resources.catalogs
        message: TelegramMessage = render_telegram(catalogs, reply.language, reply.says[0])
        await self.telegram.send(reply.contact.address, message)
