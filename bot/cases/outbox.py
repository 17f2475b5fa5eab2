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
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from typing import Any, cast

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import RedisError, ResponseError

from bot.channels.errors import DeliveryError
from bot.store.codec import SessionCodec

log = logging.getLogger(__name__)
GROUP = "senders"
KINDS = frozenset({"card", "desk", "person", "staff"})
MARKED = frozenset({"desk", "person"})  # cards carry their mark on the case
SENDING_SECONDS = 7 * 24 * 3600  # a mark outlives any retry, then goes by itself


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
    pipe.xadd(stream, {"blob": codec.seal_json(stored)})


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
        ones. Returns how many were delivered or given up."""
        await self.ensure_group()
        handled = 0
        claimed: Any = await self._redis.xautoclaim(
            self._stream, GROUP, self._consumer, self._retry_ms, start_id="0-0", count=20
        )
        for entry_id, fields in claimed[1]:
            if fields:
                handled += await self._handle(entry_id, fields)
        answer: Any = await self._redis.xreadgroup(
            GROUP, self._consumer, {self._stream: ">"}, count=20, block=block_ms
        )
        for _, entries in answer or []:
            for entry_id, fields in entries:
                handled += await self._handle(entry_id, fields)
        return handled

    async def _handle(self, entry_id: bytes, fields: dict[bytes, bytes]) -> int:
        item = _decode(self._codec, fields)
        if item is None:
            log.error("outbox entry %s cannot be read (another data key?): dropped", entry_id)
            await self._done(entry_id)
            return 1
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
            attempts = await self._attempts(entry_id)
            if attempts < self._max_attempts:
                log.warning("outbox %s for %s failed (%s); will retry", item.kind, item.case, error)
                return 0
            log.error(
                "outbox %s for %s failed %d times: dead-lettered", item.kind, item.case, attempts
            )
            await self._redis.xadd(self._dead, cast(Any, fields))
        await self._done(entry_id)
        return 1

    async def _attempts(self, entry_id: bytes) -> int:
        pending = await self._redis.xpending_range(
            self._stream, GROUP, min=entry_id, max=entry_id, count=1
        )
        return int(pending[0]["times_delivered"]) if pending else 1

    def _mark(self, entry_id: bytes) -> str:
        return f"{self._stream}:sending:{entry_id.decode()}"

    async def _done(self, entry_id: bytes) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.xack(self._stream, GROUP, entry_id)
            pipe.xdel(self._stream, entry_id)  # delivered: its text is not kept
            pipe.delete(self._mark(entry_id))
            await pipe.execute()

    async def run(self, idle_seconds: float = 1.0) -> None:
        """Deliver until ``stop``; a Redis outage is waited out, never fatal."""
        while not self._stopping.is_set():
            try:
                await self.run_once(block_ms=int(idle_seconds * 1000))
            except RedisError as error:
                log.warning("outbox: redis unavailable (%s); retrying", type(error).__name__)
                await asyncio.sleep(idle_seconds)
            except Exception:  # one bad delivery must not stop every other one
                log.exception("outbox: unexpected error")
                await asyncio.sleep(idle_seconds)

    def stop(self) -> None:
        self._stopping.set()
