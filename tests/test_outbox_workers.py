"""Several outbox workers on one stream (#15, item 4): each case's messages arrive in
the order they were queued and once each, whichever worker takes which, and an entry
that waits long on Telegram is not taken up by another worker as abandoned. Real
Redis; each worker has its own consumer name, as separate processes would. A case's
turn never passes an entry still waiting, never sticks behind one that is gone, and
waiting for it costs an entry none of its attempts."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from redis.asyncio import Redis

from bot.cases.outbox import OutboxWorker, Outgoing, add_to_outbox
from bot.cases.store import RedisCaseStore
from bot.channels.errors import DeliveryError
from bot.config.secrets import DataKeys
from bot.store.codec import SessionCodec


async def _run_until(workers: list[OutboxWorker], done: asyncio.Event, *, seconds: float) -> None:
    async def loop(worker: OutboxWorker) -> None:
        while not done.is_set():
            await worker.run_once(block_ms=30)

    tasks = [asyncio.create_task(loop(w)) for w in workers]
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout=seconds)
    done.set()
    await asyncio.gather(*tasks)


async def test_three_workers_keep_each_cases_order_and_deliver_once(
    case_store: RedisCaseStore,
) -> None:
    delivered: list[tuple[str, str]] = []
    done = asyncio.Event()

    async def deliver(item: Outgoing) -> None:
        # Uneven sends, as Telegram's are: the slowest is the first of each case.
        await asyncio.sleep(0.08 if item.text.endswith(" 1") else 0.005 * (len(delivered) % 4))
        delivered.append((item.case, item.text))
        if len(delivered) == 18:
            done.set()

    workers = [
        case_store.outbox_worker(deliver, retry_seconds=5, max_attempts=5, consumer=f"w{n}")
        for n in range(3)
    ]
    for worker in workers:
        await worker.ensure_group()

    async def produce() -> None:
        for n in range(1, 10):
            for case in ("C-1", "C-2"):
                await case_store.enqueue(Outgoing("person", case, f"{case} {n}"))
                await asyncio.sleep(0.004)

    await asyncio.gather(produce(), _run_until(workers, done, seconds=20))
    for case in ("C-1", "C-2"):
        got = [text for c, text in delivered if c == case]
        assert got == [f"{case} {n}" for n in range(1, 10)], got


async def test_an_entry_waiting_long_on_telegram_is_not_taken_up_twice(
    case_store: RedisCaseStore,
) -> None:
    """The first send takes three times the retry interval (Telegram's limits, say):
    the other worker, claiming what looks abandoned, must leave it alone."""
    delivered: list[str] = []
    done = asyncio.Event()

    async def deliver(item: Outgoing) -> None:
        if not delivered:
            await asyncio.sleep(0.9)
        delivered.append(item.text)
        if len(delivered) == 2:
            done.set()

    slow, other = [
        case_store.outbox_worker(deliver, retry_seconds=0.3, max_attempts=5, consumer=name)
        for name in ("slow", "other")
    ]
    await slow.ensure_group()
    await case_store.enqueue(Outgoing("person", "C-7", "first"))
    await case_store.enqueue(Outgoing("person", "C-7", "second"))
    started = time.monotonic()
    await _run_until([slow, other], done, seconds=10)
    assert delivered == ["first", "second"]
    assert time.monotonic() - started >= 0.9


async def test_an_unreadable_entry_never_moves_the_turn_past_a_waiting_one(
    case_store: RedisCaseStore, redis_client: Redis
) -> None:
    """The first entry fails once; the second cannot be read (sealed with another key, as
    during a key rotation): the first is still delivered, then the second dropped."""
    delivered: list[str] = []
    fails = [True]

    async def deliver(item: Outgoing) -> None:
        if fails.pop() if fails else False:
            raise DeliveryError("telegram is down")
        delivered.append(item.text)

    await case_store.enqueue(Outgoing("person", "C-9", "one"))
    other_key = SessionCodec(DataKeys.from_master(b"another key, not this deployment's"))
    async with redis_client.pipeline(transaction=True) as pipe:
        add_to_outbox(pipe, other_key, case_store.key("outbox"), Outgoing("person", "C-9", "x"))
        await pipe.execute()
    await case_store.enqueue(Outgoing("person", "C-9", "three"))
    worker = case_store.outbox_worker(deliver, retry_seconds=0, max_attempts=5)
    for _ in range(4):
        await worker.run_once()
    assert delivered == ["one", "three"]
    assert await redis_client.xlen(case_store.key("outbox")) == 0


async def test_a_case_is_never_stuck_behind_an_entry_that_is_gone(
    case_store: RedisCaseStore, redis_client: Redis
) -> None:
    """A worker of an older version delivered (and deleted) the first entry without
    moving the turn: the rest of the case still goes, in order."""
    for text in ("one", "two", "three"):
        await case_store.enqueue(Outgoing("person", "C-8", text))
    first: Any = await redis_client.xrange(case_store.key("outbox"), count=1)
    await redis_client.xdel(case_store.key("outbox"), first[0][0])
    delivered: list[str] = []

    async def deliver(item: Outgoing) -> None:
        delivered.append(item.text)

    await case_store.outbox_worker(deliver, retry_seconds=0, max_attempts=5).run_once()
    assert delivered == ["two", "three"]


async def test_waiting_for_a_turn_uses_up_no_attempts(
    case_store: RedisCaseStore, redis_client: Redis
) -> None:
    """The first entry fails four times out of five allowed while the second waits its
    turn each round; when the second then fails once, it is retried, not dead-lettered."""
    failures = {"one": 4, "two": 1}
    delivered: list[str] = []

    async def deliver(item: Outgoing) -> None:
        if failures[item.text]:
            failures[item.text] -= 1
            raise DeliveryError("telegram is down")
        delivered.append(item.text)

    await case_store.enqueue(Outgoing("person", "C-6", "one"))
    await case_store.enqueue(Outgoing("person", "C-6", "two"))
    worker = case_store.outbox_worker(deliver, retry_seconds=0, max_attempts=5)
    for _ in range(8):
        await worker.run_once()
    assert delivered == ["one", "two"]
    assert await redis_client.xlen(case_store.key("outbox:dead")) == 0
