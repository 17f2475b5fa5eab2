"""Sessions in Redis: one key per contact with a TTL, a lock per contact, dedupe keys.

Key layout (``{...}`` is a Redis Cluster hash tag, so a contact's keys share a slot):

* ``<prefix>:{<contact id>}:session`` - a hash: ``blob`` (the encrypted session);
  expires after ``session.retention_days`` without a message.
* ``<prefix>:{<contact id>}:lock`` - the contact's lock (redis-py's token lock, held as a
  short lease renewed while working; see ``bot.store.lease``).
* ``<prefix>:{<contact id>}:queue`` - the person's messages waiting their turn, by
  Telegram's update id or by arrival (``:arrivals``, a ticket counter), so they are
  handled in that order across workers (``bot.store.arrivals``); an hour after the
  last message both expire.
* ``<prefix>:{<contact id>}:draft`` - encrypted draft variables (a report's answers not
  yet sent), kept ``session.idle_minutes`` (``Drafts``).
* ``<prefix>:{<contact id>}:unsent`` - encrypted replies to the last message not yet
  known to be sent (``Unsent``), written with the session; kept ``UNSENT_SECONDS``.
* ``<prefix>:{<contact id>}:seen:<message id>`` - a message of the contact's already
  handled, kept for ``session.dedupe_hours`` (Telegram and Twilio redeliver on
  timeouts); under the contact's tag, so it is written in the session's transaction.
* ``<prefix>:seen:{<message id>}`` - an id of no one's (a delivery report) handled.
* ``<prefix>:subscribers`` - a hash of contact id -> encrypted {contact, language} for
  those who asked for safety tips (kept until they unsubscribe, stop or are forgotten).
* ``<prefix>:sent:{<campaign>}`` - a set of contact ids a broadcast reached, so a rerun
  sends nobody twice; kept for ``SENT_RECORD_DAYS``. ``…:sending`` beside it: sends that
  began and had not finished (recorded before the send: an interrupted run never
  sends one of them again).
* ``<prefix>:active`` - a sorted set of contact ids by their last message time, for the
  open-sessions metric; entries older than the retention are trimmed on each write.
  Written after the session's transaction, not in it: it lives in another slot.

Contact and message ids are keyed hashes (``SessionCodec``), never phone numbers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from bot.engine.model import Session
from bot.store.arrivals import Queue, in_arrival_order
from bot.store.base import STORAGE_ERRORS, Arrival, StoreError, Subscriber, Unsent
from bot.store.codec import SessionCodec
from bot.store.lease import leased

T = TypeVar("T")


@dataclass(frozen=True)
class Drafts:
    """Session variables that are a draft (a flow's private variables: the answers of a
    report not yet sent): kept apart from the session with the idle time as their TTL,
    so a report abandoned by silence is gone when the idle time passes, not when the
    person writes again."""

    prefixes: tuple[str, ...]
    seconds: int

    def split(self, session: Session) -> tuple[Session, dict[str, str]]:
        draft = {k: v for k, v in session.vars.items() if k.startswith(self.prefixes)}
        return (session.without_vars(*draft) if draft else session), draft


SENT_RECORD_DAYS = 90
# Replies not known to be sent are kept this long for a redelivery to find: Telegram
# and Twilio (with connection overrides) redeliver within minutes. Sent Telegram
# replies are deleted at once; SMS replies, answered in TwiML, live out this time.
UNSENT_SECONDS = 3600
# A person's arrival counters restart after this long without a message.
ARRIVALS_SECONDS = 3600
# The longest a message waits for those before it, however long they are worked on
# (Telegram redelivers a webhook left unanswered for about a minute).
ARRIVAL_WAIT_SECONDS = 50.0


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
        lock_lease: float = 3.0,
        drafts: Drafts | None = None,
    ) -> None:
        self._redis = client
        self._codec = codec
        self._prefix = prefix
        self._retention = retention_seconds
        self._dedupe = dedupe_seconds
        self._lock_timeout = lock_timeout
        self._lock_lease = lock_lease
        self._drafts = drafts

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

    def member_key(self, member: str, name: str) -> str:
        """A key of one contact's own, by their keyed id: all in one Cluster slot."""
        return f"{self._prefix}:{{{member}}}:{name}"

    def contact_key(self, contact: str, name: str) -> str:
        return self.member_key(self._codec.contact_id(contact), name)

    def session_key(self, contact: str) -> str:
        return self.contact_key(contact, "session")

    def lock_key(self, contact: str) -> str:
        return self.contact_key(contact, "lock")

    @property
    def deferred_index_key(self) -> str:
        """Who has replies waiting out a Bot API outage (``bot.store.deferred``)."""
        return f"{self._prefix}:deferred"

    @property
    def active_key(self) -> str:
        return f"{self._prefix}:active"

    def seen_key(self, message_id: str) -> str:
        """The mark of an id that belongs to no one (``mark_processed``)."""
        return f"{self._prefix}:seen:{{{self._codec.message_id(message_id)}}}"

    def processed_key(self, contact: str, message_id: str) -> str:
        """The mark of a contact's message, in the slot of their session."""
        return self.contact_key(contact, f"seen:{self._codec.message_id(message_id)}")

    @asynccontextmanager
    async def locked(self, contact: str, arrival: Arrival | None = None) -> AsyncIterator[None]:
        # A message first waits its turn in the person's queue (bot.store.arrivals);
        # then a short lease renewed while working: a crashed worker frees the person
        # within ``lock_lease`` seconds; a live one keeps the lock however long it works.
        async with AsyncExitStack() as stack:
            if arrival is not None:
                queue = Queue(
                    self.contact_key(contact, "queue"),
                    self.contact_key(contact, "arrivals"),
                    self.lock_key(contact),
                )
                await stack.enter_async_context(
                    in_arrival_order(
                        self._redis,
                        queue,
                        arrival.order,
                        free_grace=self._lock_lease,
                        wait=ARRIVAL_WAIT_SECONDS,
                        ttl=ARRIVALS_SECONDS,
                    )
                )
            await stack.enter_async_context(
                leased(
                    self._redis,
                    self.lock_key(contact),
                    lease=self._lock_lease,
                    wait=self._lock_timeout,
                )
            )
            yield

    def draft_key(self, contact: str) -> str:
        return self.contact_key(contact, "draft")

    async def load(self, contact: str) -> Session | None:
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.hget(self.session_key(contact), "blob")
                pipe.get(self.draft_key(contact))
                blob, draft = await pipe.execute()
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot load a session: {error}") from error
        return self._with_draft(self._decode(blob), draft)

    async def load_unless_processed(
        self, contact: str, message_id: str | None
    ) -> tuple[bool, Session | None]:
        if message_id is None:
            return False, await self.load(contact)
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.exists(self.processed_key(contact, message_id))
                pipe.exists(self.seen_key(message_id))  # a /forget's own mark
                pipe.hget(self.session_key(contact), "blob")
                pipe.get(self.draft_key(contact))
                theirs, no_ones, blob, draft = await pipe.execute()
            seen = theirs or no_ones
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot load a session: {error}") from error
        if seen:
            return True, None
        return False, self._with_draft(self._decode(blob), draft)

    def _with_draft(self, session: Session | None, draft: object) -> Session | None:
        if session is None or not isinstance(draft, bytes):
            return session
        found = self._codec.unseal_json(draft)
        if not isinstance(found, dict):
            return session
        return session.with_vars({str(k): str(v) for k, v in found.items()})

    def _decode(self, blob: object) -> Session | None:
        if blob is None:
            return None
        return self._codec.decode(blob if isinstance(blob, bytes) else str(blob).encode())

    def unsent_key(self, contact: str) -> str:
        return self.contact_key(contact, "unsent")

    async def save(
        self,
        contact: str,
        session: Session,
        *,
        processed: str | None = None,
        unsent: Unsent | None = None,
    ) -> None:
        key = self.session_key(contact)
        kept, draft = self._drafts.split(session) if self._drafts else (session, {})
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(key, "blob", self._codec.encode(kept))
                if draft and self._drafts is not None:
                    sealed = self._codec.seal_json(draft)
                    pipe.set(self.draft_key(contact), sealed, ex=self._drafts.seconds)
                else:
                    pipe.delete(self.draft_key(contact))
                pipe.expire(key, self._retention)
                self._queue_after_write(pipe, contact, processed, unsent)
                await pipe.execute()
            async with self._redis.pipeline(transaction=False) as pipe:
                member = self._codec.contact_id(contact)
                pipe.zadd(self.active_key, {member: session.updated_at})
                pipe.zremrangebyscore(self.active_key, "-inf", session.updated_at - self._retention)
                await pipe.execute()
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot save a session: {error}") from error

    async def delete(
        self, contact: str, *, processed: str | None = None, unsent: Unsent | None = None
    ) -> None:
        """Forget the contact: the session and every key or record naming them.

        The session, kept and deferred replies and the contact's own keys go in one
        transaction; then their message marks, and every other record that holds their
        keyed id (open-sessions index, deferred-reply index, subscribers, each
        broadcast's ``sent`` set) loses it. The message that asked is marked last,
        under its own id and not theirs: a crash before the mark only repeats the
        forgetting when the platform redelivers.
        """
        member = self._codec.contact_id(contact)
        names = ("session", "draft", "unsent", "deferred", "arrivals", "queue")
        own = [self.member_key(member, name) for name in names]
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.delete(*own)
                self._queue_after_write(pipe, contact, None, unsent)
                await pipe.execute()
            marks = self.member_key(member, "seen:*")
            async for key in self._redis.scan_iter(match=marks, count=500):
                await self._redis.delete(key)
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.zrem(self.active_key, member)
                pipe.zrem(self.deferred_index_key, member)
                pipe.hdel(self.subscribers_key, member)
                async for key in self._redis.scan_iter(match=f"{self._prefix}:sent:*", count=500):
                    pipe.srem(key, member)
                if processed is not None:
                    pipe.set(self.seen_key(processed), b"1", ex=self._dedupe)
                await pipe.execute()
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot delete a session: {error}") from error

    def _queue_after_write(
        self, pipe: Pipeline, contact: str, processed: str | None, unsent: Unsent | None
    ) -> None:
        if processed is not None:
            pipe.set(self.processed_key(contact, processed), b"1", ex=self._dedupe)
        if unsent is not None:
            pipe.set(self.unsent_key(contact), self._seal_unsent(unsent), ex=UNSENT_SECONDS)

    def _seal_unsent(self, unsent: Unsent) -> bytes:
        return self._codec.seal_json({"for": unsent.message_id, "messages": list(unsent.messages)})

    async def unsent(self, contact: str) -> Unsent | None:
        blob = await self._call(self._redis.get(self.unsent_key(contact)))
        if blob is None:
            return None
        data = self._codec.unseal_json(blob if isinstance(blob, bytes) else str(blob).encode())
        if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
            return None
        return Unsent(str(data.get("for", "")), tuple(data["messages"]))

    async def keep_unsent(self, contact: str, unsent: Unsent | None) -> None:
        key = self.unsent_key(contact)
        if unsent is None or not unsent.messages:
            await self._call(self._redis.delete(key))
        else:
            await self._call(self._redis.set(key, self._seal_unsent(unsent), ex=UNSENT_SECONDS))

    async def was_processed(self, message_id: str) -> bool:
        try:
            return bool(await self._redis.exists(self.seen_key(message_id)))
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot check a message id: {error}") from error

    async def mark_processed(self, message_id: str) -> None:
        try:
            await self._redis.set(self.seen_key(message_id), b"1", ex=self._dedupe)
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot record a message id: {error}") from error

    async def active_count(self, since: float) -> int:
        try:
            return int(await self._redis.zcount(self.active_key, since, "+inf"))
        except STORAGE_ERRORS as error:
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

    def sending_key(self, campaign: str) -> str:
        return f"{self.sent_key(campaign)}:sending"

    async def mark_sent(self, campaign: str, contact: str) -> bool:
        key, member = self.sent_key(campaign), self._codec.contact_id(contact)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.sadd(key, member)
            pipe.srem(self.sending_key(campaign), member)
            pipe.expire(key, SENT_RECORD_DAYS * 86400)
            added, _, _ = await self._call(pipe.execute())
        return bool(added)

    async def begin_send(self, campaign: str, contact: str) -> bool:
        member = self._codec.contact_id(contact)
        if await self.was_sent(campaign, contact):
            return False
        sending = self.sending_key(campaign)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.sadd(sending, member)
            pipe.expire(sending, SENT_RECORD_DAYS * 86400)
            added, _ = await self._call(pipe.execute())
        return bool(added)

    async def abort_send(self, campaign: str, contact: str) -> None:
        member = self._codec.contact_id(contact)
        await self._call(self._redis.srem(self.sending_key(campaign), member))

    async def uncertain(self, campaign: str) -> int:
        return int(await self._call(self._redis.scard(self.sending_key(campaign))))

    async def was_sent(self, campaign: str, contact: str) -> bool:
        member = self._codec.contact_id(contact)
        return bool(await self._call(self._redis.sismember(self.sent_key(campaign), member)))

    async def _call(self, command: Awaitable[T]) -> T:
        try:
            return await command
        except STORAGE_ERRORS as error:
            raise StoreError(f"redis: {error}") from error

    async def ping(self) -> bool:
        """Redis answers and takes writes: a replica (READONLY), a cluster node that does
        not hold the key (MOVED) or a Sentinel's own port reads as unhealthy, where a
        PING would say yes. The probe key holds nothing and expires by itself."""
        try:
            return bool(await self._redis.set(f"{self._prefix}:health", b"1", ex=60))
        except STORAGE_ERRORS:
            return False

    async def close(self) -> None:
        await self._redis.aclose()
