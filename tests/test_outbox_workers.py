"""Several outbox workers on one stream (#15, item 4): each case's messages arrive in
the order they were queued and once each, whichever worker takes which, and an entry
that waits long on Telegram is not taken up by another worker as abandoned. Real
Redis; each worker has its own consumer name, as separate processes would."""

from __future__ import annotations

import asyncio
import contextlib
import time

from bot.cases.outbox import OutboxWorker, Outgoing
from bot.cases.store import RedisCaseStore


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
