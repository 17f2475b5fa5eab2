"""Replies that could not be sent when they were due, kept per person until they can.

When the Bot API is down or answers 502, the rest of a reply goes here instead of being
logged and dropped. Each person has their own queue, so their replies arrive in the
order they were written, and while a queue is not empty the person's new replies join
its end (``Courier.has_deferred``) instead of overtaking it. A worker drains due queues
under the person's lock, the same lock their next message takes, so a queue is never
sent by two workers at once nor interleaved with a fresh reply.

Keys (``{...}`` is a Redis Cluster hash tag):

* ``<prefix>:{<contact id>}:deferred`` - a list of encrypted {to, message}, oldest first;
* ``<prefix>:deferred`` - a sorted set of contact ids by the time their queue is next due.

A queue whose head keeps failing is retried with a growing pause (capped at
``MAX_PAUSE_SECONDS``) and given up after ``max_age_seconds``, logged without content.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from redis.asyncio import Redis

from bot.channels.errors import ContactUnreachableError, DeliveryError
from bot.engine.model import Contact
from bot.store.base import STORAGE_ERRORS, StoreError
from bot.store.codec import SessionCodec
from bot.store.redis import RedisStore

log = logging.getLogger(__name__)
_UNAVAILABLE: tuple[type[Exception], ...] = (*STORAGE_ERRORS, StoreError)
FIRST_PAUSE_SECONDS = 2.0
MAX_PAUSE_SECONDS = 60.0
Send = Callable[[Contact, Any], Awaitable[None]]
Unreachable = Callable[[Contact], Awaitable[None]]


class DeferredReplies:
    def __init__(self, store: RedisStore, *, max_age_seconds: float) -> None:
        self._store = store
        self._redis: Redis = store.client
        self._codec: SessionCodec = store.codec
        self._due_key = store.deferred_index_key
        self._max_age = max_age_seconds

    def queue_key(self, contact: str) -> str:
        return self._store.contact_key(contact, "deferred")

    async def defer(self, contact: Contact, messages: list[Any]) -> None:
        now = time.time()
        sealed = [
            self._codec.seal_json({"to": contact.key, "message": m, "at": now}) for m in messages
        ]
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.rpush(self.queue_key(contact.key), *sealed)
                pipe.expire(self.queue_key(contact.key), int(self._max_age) + 3600)
                # nx: a queue already waiting keeps its due time and its pause.
                pipe.zadd(self._due_key, {self._codec.contact_id(contact.key): now}, nx=True)
                await pipe.execute()
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot defer a reply: {error}") from error

    async def has_deferred(self, contact: Contact) -> bool:
        try:
            return bool(await self._redis.exists(self.queue_key(contact.key)))
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot check deferred replies: {error}") from error

    async def drain_due(self, send: Send, unreachable: Unreachable) -> int:
        """Send the due queues; returns how many messages went out or were given up."""
        due: list[Any] = await self._redis.zrangebyscore(self._due_key, "-inf", time.time(), 0, 20)
        handled = 0
        for member in due:
            head = self._unseal(
                await self._redis.lindex(self._store.member_key(member.decode(), "deferred"), 0)
            )
            if head is None:
                await self._redis.zrem(self._due_key, member)
                continue
            channel, _, address = str(head["to"]).partition(":")
            contact = Contact(channel, address)
            async with self._store.locked(contact.key):
                sent, reachable = await self._send_queue(member.decode(), contact, send)
            handled += sent
            if not reachable:  # marked after the lock is released: marking takes it too
                await unreachable(contact)
        return handled

    async def _send_queue(self, member: str, contact: Contact, send: Send) -> tuple[int, bool]:
        key = self.queue_key(contact.key)
        handled = 0
        while (entry := self._unseal(await self._redis.lindex(key, 0))) is not None:
            age = time.time() - float(entry.get("at", time.time()))
            try:
                await send(contact, entry["message"])
            except ContactUnreachableError:
                await self._redis.delete(key)
                await self._redis.zrem(self._due_key, member)
                return handled, False
            except DeliveryError:
                if age <= self._max_age:
                    # The pause grows with the wait: 2 s at first, at most a minute.
                    pause = min(MAX_PAUSE_SECONDS, max(FIRST_PAUSE_SECONDS, age / 2))
                    await self._redis.zadd(self._due_key, {member: time.time() + pause})
                    return handled, True
                log.error("a deferred reply could not be sent in time: given up")
            await self._redis.lpop(key)
            handled += 1
        await self._redis.zrem(self._due_key, member)
        return handled, True

    def _unseal(self, blob: object) -> dict[str, Any] | None:
        if not isinstance(blob, bytes):
            return None
        data = self._codec.unseal_json(blob)
        return data if isinstance(data, dict) and "to" in data and "message" in data else None

    async def run(
        self,
        send: Send,
        unreachable: Unreachable,
        stopping: asyncio.Event,
        idle_seconds: float = 1.0,
    ) -> None:
        """Drain until ``stopping`` is set; a Redis outage is waited out, never fatal."""
        while not stopping.is_set():
            try:
                await self.drain_due(send, unreachable)
            except _UNAVAILABLE as error:
                log.warning("deferred replies: redis unavailable (%s)", type(error).__name__)
            except Exception:  # one bad entry must not stop every other one
                log.exception("deferred replies: unexpected error")
            with suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=idle_seconds)
