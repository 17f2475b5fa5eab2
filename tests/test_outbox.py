"""The outbox worker on the real Redis: delivered once, retried on failure, dead-lettered."""

from __future__ import annotations

from typing import Any

import pytest
from redis.asyncio import Redis

from bot.cases.outbox import GROUP, OutboxWorker, Outgoing
from bot.cases.store import RedisCaseStore
from bot.channels.errors import DeliveryError
from bot.store.codec import SessionCodec
from tests.conftest import TEST_KEYS


@pytest.fixture
def store(redis_client: Redis, key_prefix: str) -> RedisCaseStore:
    return RedisCaseStore(
        redis_client, SessionCodec(TEST_KEYS), prefix=key_prefix, dedupe_seconds=3600
    )


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


def _worker(store: RedisCaseStore, deliver: Flaky, attempts: int = 5) -> OutboxWorker:
    return store.outbox_worker(deliver, retry_seconds=0, max_attempts=attempts)


async def test_each_message_is_delivered_once_and_then_deleted(
    store: RedisCaseStore, redis_client: Redis
) -> None:
    """Delivered messages are acknowledged and removed: their text is not kept."""
    deliver = Flaky(0)
    for text in ("one", "two"):
        await store.enqueue(Outgoing("desk", "C-1", text))
    worker = _worker(store, deliver)
    assert await worker.run_once() == 2
    assert await worker.run_once() == 0
    assert [i.text for i in deliver.delivered] == ["one", "two"]
    assert await redis_client.xlen(store.key("outbox")) == 0


async def test_a_failed_delivery_is_tried_again_until_it_succeeds(store: RedisCaseStore) -> None:
    """Telegram down twice: the message stays pending and goes out on the third try."""
    deliver = Flaky(2)
    await store.enqueue(Outgoing("person", "C-1", "hello"))
    worker = _worker(store, deliver)
    for _ in range(3):
        await worker.run_once()
    assert [i.text for i in deliver.delivered] == ["hello"]


async def test_after_too_many_failures_a_message_goes_to_the_dead_letter_stream(
    store: RedisCaseStore, redis_client: Redis
) -> None:
    """Never dropped silently: after max_attempts it is moved aside, still encrypted."""
    deliver = Flaky(100)
    await store.enqueue(Outgoing("desk", "C-1", "Салом"))
    worker = _worker(store, deliver, attempts=3)
    for _ in range(4):
        await worker.run_once()
    dead: Any = await redis_client.xrange(store.key("outbox:dead"))
    assert len(dead) == 1
    assert "Салом".encode() not in b"".join(v for _, f in dead for v in f.values())
    pending = await redis_client.xpending(store.key("outbox"), GROUP)
    assert pending["pending"] == 0


async def test_an_unreadable_entry_is_dropped_not_retried_forever(
    store: RedisCaseStore, redis_client: Redis
) -> None:
    """An entry sealed with another data key cannot block the ones behind it."""
    await redis_client.xadd(store.key("outbox"), {"blob": b"not a fernet token"})
    await store.enqueue(Outgoing("desk", "C-1", "after"))
    deliver = Flaky(0)
    await _worker(store, deliver).run_once()
    assert [i.text for i in deliver.delivered] == ["after"]
