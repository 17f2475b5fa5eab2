"""The path of one message between a channel adapter and the engine.

dedupe on the channel's message id -> the contact's lock -> load session -> engine step
-> save session (with the message id and the rendered replies, in one write) -> the
replies sent by the channel's courier, still under the lock (``bot.courier``).
Everything here is channel-agnostic: a new channel is an adapter, nothing else.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.channels.sms.paging import Page
from bot.courier import Courier, send_kept
from bot.engine.model import (
    AnyEffect,
    CaseRequest,
    Contact,
    Effect,
    Inbound,
    Say,
    Session,
    Status,
    Text,
)
from bot.engine.resources import CASE_VAR, Resources
from bot.engine.step import PAGES_VAR, SMS_CANNOT_CLEAR, Outcome, step
from bot.i18n.marker import N_
from bot.store.base import Arrival, SessionStore, Unsent

if TYPE_CHECKING:
    from bot.cases.service import CaseService

TALK_NODE = "case.talk"  # where a caseworker's message leaves the person: a reply goes back
CODE_WORD_ACK = N_("OK.")


@dataclass(frozen=True)
class Reply:
    """What to send back to one contact, not yet rendered for a channel."""

    contact: Contact
    language: str
    says: tuple[Say, ...]
    # The courier's rendering, when one was given: for a courier that does not send,
    # what to answer with (on a redelivery, the kept messages and no ``says``).
    rendered: tuple[Any, ...] = ()
    forgotten: bool = False  # the contact was erased (/forget): a channel may erase more
    clear_chat: bool = False  # the quick exit: a channel clears what it can of the chat


class Conversation:
    def __init__(
        self,
        resources: Resources,
        store: SessionStore,
        clock: Callable[[], float] = time.time,
        cases: CaseService | None = None,
    ) -> None:
        self.resources = resources
        self.store = store
        self.clock = clock
        self.cases = cases

    async def handle(self, inbound: Inbound, courier: Courier | None = None) -> Reply | None:
        """Process one inbound message; None when it was a redelivery already handled.

        With a ``courier`` the replies are kept with the session change and, if the
        courier sends, sent before the lock is released (``bot.courier``).
        """
        reply, reachable = await self._handle(inbound, courier)
        if not reachable:
            await self.mark_unreachable(inbound.contact)
        return reply

    async def _handle(self, inbound: Inbound, courier: Courier | None) -> tuple[Reply | None, bool]:
        contact = inbound.contact.key
        processed = _processed_id(inbound)
        async with self.store.locked(contact, _arrival(inbound)):
            # Checked under the lock: a redelivery racing the original waits for it,
            # then sees it done. Marked in the same write as the session, so a crash
            # before the save leaves the message unmarked and the retry is processed.
            done, session = await self.store.load_unless_processed(contact, processed)
            if done:
                return await self._redelivered(inbound.contact, processed, courier)
            now = self.clock()
            case_id = session.vars.get(CASE_VAR, "") if session is not None else ""
            if session is not None and case_id and await self._is_code_word(case_id, inbound):
                stepped = await self._code_word(inbound, session, case_id)
            else:
                stepped = await self._step(inbound, session, processed, now)
            return await self._settle(stepped, processed, courier)

    async def _step(
        self, inbound: Inbound, session: Session | None, processed: str | None, now: float
    ) -> tuple[Reply, Session | None, tuple[AnyEffect, ...]]:
        outcome = step(self.resources, session, inbound, now)
        # Cases are stored before the session is saved and the message marked done:
        # if storing fails, the platform redelivers and the report is not lost.
        says, kept = await self._cases(
            inbound,
            language=outcome.language,
            says=outcome.says,
            effects=outcome.effects,
            session=outcome.session,
            processed=processed,
            now=now,
        )
        hiding = Effect.CLEAR_CHAT in outcome.effects or _quick_exit_by_sms(outcome)
        if kept is not None and self.cases is not None and kept.vars.get(CASE_VAR) and not hiding:
            # (A person hiding the chat is not holding the phone for their caseworker.)
            given = await self.cases.on_inbound(kept.vars[CASE_VAR], now)
            if given:  # held messages, last on the screen: what they write next answers them
                says += given
                kept = self._answering_caseworker(kept)
        reply = Reply(
            inbound.contact,
            outcome.language,
            tuple(says),
            clear_chat=Effect.CLEAR_CHAT in outcome.effects,
        )
        return reply, kept, outcome.effects

    async def _settle(
        self,
        stepped: tuple[Reply, Session | None, tuple[AnyEffect, ...]],
        processed: str | None,
        courier: Courier | None,
    ) -> tuple[Reply, bool]:
        """Save (or delete) the session with the processed mark and the kept replies in
        one write, then send them if the courier sends."""
        reply, kept, effects = stepped
        contact = reply.contact.key
        unsent = None
        if courier is not None:
            reply = replace(reply, rendered=tuple(courier.render(reply)))
            unsent = Unsent(processed or "", reply.rendered)
        if kept is None:
            reply = replace(reply, forgotten=True)
            # Forgotten: nothing of theirs is kept that is not on its way now.
            keep = unsent if courier is not None and courier.sends else None
            await self.store.delete(contact, processed=processed, unsent=keep)
        else:
            await self.store.save(contact, kept, processed=processed, unsent=unsent)
        await self._apply(contact, reply.language, effects)
        if courier is not None and courier.sends and unsent is not None:
            return reply, await send_kept(self.store, courier, reply.contact, unsent)
        return reply, True

    async def _redelivered(
        self, contact: Contact, processed: str | None, courier: Courier | None
    ) -> tuple[Reply | None, bool]:
        """A message already processed: send (or return) what is still kept for it."""
        if courier is None or processed is None:
            return None, True
        kept = await self.store.unsent(contact.key)
        if kept is None or kept.message_id != processed or not kept.messages:
            return None, True
        if not courier.sends:
            return Reply(contact, "", (), rendered=kept.messages), True
        return None, await send_kept(self.store, courier, contact, kept)

    async def _cases(
        self,
        inbound: Inbound,
        *,
        language: str,
        says: tuple[Say, ...],
        effects: tuple[AnyEffect, ...],
        session: Session | None,
        processed: str | None,
        now: float,
    ) -> tuple[list[Say], Session | None]:
        """Carry out the step's case requests; the replies and the session after them."""
        replies = list(says)
        requests = [e for e in effects if isinstance(e, CaseRequest)]
        if self.cases is None:
            return replies, session
        if session is None and not requests:
            # Forgotten without the case question (no session var): keep the case, cut
            # every way back to the person.
            requests = [CaseRequest("forget_keep")]
        for request in requests:
            key = processed or f"{inbound.contact.key}@{now}"
            answer = await self.cases.apply(request, inbound.contact, language, key, now)
            # A case's news goes before the question the person is now asked.
            at = len(replies) - 1 if replies and replies[-1].node is not None else len(replies)
            replies[at:at] = answer.says
            if session is not None and answer.vars:
                session = session.with_vars(answer.vars)
        return replies, session

    async def _is_code_word(self, case_id: str, inbound: Inbound) -> bool:
        return self.cases is not None and await self.cases.is_code_word(case_id, inbound.text)

    async def _code_word(
        self, inbound: Inbound, session: Session, case_id: str
    ) -> tuple[Reply, Session | None, tuple[AnyEffect, ...]]:
        """The code word ends contact at once. The answer is plain, as to anyone."""
        assert self.cases is not None
        case = await self.cases.store.get(case_id)
        if case is not None:
            await self.cases.end_contact(case, "code")
        quiet = session.without_vars(CASE_VAR).at(None)
        reply = Reply(inbound.contact, session.language, (Say((Text(CODE_WORD_ACK),)),))
        return reply, quiet, ()

    async def next_pages(self, inbound: Inbound) -> list[Page] | None:
        """The next kept pages of a long SMS, or None when none are kept.

        Taken under the same lock and dedupe as any message; what is left is kept.
        """
        contact = inbound.contact.key
        processed = _processed_id(inbound)
        async with self.store.locked(contact, _arrival(inbound)):
            done, session = await self.store.load_unless_processed(contact, processed)
            if done:
                return []
            if session is None or PAGES_VAR not in session.vars:
                return None
            pages = [
                Page(text, continues) for text, continues in json.loads(session.vars[PAGES_VAR])
            ]
            now, rest = split_at_continuation(pages)
            await self.store.save(contact, _with_pages(session, rest), processed=processed)
        return now

    async def keep_pages(self, contact: Contact, pages: list[Page]) -> None:
        """Keep pages the person has not asked for yet (read with ``next_pages``)."""
        async with self.store.locked(contact.key):
            session = await self.store.load(contact.key)
            if session is not None:
                await self.store.save(contact.key, _with_pages(session, pages))

    async def _apply(self, contact: str, language: str, effects: tuple[AnyEffect, ...]) -> None:
        for effect in effects:
            if effect is Effect.SUBSCRIBE:
                await self.store.subscribe(contact, language)
            elif effect is Effect.UNSUBSCRIBE:
                await self.store.unsubscribe(contact)

    async def mark_unreachable(self, contact: Contact) -> None:
        """The person blocked the bot: stop until they write again. Nothing is sent."""
        await self.store.unsubscribe(contact.key)
        async with self.store.locked(contact.key):
            session = await self.store.load(contact.key)
            if session is not None and session.status is not Status.STOPPED:
                await self.store.save(contact.key, replace(session, status=Status.STOPPED))
        if self.cases is not None:
            case = await self.cases.store.open_case_of(contact.key)
            if case is not None:
                await self.cases.end_contact(case, "unreachable")

    async def await_reply(self, contact: Contact) -> None:
        """A caseworker's message reached the person: what they write next answers it."""
        async with self.store.locked(contact.key):
            session = await self.store.load(contact.key)
            if session is not None:
                await self.store.save(contact.key, self._answering_caseworker(session))

    def _answering_caseworker(self, session: Session) -> Session:
        node = self.resources.flows.node(TALK_NODE)
        if node is None or session.status is not Status.ACTIVE:
            return session
        return session.at(node)


