"""The outbox worker on the real Redis: delivered once, retried on failure, dead-lettered."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from redis.asyncio import Redis

from bot.cases.outbox import GROUP, OutboxWorker, Outgoing
from bot.cases.store import RedisCaseStore
from bot.channels.errors import DeliveryError


class Flaky:
    """Fails the first ``failures`` deliveries, then records what it delivers."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.delivered: list[Outgoing] = []

    async def __call__(self, item: Outgoing) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise DeliveryError("telegram is down")
        self.delivered.append(item)


def _worker(case_store: RedisCaseStore, deliver: Flaky, attempts: int = 5) -> OutboxWorker:
    return case_store.outbox_worker(deliver, retry_seconds=0, max_attempts=attempts)


async def test_each_message_is_delivered_once_and_then_deleted(
    case_store: RedisCaseStore, redis_client: Redis
) -> None:
    """Delivered messages are acknowledged and removed: their text is not kept."""
    deliver = Flaky(0)
    for text in ("one", "two"):
        await case_store.enqueue(Outgoing("desk", "C-1", text))
    worker = _worker(case_store, deliver)
    assert await worker.run_once() == 2
    assert await worker.run_once() == 0
    assert [i.text for i in deliver.delivered] == ["one", "two"]
    assert await redis_client.xlen(case_store.key("outbox")) == 0


async def test_a_failed_delivery_is_tried_again_until_it_succeeds(
    case_store: RedisCaseStore,
) -> None:
    """Telegram down twice: the message stays pending and goes out on the third try."""
    deliver = Flaky(2)
    await case_store.enqueue(Outgoing("person", "C-1", "hello"))
    worker = _worker(case_store, deliver)
    for _ in range(3):
        await worker.run_once()
    assert [i.text for i in deliver.delivered] == ["hello"]


async def test_after_too_many_failures_a_message_goes_to_the_dead_letter_stream(
    case_store: RedisCaseStore, redis_client: Redis
) -> None:
    """Never dropped silently: after max_attempts it is moved aside, still encrypted."""
    deliver = Flaky(100)
    await case_store.enqueue(Outgoing("desk", "C-1", "Салом"))
    worker = _worker(case_store, deliver, attempts=3)
    for _ in range(4):
        await worker.run_once()
    dead: Any = await redis_client.xrange(case_store.key("outbox:dead"))
    assert len(dead) == 1
    assert "Салом".encode() not in b"".join(v for _, f in dead for v in f.values())
    pending = await redis_client.xpending(case_store.key("outbox"), GROUP)
    assert pending["pending"] == 0
    # Kept no longer than a case: what is older than the retention cut-off goes.
    assert await case_store.drop_dead_letters(time.time() - 3600) == 0
    assert await redis_client.xlen(case_store.key("outbox:dead")) == 1
    # A key rotation appends dead letters again under new ids: their age stays.
    dead_key = case_store.key("outbox:dead")
    entries: Any = await redis_client.xrange(dead_key)
    old_id, fields = entries[0]
    await redis_client.xadd(dead_key, {**fields, b"failed": b"1000"})  # failed long ago
    await redis_client.xdel(dead_key, old_id)
    assert await case_store.drop_dead_letters(time.time() - 3600) == 1
    assert await redis_client.xlen(dead_key) == 0


async def test_an_unreadable_entry_is_dropped_not_retried_forever(
    case_store: RedisCaseStore, redis_client: Redis
) -> None:
    """An entry sealed with another data key cannot block the ones behind it."""
    await redis_client.xadd(case_store.key("outbox"), {"blob": b"not a fernet token"})
    await case_store.enqueue(Outgoing("desk", "C-1", "after"))
    deliver = Flaky(0)
    await _worker(case_store, deliver).run_once()
    assert [i.text for i in deliver.delivered] == ["after"]


async def test_a_clean_failure_is_no_half_send_but_a_cut_off_try_is(
    case_store: RedisCaseStore, redis_client: Redis
) -> None:
    """A delivery that failed (Telegram said no) is tried again as new; one cut off
    while sending (the worker died) is taken up again marked ``resumed``."""
    seen: list[bool] = []

    class DyingError(Exception):
        """The process killed in the middle of a send."""

    async def deliver(item: Outgoing) -> None:
        seen.append(item.resumed)
        if len(seen) == 1:
            raise DeliveryError("502 Bad Gateway")
        if len(seen) == 2:
            raise DyingError

    await case_store.enqueue(Outgoing("person", "C-1", "answer"))
    worker = case_store.outbox_worker(deliver, retry_seconds=0, max_attempts=5)
    assert await worker.run_once() == 0  # failed cleanly: pending, no mark left
    with contextlib.suppress(DyingError):
        await worker.run_once()
    assert await worker.run_once() == 1
    assert seen == [False, False, True]
    mine = case_store.key("outbox:sending:*")  # this test's keys only: Redis is shared
    assert not [k async for k in redis_client.scan_iter(match=mine)]
