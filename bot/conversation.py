"""The path of one message between a channel adapter and the engine.

dedupe on the channel's message id -> the contact's lock -> load session -> engine step
-> save session (and the message id, in one write) -> rendered replies for the adapter.
Everything here is channel-agnostic: a new channel is an adapter, nothing else.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.channels.sms.paging import Page
from bot.engine.model import Contact, Effect, Inbound, Say, Session, Status
from bot.engine.resources import Resources
from bot.engine.step import PAGES_VAR, step
from bot.store.base import SessionStore


@dataclass(frozen=True)
class Reply:
    """What to send back to one contact, not yet rendered for a channel."""

    contact: Contact
    language: str
    says: tuple[Say, ...]


class Conversation:
    def __init__(
        self,
        resources: Resources,
        store: SessionStore,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.resources = resources
        self.store = store
        self.clock = clock

    async def handle(self, inbound: Inbound) -> Reply | None:
        """Process one inbound message; None when it was a redelivery already handled."""
        contact = inbound.contact.key
        processed = f"{contact}#{inbound.external_id}" if inbound.external_id else None
        async with self.store.locked(contact):
            # Checked under the lock: a redelivery racing the original waits for it,
            # then sees it done. Marked in the same write as the session, so a crash
            # before the save leaves the message unmarked and the retry is processed.
            done, session = await self.store.load_unless_processed(contact, processed)
            if done:
                return None

            outcome = step(self.resources, session, inbound, self.clock())
            if outcome.session is None:
                await self.store.delete(contact)
                if processed is not None:
                    await self.store.mark_processed(processed)
            else:
                await self.store.save(contact, outcome.session, processed=processed)
            await self._apply(contact, outcome.language, outcome.effects)
        return Reply(inbound.contact, outcome.language, outcome.says)

    async def next_pages(self, inbound: Inbound) -> list[Page] | None:
        """The next kept pages of a long SMS, or None when none are kept.

        Taken under the same lock and dedupe as any message; what is left is kept.
        """
        contact = inbound.contact.key
        processed = f"{contact}#{inbound.external_id}" if inbound.external_id else None
        async with self.store.locked(contact):
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

    async def _apply(self, contact: str, language: str, effects: tuple[Effect, ...]) -> None:
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
