"""The Redis client and the contact lock under load and faults, on real redis-servers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import ConnectionPool, Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import MaxConnectionsError

from bot.config.settings import RedisSettings
from bot.store.base import StoreError
from bot.store.client import redis_client
from bot.store.lease import leased
from tests.support.redis_process import RedisProcess


@pytest.fixture
async def client(own_redis: RedisProcess) -> AsyncIterator[Redis]:
    made = redis_client(RedisSettings(url=own_redis.url, max_connections=4, health_check_seconds=1))
    yield made
    await made.aclose()


async def test_a_burst_waits_for_a_connection_instead_of_failing(client: Redis) -> None:
    await asyncio.gather(*(client.set(f"k{n}", n) for n in range(200)))
    values = await client.mget([f"k{n}" for n in range(200)])
    assert [int(str(v, "ascii")) for v in values if isinstance(v, bytes)] == list(range(200))


async def test_the_default_pool_would_fail_the_same_burst(own_redis: RedisProcess) -> None:
    # The reason for the blocking pool: redis-py's default pool raises at its limit.
    plain = Redis(connection_pool=ConnectionPool.from_url(own_redis.url, max_connections=4))
    try:
        with pytest.raises((MaxConnectionsError, RedisConnectionError)):
            await asyncio.gather(*(plain.set(f"k{n}", n) for n in range(200)))
    finally:
        await plain.aclose()


async def test_a_restarted_redis_fails_no_request(client: Redis, own_redis: RedisProcess) -> None:
    await client.set("before", "1")
    own_redis.restart()
    # The pooled connection died with the old process; the retry replaces it.
    assert await client.get("before") == b"1"
    own_redis.restart()
    # A transaction, as a session save is, on a connection broken by the restart.
    async with client.pipeline(transaction=True) as pipe:
        pipe.set("after", "2")
        pipe.expire("after", 60)
        await pipe.execute()
    assert await client.get("after") == b"2"


async def test_a_crashed_holders_lock_frees_the_person_within_its_lease(client: Redis) -> None:
    # A holder that died: it took the lease and nobody renews it.
    dead = client.lock("person:lock", timeout=0.3)
    assert await dead.acquire()
    async with leased(client, "person:lock", lease=0.3, wait=2.0):
        assert await client.exists("person:lock")


async def test_a_working_holder_keeps_its_lock_past_the_lease(client: Redis) -> None:
    async with leased(client, "person:lock", lease=0.3, wait=1.0):
        await asyncio.sleep(1.0)  # three leases long
        with pytest.raises(StoreError):
            async with leased(client, "person:lock", lease=0.3, wait=0.1):
                pass
    # Released on exit: the next message takes it at once.
    async with leased(client, "person:lock", lease=0.3, wait=0.1):
        pass


async def test_redis_gone_at_release_does_not_fail_the_finished_work(
    client: Redis, own_redis: RedisProcess
) -> None:
    done = []
    async with leased(client, "person:lock", lease=5.0, wait=1.0):
        done.append("saved and answered")
        own_redis.kill()
    assert done == ["saved and answered"]


async def test_redis_down_before_the_lock_is_a_store_error(
    client: Redis, own_redis: RedisProcess
) -> None:
    # A StoreError is what the webhook turns into a 503 the platform redelivers.
    own_redis.kill()
    with pytest.raises(StoreError):
        async with leased(client, "person:lock", lease=1.0, wait=0.5):
            pass
