"""One person's messages in the order they arrived, across workers (#15, item 5).

Three workers (three clients of their own, as three ``serve`` processes have) take a
person's messages posted a few milliseconds apart, as Twilio posts SMS without
waiting for answers. Each is handled only after those that arrived before it; other
people are not held up; a ticket whose worker died is waited out, not forever.
"""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from bot.store.arrivals import Queue, in_arrival_order
from bot.store.base import Arrival
from bot.store.lease import leased
from bot.store.redis import RedisStore
from tests.conftest import make_store

PEOPLE = [f"sms:+99290000{n:04d}" for n in range(20)]


async def test_twenty_people_each_writing_five_messages_to_three_workers(
    redis_url: str, key_prefix: str
) -> None:
    workers = [make_store(Redis.from_url(redis_url), key_prefix) for _ in range(3)]
    handled: dict[str, list[int]] = {p: [] for p in PEOPLE}

    async def arrive(worker: RedisStore, person: str, n: int) -> None:
        async with worker.locked(person, Arrival()):  # SMS: no order but arrival
            # Work of uneven length: without the tickets, a later message whose worker
            # polled the lock first overtakes.
            await asyncio.sleep(0.01 * ((n * 7) % 3))
            handled[person].append(n)

    try:
        # Running workers have their connections open: a first connect would delay an
        # arrival's ticket behind the next one's, as it would a request's in a cold worker.
        await asyncio.gather(*(w.client.ping() for w in workers for _ in range(len(PEOPLE))))
        arrivals = []
        for n in range(5):
            for i, person in enumerate(PEOPLE):
                arrivals.append(asyncio.create_task(arrive(workers[(n + i) % 3], person, n)))
            await asyncio.sleep(0.002)  # the next message of each, 2 ms later
        await asyncio.gather(*arrivals)
    finally:
        for worker in workers:
            await worker.close()
    assert handled == {p: [0, 1, 2, 3, 4] for p in PEOPLE}


def _queue(key_prefix: str, name: str) -> Queue:
    base = f"{key_prefix}:{{{name}}}"
    return Queue(f"{base}:queue", f"{base}:arrivals", f"{base}:lock")


async def test_a_message_whose_worker_died_is_waited_out(
    redis_client: Redis, key_prefix: str
) -> None:
    queue = _queue(key_prefix, "x")
    await redis_client.zadd(queue.pending, {"1:dead-worker": 1})  # joined, then its worker died
    started = time.monotonic()
    async with in_arrival_order(redis_client, queue, 2, free_grace=0.3, wait=30, ttl=60):
        waited = time.monotonic() - started
    assert 0.3 <= waited < 2  # the lock stayed free: the one ahead is gone
    assert await redis_client.zcard(queue.pending) == 0  # and it is out of the queue
    started = time.monotonic()
    async with in_arrival_order(redis_client, queue, 3, free_grace=0.3, wait=30, ttl=60):
        assert time.monotonic() - started < 0.2  # nobody ahead now


async def test_a_turn_waits_as_long_as_the_one_ahead_holds_the_lock(
    redis_client: Redis, key_prefix: str
) -> None:
    """A reply held back by the rate limit can keep the lock for seconds: the next
    message waits for it however long, rather than racing a later one for the lock."""
    queue = _queue(key_prefix, "y")
    await redis_client.zadd(queue.pending, {"1:working": 1})
    await redis_client.set(queue.lock, b"token", px=5000)

    async def finish_in(seconds: float) -> None:
        await asyncio.sleep(seconds)
        await redis_client.delete(queue.lock)
        await redis_client.zrem(queue.pending, "1:working")

    started = time.monotonic()
    finishing = asyncio.create_task(finish_in(1.0))
    async with in_arrival_order(redis_client, queue, 2, free_grace=0.3, wait=30, ttl=60):
        waited = time.monotonic() - started
    await finishing
    assert 1.0 <= waited < 1.5  # past free_grace, because the lock was held


async def test_a_later_update_that_joined_first_still_goes_second(
    redis_client: Redis, key_prefix: str
) -> None:
    """Telegram's update ids order a person's messages: update 8 reached an idle worker
    before update 7 reached a busy one, while the lock was held; 7 goes first."""
    queue = _queue(key_prefix, "z")
    await redis_client.zadd(queue.pending, {"6:working": 6})  # update 6, holding the lock
    await redis_client.set(queue.lock, b"token", px=5000)
    handled: list[int] = []

    async def message(order: int, delay: float) -> None:
        await asyncio.sleep(delay)
        async with in_arrival_order(redis_client, queue, order, free_grace=1, wait=30, ttl=60):
            handled.append(order)

    async def release_in(seconds: float) -> None:
        await asyncio.sleep(seconds)
        await redis_client.delete(queue.lock)
        await redis_client.zrem(queue.pending, "6:working")

    await asyncio.gather(message(8, 0.0), message(7, 0.1), release_in(0.3))
    assert handled == [7, 8]


async def test_the_lock_alone_would_reorder_them(redis_url: str, key_prefix: str) -> None:
    """The same arrivals through the bare lease lock, the old way: the test above
    would fail without the tickets (kept so that its claim is measured, not assumed)."""
    clients = [Redis.from_url(redis_url) for _ in range(3)]
    handled: dict[str, list[int]] = {p: [] for p in PEOPLE}

    async def arrive(client: Redis, person: str, n: int) -> None:
        async with leased(client, f"{key_prefix}:{{{person}}}:lock", lease=3.0, wait=10.0):
            await asyncio.sleep(0.01 * ((n * 7) % 3))
            handled[person].append(n)

    try:
        await asyncio.gather(*(c.ping() for c in clients for _ in range(len(PEOPLE))))
        arrivals = []
        for n in range(5):
            for i, person in enumerate(PEOPLE):
                arrivals.append(asyncio.create_task(arrive(clients[(n + i) % 3], person, n)))
            await asyncio.sleep(0.002)
        await asyncio.gather(*arrivals)
    finally:
        for client in clients:
            await client.aclose()
    out_of_order = sum(order != sorted(order) for order in handled.values())
    assert out_of_order > 0
