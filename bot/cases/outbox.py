"""The durable outbox: every message a case sends goes through a Redis stream.

Case cards, the person's messages into the desk thread, caseworkers' answers to the
person and escalations to supervisors are queued in the same transaction as the
change that causes them, then delivered by a worker in a consumer group. A message is
acknowledged (and deleted) only after it was delivered, so a restart or a Telegram
outage loses nothing: an entry not acknowledged is claimed again after
``retry_seconds`` by whichever worker runs, and tried until ``max_attempts``, then
moved to the dead-letter stream and logged. Entries are encrypted: they hold texts and
addresses.

A message into the desk thread or to a person is marked as being sent before the send
and the mark goes with the acknowledgement. A worker killed between the two leaves the
mark, and whoever takes the entry up again is told (``Outgoing.resumed``): the send
may or may not have reached Telegram, which has no way to ask. The delivery then
decides: a thread message goes again, saying it may repeat; a person's message is not
sent twice, and the caseworker is told (bot/cases/delivery.py). Cards keep their own
mark on the case (``card_posting_at``).

Several workers keep each case's order and deliver each entry once: entries are
numbered per case as they are queued and delivered in turn (bot/cases/outbox_turns.py),
so a later entry waits for an earlier one held by another worker, and an entry claimed
a second time after it went is recognised as delivered. A worker reads one entry at a
time and keeps its claim fresh while it delivers (waiting on Telegram's limits, say),
so no other worker takes it up as abandoned. Tries are counted by the worker, not by
the stream, so waiting for a turn uses up none of an entry's attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from typing import Any, cast

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import ResponseError

from bot.cases.outbox_turns import (
    ENQUEUE,
    KEPT_SECONDS,
    CaseTurns,
    counter_key,
    numbered,
    turn_key,
)
from bot.channels.errors import DeliveryError
from bot.store.base import STORAGE_ERRORS
from bot.store.codec import SessionCodec

log = logging.getLogger(__name__)
GROUP = "senders"
KINDS = frozenset({"card", "desk", "person", "staff"})
MARKED = frozenset({"desk", "person"})  # cards carry their mark on the case
SENDING_SECONDS = 7 * 24 * 3600  # a mark outlives any retry, then goes by itself
BATCH = 20  # entries one round takes up, each read just before it is delivered


@dataclass(frozen=True)
class Outgoing:
    """One message to send.

    * ``card``: post the case's card in the desk group, or bring it up to date;
    * ``desk``: ``text`` into the case's thread in the desk group;
    * ``person``: ``text`` from a caseworker to the person, if it is still safe;
    * ``staff``: ``text`` to one staff member (``to``: a Telegram user id).
    """

    kind: str
    case: str
    text: str = ""
    to: str = ""
    buttons: tuple[tuple[str, str], ...] = ()  # (label, callback data), desk messages only
    resumed: bool = False  # an earlier try began sending it and never finished (not stored)


Deliver = Callable[[Outgoing], Awaitable[None]]


def add_to_outbox(pipe: Pipeline, codec: SessionCodec, stream: str, item: Outgoing) -> None:
    stored = {k: v for k, v in asdict(item).items() if k != "resumed"}
    blob = codec.seal_json(stored)
    keys = (stream, counter_key(stream, item.case), turn_key(stream, item.case))
    pipe.eval(ENQUEUE, 3, *keys, blob, item.case, KEPT_SECONDS)


def _decode(codec: SessionCodec, fields: dict[bytes, bytes]) -> Outgoing | None:
    data = codec.unseal_json(fields.get(b"blob", b""))
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        return None
    try:
        buttons = tuple((str(label), str(value)) for label, value in data.pop("buttons", ()))
        if set(data) - {"kind", "case", "text", "to", "resumed"}:
            return None  # written by another version: not guessed at
        return Outgoing(
            str(data["kind"]),
            str(data["case"]),
            str(data.get("text", "")),
            str(data.get("to", "")),
            buttons,
        )
    except (TypeError, ValueError):
        return None


class OutboxWorker:
    def __init__(
        self,
        client: Redis,
        codec: SessionCodec,
        stream: str,
        deliver: Deliver,
        *,
        retry_seconds: float,
        max_attempts: int,
        consumer: str | None = None,
    ) -> None:
        self._redis = client
        self._codec = codec
        self._stream = stream
        self._dead = f"{stream}:dead"
        self._tries = f"{stream}:tries"  # entry id -> failed deliveries
        self._turns = CaseTurns(client, stream)
        self._deliver = deliver
        self._retry_ms = int(retry_seconds * 1000)
        self._max_attempts = max_attempts
        self._consumer = consumer or f"{socket.gethostname()}-{os.getpid()}"
        self._stopping = asyncio.Event()

    async def ensure_group(self) -> None:
        try:
            await self._redis.xgroup_create(self._stream, GROUP, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    async def run_once(self, block_ms: int | None = None) -> int:
        """Deliver what is due: entries left by a failed try or a dead worker, then new
        ones, one at a time. Returns how many were delivered or given up."""
        await self.ensure_group()
        handled = 0
        later: set[str] = set()  # cases waiting for an earlier entry, this round
        cursor = "0-0"
        for _ in range(BATCH):
            claimed: Any = await self._redis.xautoclaim(
                self._stream, GROUP, self._consumer, self._retry_ms, start_id=cursor, count=1
            )
            for entry_id, fields in claimed[1]:
                if fields:
                    handled += await self._handle(entry_id, fields, later)
            cursor = claimed[0].decode() if isinstance(claimed[0], bytes) else str(claimed[0])
            if cursor == "0-0" or not claimed[1]:
                break
        for n in range(BATCH):
            answer: Any = await self._redis.xreadgroup(
                GROUP,
                self._consumer,
                {self._stream: ">"},
                count=1,
                block=block_ms if n == 0 else None,
            )
            if not answer:
                break
            for _, entries in answer:
                for entry_id, fields in entries:
                    handled += await self._handle(entry_id, fields, later)
        return handled

    async def _handle(self, entry_id: bytes, fields: dict[bytes, bytes], later: set[str]) -> int:
        turn = numbered(fields)
        if turn is not None:
            if turn[0] in later:
                return 0  # its case waits for an earlier entry this round
            state = await self._turns.wait(*turn)
            if state == "delivered":  # claimed again after it went: never sent twice
                await self._done(entry_id, None)
                return 1
            if state == "later":
                later.add(turn[0])
                return 0  # an earlier entry of its case is still on its way
        item = _decode(self._codec, fields)
        if item is None:
            log.error("outbox entry %s cannot be read (another data key?): dropped", entry_id)
            await self._done(entry_id, turn)
            return 1
        keep = asyncio.create_task(self._keep_claim(entry_id))
        try:
            return await self._deliver_entry(entry_id, fields, item, turn)
        finally:
            keep.cancel()
            await asyncio.gather(keep, return_exceptions=True)

    async def _deliver_entry(
        self,
        entry_id: bytes,
        fields: dict[bytes, bytes],
        item: Outgoing,
        turn: tuple[str, int] | None,
    ) -> int:
        marked = item.kind in MARKED
        if marked:
            first = await self._redis.set(self._mark(entry_id), b"1", nx=True, ex=SENDING_SECONDS)
            if not first:
                item = replace(item, resumed=True)
        try:
            await self._deliver(item)
        except DeliveryError as error:
            if marked:
                await self._redis.delete(self._mark(entry_id))  # failed, did not half-send
            attempts = await self._count_try(entry_id)
            if attempts < self._max_attempts:
                log.warning("outbox %s for %s failed (%s); will retry", item.kind, item.case, error)
                return 0
            log.error(
                "outbox %s for %s failed %d times: dead-lettered", item.kind, item.case, attempts
            )
            # When it failed, kept with it: a key rotation appends dead letters again
            # under new ids, and their age must not start over.
            dead = {**fields, b"failed": str(int(time.time())).encode()}
            await self._redis.xadd(self._dead, cast(Any, dead))
        await self._done(entry_id, turn)
        return 1

    async def _keep_claim(self, entry_id: bytes) -> None:
        """Claim the entry afresh while it is being delivered, so that no other worker
        takes it up as abandoned (JUSTID: the count of tries does not grow)."""
        while True:
            await asyncio.sleep(max(self._retry_ms / 3000, 0.05))
            with contextlib.suppress(*STORAGE_ERRORS):
                await self._redis.xclaim(
                    self._stream, GROUP, self._consumer, 0, [entry_id], justid=True
                )

    async def _count_try(self, entry_id: bytes) -> int:
        return int(await self._redis.hincrby(self._tries, entry_id.decode(), 1))

    def _mark(self, entry_id: bytes) -> str:
        return f"{self._stream}:sending:{entry_id.decode()}"

    async def _done(self, entry_id: bytes, turn: tuple[str, int] | None) -> None:
        """Acknowledged, deleted, and (in its turn) the case's turn moves on."""
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.xack(self._stream, GROUP, entry_id)
            pipe.xdel(self._stream, entry_id)  # delivered: its text is not kept
            pipe.delete(self._mark(entry_id))
            pipe.hdel(self._tries, entry_id.decode())
            if turn is not None:
                self._turns.advance(pipe, *turn)
            await pipe.execute()

    async def run(self, idle_seconds: float = 1.0) -> None:
        """Deliver until ``stop``; a Redis outage is waited out, never fatal."""
        while not self._stopping.is_set():
            try:
                await self.run_once(block_ms=int(idle_seconds * 1000))
            except STORAGE_ERRORS as error:
                log.warning("outbox: redis unavailable (%s); retrying", type(error).__name__)
                await asyncio.sleep(idle_seconds)
            except Exception:  # one bad delivery must not stop every other one
                log.exception("outbox: unexpected error")
                await asyncio.sleep(idle_seconds)

    def stop(self) -> None:
        self._stopping.set()
