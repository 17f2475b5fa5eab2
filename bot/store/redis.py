"""Sessions in Redis: one key per contact with a TTL, a lock per contact, dedupe keys.

Key layout (``{...}`` is a Redis Cluster hash tag, so a contact's keys share a slot):

* ``<prefix>:{<contact id>}:session`` - a hash: ``blob`` (the encrypted session);
  expires after ``session.retention_days`` without a message.
* ``<prefix>:{<contact id>}:lock`` - the contact's lock (redis-py's token lock).
* ``<prefix>:seen:{<message id>}`` - a channel's message id already handled, kept for
  ``session.dedupe_hours`` (Telegram and Twilio redeliver on timeouts).
* ``<prefix>:subscribers`` - a hash of contact id -> encrypted {contact, language} for
  those who asked for safety tips (kept until they unsubscribe, stop or are forgotten).
* ``<prefix>:sent:{<campaign>}`` - a set of contact ids a broadcast reached, so a rerun
  sends nobody twice; kept for ``SENT_RECORD_DAYS``.
* ``<prefix>:active`` - a sorted set of contact ids by their last message time, for the
  open-sessions metric; entries older than the retention are trimmed on each write.

Contact and message ids are keyed hashes (``SessionCodec``), never phone numbers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager, suppress
from typing import TypeVar

from redis.asyncio import Redis
from redis.exceptions import LockError, RedisError

from bot.engine.model import Session
from bot.store.base import StoreError, Subscriber
from bot.store.codec import SessionCodec

T = TypeVar("T")
SENT_RECORD_DAYS = 90


class RedisStore:
    def __init__(
        self,
        client: Redis,
        codec: SessionCodec,
        *,
        prefix: str,
        retention_seconds: int,
        dedupe_seconds: int,
        lock_timeout: float,
    ) -> None:
        self._redis = client
        self._codec = codec
        self._prefix = prefix
        self._retention = retention_seconds
        self._dedupe = dedupe_seconds
        self._lock_timeout = lock_timeout

    @property
    def client(self) -> Redis:
        return self._redis

    @property
    def codec(self) -> SessionCodec:
        return self._codec

    @property
    def prefix(self) -> str:
        return self._prefix

    @property
    def dedupe_seconds(self) -> int:
        return self._dedupe

    def session_key(self, contact: str) -> str:
        return f"{self._prefix}:{{{self._codec.contact_id(contact)}}}:session"

    def lock_key(self, contact: str) -> str:
        return f"{self._prefix}:{{{self._codec.contact_id(contact)}}}:lock"

    @property
    def active_key(self) -> str:
        return f"{self._prefix}:active"

    def seen_key(self, message_id: str) -> str:
        return f"{self._prefix}:seen:{{{self._codec.message_id(message_id)}}}"

    @asynccontextmanager
    async def locked(self, contact: str) -> AsyncIterator[None]:
        # The lock expires by itself after ``timeout`` so a crashed worker cannot
        # block a person forever; waiting for it is bounded the same way.
        lock = self._redis.lock(
            self.lock_key(contact),
            timeout=self._lock_timeout,
            blocking_timeout=self._lock_timeout,
        )
        try:
            acquired = await lock.acquire()
        except RedisError as error:
            raise StoreError(f"cannot take the contact lock: {error}") from error
        if not acquired:
            raise StoreError("timed out waiting for the contact lock")
        try:
            yield
        finally:
            # If it expired while we worked, the next holder is already safe.
            with suppress(LockError):
                await lock.release()

    async def load(self, contact: str) -> Session | None:
        try:
            blob = await self._redis.hget(self.session_key(contact), "blob")
        except RedisError as error:
            raise StoreError(f"cannot load a session: {error}") from error
        return self._decode(blob)

    async def load_unless_processed(
        self, contact: str, message_id: str | None
    ) -> tuple[bool, Session | None]:
        if message_id is None:
            return False, await self.load(contact)
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.exists(self.seen_key(message_id))
                pipe.hget(self.session_key(contact), "blob")
                seen, blob = await pipe.execute()
        except RedisError as error:
            raise StoreError(f"cannot load a session: {error}") from error
        if seen:
            return True, None
        return False, self._decode(blob)

    def _decode(self, blob: object) -> Session | None:
        if blob is None:
            return None
        return self._codec.decode(blob if isinstance(blob, bytes) else str(blob).encode())

    async def save(self, contact: str, session: Session, *, processed: str | None = None) -> None:
        key = self.session_key(contact)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(key, "blob", self._codec.encode(session))
                pipe.expire(key, self._retention)
                member = self._codec.contact_id(contact)
                pipe.zadd(self.active_key, {member: session.updated_at})
                pipe.zremrangebyscore(self.active_key, "-inf", session.updated_at - self._retention)
                if processed is not None:
                    pipe.set(self.seen_key(processed), b"1", ex=self._dedupe)
                await pipe.execute()
        except RedisError as error:
            raise StoreError(f"cannot save a session: {error}") from error

    async def delete(self, contact: str) -> None:
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.delete(self.session_key(contact))
                pipe.zrem(self.active_key, self._codec.contact_id(contact))
                await pipe.execute()
        except RedisError as error:
            raise StoreError(f"cannot delete a session: {error}") from error

    async def was_processed(self, message_id: str) -> bool:
        try:
            return bool(await self._redis.exists(self.seen_key(message_id)))
        except RedisError as error:
            raise StoreError(f"cannot check a message id: {error}") from error

    async def mark_processed(self, message_id: str) -> None:
        try:
            await self._redis.set(self.seen_key(message_id), b"1", ex=self._dedupe)
        except RedisError as error:
            raise StoreError(f"cannot record a message id: {error}") from error

    async def active_count(self, since: float) -> int:
        try:
            return int(await self._redis.zcount(self.active_key, since, "+inf"))
        except RedisError as error:
            raise StoreError(f"cannot count active sessions: {error}") from error

    @property
    def subscribers_key(self) -> str:
        return f"{self._prefix}:subscribers"

    def sent_key(self, campaign: str) -> str:
        return f"{self._prefix}:sent:{{{campaign}}}"

    async def subscribe(self, contact: str, language: str) -> None:
        record = self._codec.seal({"contact": contact, "language": language})
        await self._call(
            self._redis.hset(self.subscribers_key, self._codec.contact_id(contact), record)
        )

    async def unsubscribe(self, contact: str) -> None:
        await self._call(self._redis.hdel(self.subscribers_key, self._codec.contact_id(contact)))

    async def subscribers(self) -> list[Subscriber]:
        records = await self._call(self._redis.hgetall(self.subscribers_key))
        found = []
        for blob in records.values():
            record = self._codec.unseal(blob if isinstance(blob, bytes) else str(blob).encode())
            if record and "contact" in record:
                found.append(Subscriber(record["contact"], record.get("language", "")))
        return found

    async def mark_sent(self, campaign: str, contact: str) -> bool:
        key = self.sent_key(campaign)
        added = await self._call(self._redis.sadd(key, self._codec.contact_id(contact)))
        await self._call(self._redis.expire(key, SENT_RECORD_DAYS * 86400))
        return bool(added)

    async def was_sent(self, campaign: str, contact: str) -> bool:
        member = self._codec.contact_id(contact)
        return bool(await self._call(self._redis.sismember(self.sent_key(campaign), member)))

    async def _call(self, command: Awaitable[T]) -> T:
        try:
            return await command
        except RedisError as error:
            raise StoreError(f"redis: {error}") from error

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except RedisError:
            return False

    async def close(self) -> None:
        await self._redis.aclose()
