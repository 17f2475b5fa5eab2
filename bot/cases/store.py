"""Cases in Redis: encrypted records, the priority queue, atomic changes, audit, outbox.

Key layout. Every key shares the hash tag ``{<prefix>:cases}``, so the transactions
below stay valid on Redis Cluster (one slot: a hotline's cases are few, and they must
change together with their queue), and two deployments sharing a cluster use two
slots (bot/cases/layout.py; written ``{cases}`` below):

* ``<prefix>:{cases}:case:<id>`` - a hash: ``blob`` (the whole case, encrypted) and,
  in the clear for the queue, ``status``, ``priority`` and ``created_at``.
* ``<prefix>:{cases}:waiting`` - sorted set of waiting case ids by priority, then age.
* ``<prefix>:{cases}:claimed`` / ``:closed`` - case ids by claim or close time.
* ``<prefix>:{cases}:contact:<contact hash>`` - the open case of a person (keyed hash).
* ``<prefix>:{cases}:opened:<message hash>`` - the case an inbound message opened, so a
  redelivered message never opens a second one.
* ``<prefix>:{cases}:seen:<update hash>`` - a desk update (a thread message, a button
  press, a command) already carried out, so a redelivery does nothing; written in the
  transaction of what it changed, kept for ``session.dedupe_hours``.
* ``<prefix>:{cases}:threads`` - desk message id -> case id (replies in the thread).
* ``<prefix>:{cases}:holding`` - open cases holding messages until a safe time.
* ``<prefix>:{cases}:seq`` - the case number counter.
* ``<prefix>:{cases}:delays:<priority>`` - recent claim delays, for "usually answers".
* ``<prefix>:{cases}:breaches`` - claim targets missed, by time.
* ``<prefix>:{cases}:staff`` - caseworkers' display names, by Telegram id.
* ``<prefix>:{cases}:audit`` - stream: who did what to which case, when. No content.
* ``<prefix>:{cases}:outbox`` - stream of encrypted outbound messages (bot/cases/outbox).

A case is changed only in a WATCH/MULTI transaction that re-reads it, so concurrent
changes (two caseworkers pressing Claim) never overwrite each other: one wins.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import WatchError

from bot.cases.base import Audit, Change, Settled
from bot.cases.layout import cases_base, move_legacy_keys
from bot.cases.model import FIRST_CASE_NUMBER, Case, CaseStatus, NewCase, queue_score, unlinks
from bot.cases.outbox import Deliver, OutboxWorker, Outgoing, add_to_outbox
from bot.cases.record import from_json, to_json
from bot.store.base import STORAGE_ERRORS, StoreError
from bot.store.client import one_connection
from bot.store.codec import SessionCodec

DELAYS_KEPT = 50
AUDIT_KEPT = 100_000


class RedisCaseStore:
    def __init__(
        self,
        client: Redis,
        codec: SessionCodec,
        *,
        prefix: str,
        dedupe_seconds: int,
        wait_replicas: int = 0,
        wait_milliseconds: int = 1000,
    ):
        self._redis = client
        self._codec = codec
        self._base = cases_base(prefix)
        self._prefix = prefix
        self._dedupe = dedupe_seconds
        self._replicas = wait_replicas  # a new case is safe once this many replicas have it
        self._wait_ms = wait_milliseconds

    def outbox_worker(
        self,
        deliver: Deliver,
        *,
        retry_seconds: float,
        max_attempts: int,
        consumer: str | None = None,
    ) -> OutboxWorker:
        """The worker that sends what this store queued."""
        return OutboxWorker(
            self._redis,
            self._codec,
            self.key("outbox"),
            deliver,
            retry_seconds=retry_seconds,
            max_attempts=max_attempts,
            consumer=consumer,
        )

    async def move_legacy_keys(self) -> int:
        """Cases kept under the old ``{cases}`` tag, moved to this deployment's own."""
        return await move_legacy_keys(self._redis, self._prefix)

    # --- keys ------------------------------------------------------------------------

    def key(self, name: str) -> str:
        return f"{self._base}:{name}"

    def case_key(self, case_id: str) -> str:
        return self.key(f"case:{case_id}")

    def contact_ref(self, contact: str) -> str:
        return self._codec.contact_id(contact)

    def contact_key(self, contact: str) -> str:
        return self.key(f"contact:{self.contact_ref(contact)}")

    def code_hash(self, word: str) -> str:
        return self._codec.keyed_hash("code word", word)

    # --- reading ---------------------------------------------------------------------

    def _decode(self, blob: object) -> Case | None:
        if blob is None:
            return None
        raw = blob if isinstance(blob, bytes) else str(blob).encode()
        return from_json(self._codec.unseal_json(raw))

    async def get(self, case_id: str) -> Case | None:
        return self._decode(await self._call(self._redis.hget(self.case_key(case_id), "blob")))

    async def open_case_of(self, contact: str) -> Case | None:
        case_id = await self._call(self._redis.get(self.contact_key(contact)))
        if case_id is None:
            return None
        case = await self.get(_text(case_id))
        return case if case is not None and case.status is not CaseStatus.CLOSED else None

    async def waiting(self) -> list[Case]:
        """Waiting cases, most urgent first: priority, then age."""
        ids = await self._call(self._redis.zrange(self.key("waiting"), 0, -1))
        return await self._many(ids)

    async def all_cases(self) -> list[Case]:
        ids: list[Any] = []
        for name in ("waiting", "claimed", "closed"):
            ids += await self._call(self._redis.zrange(self.key(name), 0, -1))
        return sorted(await self._many(ids), key=lambda c: c.created_at)

    async def _many(self, ids: list[Any]) -> list[Case]:
        found = []
        for case_id in ids:
            case = await self.get(_text(case_id))
            if case is not None:
                found.append(case)
        return found

    async def holding(self) -> list[Case]:
        """Open cases with caseworker messages held back, waiting for a safe time."""
        return await self._many(list(await self._call(self._redis.smembers(self.key("holding")))))

    async def position(self, case_id: str) -> int | None:
        """1 for the case a caseworker should take next; None when it is not waiting."""
        rank = await self._call(self._redis.zrank(self.key("waiting"), case_id))
        return None if rank is None else int(rank) + 1

    async def outbox_lengths(self) -> tuple[int, int]:
        """(messages waiting to be sent, messages given up), for the metrics."""
        backlog = await self._call(self._redis.xlen(self.key("outbox")))
        dead = await self._call(self._redis.xlen(self.key("outbox:dead")))
        return int(backlog), int(dead)

    async def case_for_thread(self, message_id: int) -> str | None:
        found = await self._call(self._redis.hget(self.key("threads"), str(message_id)))
        return None if found is None else _text(found)

    # --- writing ---------------------------------------------------------------------

    def _write(self, pipe: Pipeline, case: Case) -> None:
        """The case and every index that follows from its state, in one transaction."""
        key = self.case_key(case.id)
        pipe.hset(
            key,
            mapping={
                "blob": self._codec.seal_json(to_json(case)),
                "status": case.status.value,
                "priority": case.priority,
                "created_at": str(case.created_at),
            },
        )
        waiting, claimed, closed = self.key("waiting"), self.key("claimed"), self.key("closed")
        if case.status is CaseStatus.WAITING:
            pipe.zadd(waiting, {case.id: queue_score(case.priority, case.created_at)})
            pipe.zrem(claimed, case.id)
        elif case.status is CaseStatus.CLAIMED:
            pipe.zrem(waiting, case.id)
            pipe.zadd(claimed, {case.id: case.claimed_at or case.created_at})
        else:
            pipe.zrem(waiting, case.id)
            pipe.zrem(claimed, case.id)
            pipe.zadd(closed, {case.id: case.closed_at or case.created_at})
        for message_id in case.desk_messages:
            pipe.hset(self.key("threads"), str(message_id), case.id)
        if case.held and case.status is not CaseStatus.CLOSED:
            pipe.sadd(self.key("holding"), case.id)
        else:
            pipe.srem(self.key("holding"), case.id)

    async def open(self, new: NewCase, build: Callable[[str], Case]) -> tuple[Case, bool]:
        """Store a new case, or return the one this message already opened.

        The case, its queue entry, the person's link to it and the desk's card are
        written in one transaction: once it returns, nothing of it can be lost. With
        ``wait_replicas``, not even with the primary: it returns only once that many
        replicas have the write, and otherwise raises, so the person is not told the
        report was saved and the platform redelivers (the case is found, not doubled).
        """
        opened_key = self._opened_key(new.idempotency)
        existing = await self.opened_by(new.idempotency)
        if existing is not None:
            await self._replicated()
            return existing, False
        number = int(await self._call(self._redis.incr(self.key("seq"))))
        case = build(f"C-{FIRST_CASE_NUMBER + number}")
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                self._write(pipe, case)
                pipe.set(self.contact_key(new.contact), case.id)
                pipe.set(opened_key, case.id, ex=self._dedupe)
                add_to_outbox(pipe, self._codec, self.key("outbox"), Outgoing("card", case.id))
                await pipe.execute()
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot store a case: {error}") from error
        await self._replicated()
        return case, True

    async def _replicated(self) -> None:
        """WAIT counts the writes of its own connection: one marker write on a connection
        of its own, after the case's, is acknowledged only once the replicas have
        everything before it too (replication is one ordered stream)."""
        if self._replicas <= 0:
            return
        connection = one_connection(self._redis, self.key("replicated"))
        try:
            await self._call(connection.set(self.key("replicated"), b"1", px=60_000))
            acknowledged = int(await self._call(connection.wait(self._replicas, self._wait_ms)))
        finally:
            await connection.aclose()
        if acknowledged < self._replicas:
            msg = f"a case reached {acknowledged} of {self._replicas} replicas in time"
            raise StoreError(msg)

    def _opened_key(self, message_id: str) -> str:
        return self.key(f"opened:{self._codec.message_id(message_id)}")

    async def opened_by(self, message_id: str) -> Case | None:
        """The case this inbound message already opened or added to, if any."""
        case_id = await self._call(self._redis.get(self._opened_key(message_id)))
        return None if case_id is None else await self.get(_text(case_id))

    async def remember_opened(self, message_id: str, case_id: str) -> None:
        await self._call(self._redis.set(self._opened_key(message_id), case_id, ex=self._dedupe))

    async def change(
        self, case_id: str, change: Change, *, then: tuple[Outgoing, ...] = ()
    ) -> tuple[Case, bool]:
        """Apply ``change`` atomically: the case afterwards, and whether this call changed it.

        ``then`` is queued for sending in the same transaction, only if the case changed.
        """
        key = self.case_key(case_id)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                while True:
                    try:
                        await pipe.watch(key)
                        case = self._decode(await pipe.hget(key, "blob"))
                        if case is None:
                            await pipe.reset()  # type: ignore[no-untyped-call]
                            raise KeyError(case_id)
                        changed = change(case)
                        if changed is None:
                            await pipe.reset()  # type: ignore[no-untyped-call]
                            return case, False
                        pipe.multi()  # type: ignore[no-untyped-call]
                        self._write(pipe, changed)
                        for item in then:
                            add_to_outbox(pipe, self._codec, self.key("outbox"), item)
                        if unlinks(case, changed):
                            self._unlink(pipe, case)
                        await pipe.execute()
                        return changed, True
                    except WatchError:
                        continue
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot change a case: {error}") from error

    def _unlink(self, pipe: Pipeline, case: Case) -> None:
        """A closed or anonymised case is no longer the person's open case."""
        if case.contact_ref:
            pipe.delete(self.key(f"contact:{case.contact_ref}"))

    # --- desk updates, each carried out once -----------------------------------------

    def _seen_key(self, update: str) -> str:
        return self.key(f"seen:{self._codec.message_id(update)}")

    async def seen(self, update: str) -> bool:
        return bool(await self._call(self._redis.exists(self._seen_key(update))))

    async def settle(
        self,
        update: str,
        audit: Audit,
        *,
        then: tuple[Outgoing, ...] = (),
        case_id: str = "",
        change: Change | None = None,
        refused: str = "refused",
    ) -> Settled:
        """The update's mark, its case change, messages and audit line in one MULTI.

        The mark is WATCHed with the case: of two deliveries of one update racing each
        other, the second to commit is retried, finds the mark and writes nothing. A
        failure before EXEC leaves nothing written, the update unmarked, and Telegram's
        redelivery (the webhook answers 503) carries it out.
        """
        seen, key = self._seen_key(update), self.case_key(case_id)
        watched = (seen, key) if change is not None else (seen,)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                while True:
                    try:
                        await pipe.watch(*watched)
                        # GET, not EXISTS: redis-py's cluster pipeline queues
                        # EXISTS (a multi-key command) even after WATCH.
                        if await pipe.get(seen) is not None:
                            await pipe.reset()  # type: ignore[no-untyped-call]
                            return Settled.REPEAT
                        case = changed = None
                        if change is not None:
                            case = self._decode(await pipe.hget(key, "blob"))
                            if case is None:
                                await pipe.reset()  # type: ignore[no-untyped-call]
                                raise KeyError(case_id)
                            changed = change(case)
                        applies = change is None or changed is not None
                        pipe.multi()  # type: ignore[no-untyped-call]
                        if case is not None and changed is not None:
                            self._write(pipe, changed)
                            if unlinks(case, changed):
                                self._unlink(pipe, case)
                        for item in then if applies else ():
                            add_to_outbox(pipe, self._codec, self.key("outbox"), item)
                        entry = _audit_entry(audit if applies else replace(audit, result=refused))
                        pipe.xadd(self.key("audit"), entry, maxlen=AUDIT_KEPT, approximate=True)
                        pipe.set(seen, b"1", ex=self._dedupe)
                        await pipe.execute()
                        return Settled.DONE if applies else Settled.REFUSED
                    except WatchError:
                        continue
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot carry out a desk update: {error}") from error

    async def forget_seen(self, update: str) -> None:
        await self._call(self._redis.delete(self._seen_key(update)))

    async def enqueue(self, item: Outgoing) -> None:
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                add_to_outbox(pipe, self._codec, self.key("outbox"), item)
                await pipe.execute()
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot queue a message: {error}") from error

    async def delete(self, case_id: str) -> Case | None:
        """Erase a case and every index of it; the case as it was, for the desk."""
        case = await self.get(case_id)
        if case is None:
            return None
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.delete(self.case_key(case_id))
                for name in ("waiting", "claimed", "closed"):
                    pipe.zrem(self.key(name), case_id)
                pipe.srem(self.key("holding"), case_id)
                if case.desk_messages:
                    pipe.hdel(self.key("threads"), *[str(m) for m in case.desk_messages])
                self._unlink(pipe, case)
                await pipe.execute()
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot delete a case: {error}") from error
        return case

    async def closed_before(self, when: float) -> list[str]:
        ids = await self._call(self._redis.zrangebyscore(self.key("closed"), "-inf", when))
        return [_text(i) for i in ids]

    async def remember_sms(self, sid: str, case_id: str) -> None:
        """Which case an SMS to a person was for, under a keyed hash of its SID, for as
        long as Twilio may still report on it (a day)."""
        key = self.key(f"sms:{self._codec.message_id(sid)}")
        await self._call(self._redis.set(key, case_id, ex=86400))

    async def case_of_sms(self, sid: str) -> str | None:
        found = await self._call(self._redis.get(self.key(f"sms:{self._codec.message_id(sid)}")))
        return None if found is None else _text(found)

    async def drop_dead_letters(self, before: float) -> int:
        """Dead letters that failed before ``before`` go: by the time kept with each (a
        key rotation gives them new ids), else by the id's own time."""
        key = self.key("outbox:dead")
        entries: Any = await self._call(self._redis.xrange(key, "-", "+"))
        old = [entry_id for entry_id, fields in entries if _failed_at(entry_id, fields) < before]
        if old:
            await self._call(self._redis.xdel(key, *old))
        return len(old)

    # --- what the desk and supervisors read ---------------------------------------------

    async def audit(self, at: float, actor: str, action: str, case_id: str, result: str) -> None:
        """Who did what to which case, and whether it was allowed. Never any content."""
        entry = _audit_entry(Audit(at, actor, action, case_id, result))
        await self._call(
            self._redis.xadd(self.key("audit"), entry, maxlen=AUDIT_KEPT, approximate=True)
        )

    async def audit_log(self, count: int = 100) -> list[dict[str, str]]:
        entries = await self._call(self._redis.xrevrange(self.key("audit"), count=count))
        return [{_text(k): _text(v) for k, v in fields.items()} for _, fields in entries]

    async def record_claim_delay(self, priority: str, seconds: float) -> None:
        key = self.key(f"delays:{priority}")
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.lpush(key, f"{seconds:.0f}")
            pipe.ltrim(key, 0, DELAYS_KEPT - 1)
            await self._call(pipe.execute())

    async def usual_claim_seconds(self, priority: str) -> float | None:
        """The median of recent claim delays for this priority, None with no history."""
        found = await self._call(self._redis.lrange(self.key(f"delays:{priority}"), 0, -1))
        return statistics.median(float(_text(v)) for v in found) if found else None

    async def record_breach(self, at: float, breach: dict[str, str]) -> None:
        member = json.dumps({**breach, "at": at}, sort_keys=True)
        await self._call(self._redis.zadd(self.key("breaches"), {member: at}))

    async def breaches(self, since: float = 0.0) -> list[dict[str, Any]]:
        found = await self._call(self._redis.zrangebyscore(self.key("breaches"), since, "+inf"))
        return [json.loads(_text(m)) for m in found]

    async def set_staff_name(self, user_id: int, name: str) -> None:
        await self._call(self._redis.hset(self.key("staff"), str(user_id), name[:64]))

    async def staff_names(self) -> dict[int, str]:
        found = await self._call(self._redis.hgetall(self.key("staff")))
        return {int(_text(k)): _text(v) for k, v in found.items()}

    async def _call(self, command: Any) -> Any:
        try:
            return await command
        except STORAGE_ERRORS as error:
            raise StoreError(f"redis: {error}") from error


def _audit_entry(audit: Audit) -> dict[Any, Any]:
    return {
        "at": f"{audit.at:.3f}",
        "actor": audit.actor,
        "action": audit.action,
        "case": audit.case,
        "result": audit.result,
    }


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _failed_at(entry_id: bytes, fields: dict[bytes, bytes]) -> float:
    failed = fields.get(b"failed", b"")
    if failed.isdigit():
        return float(failed)
    return int(entry_id.split(b"-")[0]) / 1000  # a stream id begins with its time in ms
