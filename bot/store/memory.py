"""Sessions in this process's memory: the terminal chat's store, needing no server.

Same behaviour as the Redis store (encryption aside, which protects data at rest and
this store keeps none): per-contact locks, expiry by retention, message dedupe.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from bot.engine.model import Session
from bot.store.base import Arrival, Subscriber, Unsent


class MemoryStore:
    def __init__(
        self,
        *,
        retention_seconds: float,
        dedupe_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions: dict[str, tuple[float, Session]] = {}
        self._processed: dict[str, float] = {}
        self._subscribers: dict[str, Subscriber] = {}
        self._sent: set[tuple[str, str]] = set()
        self._sending: set[tuple[str, str]] = set()
        self._unsent: dict[str, Unsent] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._retention = retention_seconds
        self._dedupe = dedupe_seconds
        self._clock = clock

    @asynccontextmanager
    async def locked(self, contact: str, arrival: Arrival | None = None) -> AsyncIterator[None]:
        # asyncio's lock wakes its waiters first come, first served: arrival order.
        async with self._locks[contact]:
            yield

    async def load(self, contact: str) -> Session | None:
        entry = self._sessions.get(contact)
        if entry is None:
            return None
        expires, session = entry
        if self._clock() >= expires:
            del self._sessions[contact]
            return None
        return session

    async def save(
        self,
        contact: str,
        session: Session,
        *,
        processed: str | None = None,
        unsent: Unsent | None = None,
    ) -> None:
        self._sessions[contact] = (self._clock() + self._retention, session)
        await self._after_write(contact, processed, unsent)

    async def _after_write(
        self, contact: str, processed: str | None, unsent: Unsent | None
    ) -> None:
        if processed is not None:
            await self.mark_processed(_of(contact, processed))
        if unsent is not None:
            self._unsent[contact] = unsent

    async def unsent(self, contact: str) -> Unsent | None:
        return self._unsent.get(contact)

    async def keep_unsent(self, contact: str, unsent: Unsent | None) -> None:
        if unsent is None or not unsent.messages:
            self._unsent.pop(contact, None)
        else:
            self._unsent[contact] = unsent

    async def load_unless_processed(
        self, contact: str, message_id: str | None
    ) -> tuple[bool, Session | None]:
        if message_id is not None and (
            await self.was_processed(_of(contact, message_id))
            or await self.was_processed(message_id)
        ):
            return True, None
        return False, await self.load(contact)

    def preset(self, contact: str, session: Session) -> None:
        """Seed a session before the first message (the terminal's ``--lang``)."""
        self._sessions[contact] = (self._clock() + self._retention, session)

    async def delete(
        self, contact: str, *, processed: str | None = None, unsent: Unsent | None = None
    ) -> None:
        self._sessions.pop(contact, None)
        self._unsent.pop(contact, None)
        self._processed = {
            k: v for k, v in self._processed.items() if not k.startswith(contact + "\0")
        }
        await self._after_write(contact, None, unsent)
        if processed is not None:
            await self.mark_processed(processed)  # under its own id, as in Redis

    async def was_processed(self, message_id: str) -> bool:
        expires = self._processed.get(message_id)
        return expires is not None and self._clock() < expires

    async def mark_processed(self, message_id: str) -> None:
        self._processed[message_id] = self._clock() + self._dedupe

    async def active_count(self, since: float) -> int:
        now = self._clock()
        return sum(
            1
            for expires, session in self._sessions.values()
            if expires > now and session.updated_at >= since
        )

    async def subscribe(self, contact: str, language: str) -> None:
        self._subscribers[contact] = Subscriber(contact, language)

    async def unsubscribe(self, contact: str) -> None:
        self._subscribers.pop(contact, None)

    async def subscribers(self) -> list[Subscriber]:
        return list(self._subscribers.values())

    async def mark_sent(self, campaign: str, contact: str) -> bool:
        self._sending.discard((campaign, contact))
        if (campaign, contact) in self._sent:
            return False
        self._sent.add((campaign, contact))
        return True

    async def was_sent(self, campaign: str, contact: str) -> bool:
        return (campaign, contact) in self._sent

    async def begin_send(self, campaign: str, contact: str) -> bool:
        if (campaign, contact) in self._sent or (campaign, contact) in self._sending:
            return False
        self._sending.add((campaign, contact))
        return True

    async def abort_send(self, campaign: str, contact: str) -> None:
        self._sending.discard((campaign, contact))

    async def uncertain(self, campaign: str) -> int:
        return sum(1 for c, _ in self._sending if c == campaign)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._sessions.clear()


def _of(contact: str, message_id: str) -> str:
    """A contact's message marks apart from marks of no one's, as in Redis."""
    return f"{contact}\0{message_id}"
