"""One person's messages handled in the order they arrived, across workers.

The contact's lock alone lets whichever waiter polls first go next: Twilio posts a
person's SMS without waiting for the answer to the one before, and two posts 2 ms
apart at two workers ran out of order (issue #15, item 5). So a message waits in the
person's queue (a sorted set in their slot) until it is the first there, then takes
the lock. Its place is the platform's own order where there is one (Telegram's update
ids rise with time, so a message that reaches a busy worker late still goes before a
later one that reached an idle worker first), and otherwise its arrival (a ticket).

It waits as long as someone holds the person's lock (a reply held back by Telegram's
rate limit can hold it for seconds). A message whose worker died never leaves the
queue: once the lock has been free for ``free_grace`` seconds with it first, it is
dropped from the queue and the next goes; the lock still keeps them apart. ``wait``
caps the whole wait. The keys expire after ``ttl`` seconds of quiet.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from bot.store.base import STORAGE_ERRORS, StoreError

POLL_SECONDS = 0.005  # between looks at whose turn it is, only while someone is ahead


@dataclass(frozen=True)
class Queue:
    """A person's queue of messages: its sorted set, its ticket counter, their lock."""

    pending: str
    tickets: str
    lock: str


_JOIN = """
local order = ARGV[1]
if order == '' then order = redis.call('INCR', KEYS[2]) end
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[1], order, ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return redis.call('ZRANGE', KEYS[1], 0, 0)[1]
"""
# The first in the queue, after dropping `ARGV[1]` if it is still first (its worker died).
_FIRST = """
if ARGV[1] ~= '' and redis.call('ZRANGE', KEYS[1], 0, 0)[1] == ARGV[1] then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return {redis.call('ZRANGE', KEYS[1], 0, 0)[1] or false, redis.call('EXISTS', KEYS[2])}
"""


@asynccontextmanager
async def in_arrival_order(
    client: Redis,
    queue: Queue,
    order: int | None,
    *,
    free_grace: float,
    wait: float,
    ttl: int,
) -> AsyncIterator[None]:
    """Run the block once this message is first in the person's queue."""
    me = f"{order if order is not None else ''}:{uuid.uuid4().hex}"
    keys = (queue.pending, queue.tickets)
    try:
        first: Any = await client.eval(_JOIN, 2, *keys, "" if order is None else order, me, ttl)
    except STORAGE_ERRORS as error:
        raise StoreError(f"cannot join the person's queue: {error}") from error
    now = time.monotonic()
    deadline, free_since = now + wait, now
    dead = ""
    while _text(first) != me and now < deadline:
        await asyncio.sleep(POLL_SECONDS)
        try:
            answer: Any = await client.eval(_FIRST, 2, queue.pending, queue.lock, dead)
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot read whose turn it is: {error}") from error
        first, held, now = answer[0], bool(answer[1]), time.monotonic()
        dead = ""
        if held:
            free_since = now
        elif now - free_since >= free_grace and _text(first) != me:
            dead, free_since = _text(first), now  # first for a while, lock untaken: gone
    try:
        yield
    finally:
        # A failure here only makes the next message wait out `free_grace`.
        with suppress(*STORAGE_ERRORS):
            await client.zrem(queue.pending, me)


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode()
    return "" if value is None or value is False else str(value)