def _quick_exit_by_sms(outcome: Outcome) -> bool:
    return any(text.msgid == SMS_CANNOT_CLEAR for say in outcome.says for text in say.texts)


def _arrival(inbound: Inbound) -> Arrival:
    """Its place among the person's messages: Telegram numbers updates in the order they
    happened; an SMS has only its arrival."""
    external = inbound.external_id or ""
    if inbound.contact.channel == "telegram" and external.isdigit():
        return Arrival(int(external))
    return Arrival()


def _processed_id(inbound: Inbound) -> str | None:
    """The dedupe mark of an inbound message: its channel and the platform's own id,
    unique on its own (Telegram's update id, Twilio's message SID). The contact is left
    out so that, even with the hash key, a mark cannot be tied to a person by trying
    their chat id or number against message ids."""
    if not inbound.external_id:
        return None
    return f"{inbound.contact.channel}#{inbound.external_id}"


def split_at_continuation(pages: list[Page]) -> tuple[list[Page], list[Page]]:
    """Pages to send now (through the first that says "more") and pages to keep."""
    for index, page in enumerate(pages):
        if page.continues:
            return pages[: index + 1], pages[index + 1 :]
    return pages, []


def _with_pages(session: Session, pages: list[Page]) -> Session:
    if not pages:
        return session.without_vars(PAGES_VAR)
    kept = json.dumps([[p.text, p.continues] for p in pages], ensure_ascii=False)
    return session.with_vars({PAGES_VAR: kept})
