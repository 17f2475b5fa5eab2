"""Where sessions live between messages: one interface, two implementations.

``RedisStore`` serves deployments and the tests; ``MemoryStore`` serves the terminal
chat on a machine with no server. Callers take the contact's lock *before* loading,
so two messages from one person are handled one after the other, never interleaved,
while different people proceed in parallel.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from bot.engine.model import Session


class StoreError(RuntimeError):
    """The store could not be reached or a lock could not be had in time."""


@dataclass(frozen=True)
class Subscriber:
    """Someone who asked for safety tips: their contact ("channel:address") and language."""

    contact: str
    language: str


class SessionStore(Protocol):
    def locked(self, contact: str) -> AbstractAsyncContextManager[None]:
        """Hold the contact's lock for the duration of the block."""
        ...

    async def load(self, contact: str) -> Session | None: ...

    async def load_unless_processed(
        self, contact: str, message_id: str | None
    ) -> tuple[bool, Session | None]:
        """(already processed?, session) in one step: the hot path of every message."""
        ...

    async def save(self, contact: str, session: Session, *, processed: str | None = None) -> None:
        """Store the session and, in the same write, mark ``processed`` as handled."""
        ...

    async def delete(self, contact: str) -> None: ...

    async def was_processed(self, message_id: str) -> bool: ...

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

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...
