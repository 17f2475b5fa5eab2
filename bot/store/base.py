"""Where sessions live between messages: one interface, two implementations.

``RedisStore`` serves deployments and the tests; ``MemoryStore`` serves the terminal
chat on a machine with no server. Callers take the contact's lock *before* loading,
so two messages from one person are handled one after the other, never interleaved,
while different people proceed in parallel.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from redis.exceptions import RedisClusterException, RedisError

from bot.engine.model import Session

# What Redis raises when it cannot do what was asked: redis-py's own errors, and the
# cluster client's (a slot not covered, a transaction across slots), which are not
# RedisErrors. Each becomes a StoreError: a 503 the platform redelivers.
STORAGE_ERRORS: tuple[type[Exception], ...] = (RedisError, RedisClusterException)


@dataclass(frozen=True)
class Arrival:
    """An inbound message taking its turn: ``order`` is the platform's own sequence
    where it has one (Telegram's update id), else None (the order of arrival)."""

    order: int | None = None


class StoreError(RuntimeError):
    """The store could not be reached or a lock could not be had in time."""


@dataclass(frozen=True)
class Subscriber:
    """Someone who asked for safety tips: their contact ("channel:address") and language."""

    contact: str
    language: str


@dataclass(frozen=True)
class Unsent:
    """The replies to one inbound message not yet known to have reached the person.

    Written in the same write as the session change that produced them, so a crash
    between the save and the send cannot lose them: a redelivery of the message finds
    them here and sends them, instead of being dropped as already processed.
    ``messages`` are in the channel's own JSON form.
    """

    message_id: str
    messages: tuple[Any, ...]


class SessionStore(Protocol):
    def locked(
        self, contact: str, arrival: Arrival | None = None
    ) -> AbstractAsyncContextManager[None]:
        """Hold the contact's lock for the duration of the block; with ``arrival``, a
        message of theirs, only once those that came before it were handled."""
        ...

    async def load(self, contact: str) -> Session | None: ...

    async def load_unless_processed(
        self, contact: str, message_id: str | None
    ) -> tuple[bool, Session | None]:
        """(already processed?, session) in one step: the hot path of every message."""
        ...

    async def save(
        self,
        contact: str,
        session: Session,
        *,
        processed: str | None = None,
        unsent: Unsent | None = None,
    ) -> None:
        """Store the session and, in the same write, mark ``processed`` as handled and
        keep the replies still to send."""
        ...

    async def delete(
        self, contact: str, *, processed: str | None = None, unsent: Unsent | None = None
    ) -> None:
        """Delete the session; in the same write, mark ``processed`` and keep ``unsent``."""
        ...

    async def unsent(self, contact: str) -> Unsent | None:
        """The replies kept by the last save, if any are still unsent."""
        ...

    async def keep_unsent(self, contact: str, unsent: Unsent | None) -> None:
        """Replace what is left to send (None: everything was sent)."""
        ...

    async def was_processed(self, message_id: str) -> bool:
        """Whether an id that belongs to no one (a delivery report) was handled. A
        contact's message is marked with their session (``save(processed=…)``) and
        asked for with ``load_unless_processed``."""
        ...

    async def mark_processed(self, message_id: str) -> None: ...

    async def active_count(self, since: float) -> int:
        """How many contacts wrote at or after ``since`` (a Unix time)."""
        ...

    async def subscribe(self, contact: str, language: str) -> None: ...

    async def unsubscribe(self, contact: str) -> None: ...

    async def subscribers(self) -> list[Subscriber]: ...

    async def mark_sent(self, campaign: str, contact: str) -> bool:
        """Record that ``campaign`` reached ``contact``; False if it already had."""
        ...

    async def was_sent(self, campaign: str, contact: str) -> bool: ...

    async def begin_send(self, campaign: str, contact: str) -> bool:
        """Record that ``campaign`` is being sent to ``contact``, before it is; False
        when it was sent, or a send of it began and never finished (an interrupted run:
        it may have gone out, so it is never tried again)."""
        ...

    async def abort_send(self, campaign: str, contact: str) -> None:
        """The send failed for now: forget that it began, so a rerun tries again."""
        ...

    async def uncertain(self, campaign: str) -> int:
        """How many sends of ``campaign`` began and never finished."""
        ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...
