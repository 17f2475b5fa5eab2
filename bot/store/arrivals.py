"""One person's messages handled in the order they arrived, across workers.

The contact's lock alone lets whichever waiter polls first go next: Twilio posts a
person's SMS without waiting for the answer to the one before, and two posts 2 ms
apart at two workers ran out of order (issue #15, item 5). So each arrival takes a
ticket first (INCR, in the contact's slot) and waits until every ticket before it
has been served, then takes the lock. A ticket whose holder died never gets served:
after ``wait`` seconds the next one goes anyway, and the lock still keeps them apart.
Both counters expire together after ``ttl`` seconds of quiet, so they restart from 0;
once the person is forgotten (the counters deleted) the one being handled writes none.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from redis.asyncio import Redis

from bot.store.base import STORAGE_ERRORS, StoreError

POLL_SECONDS = 0.005  # between looks at whose turn it is, only while someone is ahead

_TAKE = """
local ticket = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return {ticket, tonumber(redis.call('GET', KEYS[2]) or '0')}
"""
_SERVED = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local served = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) > served then redis.call('SET', KEYS[2], ARGV[1]) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 0
"""


@asynccontextmanager
async def in_arrival_order(
    client: Redis, tickets_key: str, served_key: str, *, wait: float, ttl: int
) -> AsyncIterator[None]:
    """Run the block once every earlier arrival of this person has been handled (or
    ``wait`` seconds have passed)."""
    keys = (tickets_key, served_key)
    try:
        reply: Any = await client.eval(_TAKE, 2, *keys, ttl)
    except STORAGE_ERRORS as error:
        raise StoreError(f"cannot take an arrival ticket: {error}") from error
    ticket, served = int(reply[0]), int(reply[1])
    deadline = time.monotonic() + wait
    while served < ticket - 1 and time.monotonic() < deadline:
        await asyncio.sleep(POLL_SECONDS)
        try:
            served = int(await client.get(served_key) or 0)
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot read whose turn it is: {error}") from error
    try:
        yield
    finally:
        # A failure here only makes the next arrival wait out `wait`: never fatal.
        with suppress(*STORAGE_ERRORS):
            await client.eval(_SERVED, 2, *keys, ticket, ttl)
