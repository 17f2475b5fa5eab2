"""Redis with Sentinel (#15, items 1 and 6): the primary is found through the Sentinels,
and found again after a failover, with no restart of Safar; a report can be made to
wait until a replica has it.

A primary, a replica and one Sentinel of the test's own; the primary is killed by
PID. Before the failover and after it, the same client saves and reads sessions; in
between, at most a request or two fail with a storage error (the webhook's 503,
which Telegram redelivers), and /healthz says so rather than 200.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis as SyncRedis
from redis.asyncio import Redis

from bot.cases.model import NewCase
from bot.cases.store import RedisCaseStore
from bot.config.errors import ConfigError
from bot.config.redis_url import RedisTarget, parse_redis_url
from bot.config.settings import RedisSettings
from bot.engine.model import Session
from bot.store.base import StoreError
from bot.store.client import redis_client
from bot.store.codec import SessionCodec
from tests.conftest import TEST_KEYS, make_store
from tests.support.cases import waiting_case
from tests.support.redis_process import RedisProcess, SentinelProcess

SERVICE = "safar"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("redis://127.0.0.1:6379/0", RedisTarget("redis://127.0.0.1:6379/0")),
        (
            "redis+sentinel://10.0.0.1:26379,10.0.0.2:26380/safar",
            RedisTarget(
                "redis+sentinel://10.0.0.1:26379,10.0.0.2:26380/safar",
                sentinels=(("10.0.0.1", 26379), ("10.0.0.2", 26380)),
                service="safar",
            ),
        ),
        (
            "rediss+sentinel://:p%40ss@s1:26379/main/2",
            RedisTarget(
                "rediss+sentinel://:p%40ss@s1:26379/main/2",
                sentinels=(("s1", 26379),),
                service="main",
                db=2,
                password="p@ss",
                tls=True,
            ),
        ),
    ],
)
def test_redis_urls_name_the_deployment(url: str, target: RedisTarget) -> None:
    assert parse_redis_url(url) == target


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("redis+cluster://:hunter2@n1:7000/0", "a cluster has no database"),
        ("redis+sentinel://:hunter2@s1/safar", "each Sentinel as host:port"),
        ("redis+sentinel://s1:26379", "expected redis://"),
        ("redis+sentinel://s1:26379/safar/x", "expected redis://"),
        ("http://:hunter2@localhost:6379", "expected redis://"),
    ],
)
def test_a_wrong_redis_url_is_refused_by_name_without_its_password(url: str, says: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_redis_url(url)
    assert str(refused.value).startswith("redis.url: ") and says in str(refused.value)
    assert "hunter2" not in str(refused.value)


@pytest.fixture
def sentinel_set(tmp_path: Path) -> Iterator[tuple[RedisProcess, RedisProcess, SentinelProcess]]:
    for name in ("primary", "replica", "sentinel"):
        (tmp_path / name).mkdir()
    primary = RedisProcess(tmp_path / "primary", "--repl-diskless-sync-delay", "0")
    primary.start()
    replica = RedisProcess(tmp_path / "replica", "--replicaof", "127.0.0.1", str(primary.port))
    replica.start()
    sentinel = SentinelProcess(tmp_path / "sentinel", SERVICE, primary.port)
    try:
        _until_replicating(primary)
        sentinel.start()
        yield primary, replica, sentinel
    finally:
        sentinel.kill()
        replica.kill()
        primary.kill()


def _until_replicating(primary: RedisProcess) -> None:
    """The replica has finished its first sync: writes from now on reach it."""
    client = SyncRedis.from_url(primary.url)
    deadline = time.monotonic() + 15
    while dict(client.info("replication").get("slave0") or {}).get("state") != "online":
        assert time.monotonic() < deadline, "the replica never came online"
        time.sleep(0.05)
    client.close()


async def test_sessions_survive_a_failover_through_sentinel(
    sentinel_set: tuple[RedisProcess, RedisProcess, SentinelProcess],
) -> None:
    primary, replica, sentinel = sentinel_set
    url = f"redis+sentinel://127.0.0.1:{sentinel.port}/{SERVICE}"
    store = make_store(redis_client(RedisSettings(url=url, retries=5)), "ha")
    try:
        await store.save("telegram:1", Session("tg"))
        assert await store.ping()
        await _replicated(replica, "telegram:1", store.session_key("telegram:1"))

        primary.kill()  # kill -9: the Sentinel must notice and promote the replica
        deadline = time.monotonic() + 20
        while sentinel.primary_port(SERVICE) != replica.port:
            assert time.monotonic() < deadline, "no failover"
            await asyncio.sleep(0.1)

        for _ in range(40):
            try:
                await store.save("telegram:2", Session("ru"))
                break
            except StoreError:  # the webhook answers 503 and Telegram redelivers
                await asyncio.sleep(0.25)
        else:
            pytest.fail("no write reached the new primary")
        first, second = await store.load("telegram:1"), await store.load("telegram:2")
        assert first is not None and first.language == "tg"  # written before, replicated
        assert second is not None and second.language == "ru"
        assert await store.ping()  # /healthz: healthy again, on the new primary
    finally:
        await store.close()


async def _replicated(replica: RedisProcess, contact: str, key: str) -> None:
    """Wait until the replica holds the key, so the failover loses nothing written."""
    client = Redis.from_url(replica.url)
    try:
        for _ in range(100):
            if await client.exists(key):
                return
            await asyncio.sleep(0.05)
        pytest.fail(f"{contact} never reached the replica")
    finally:
        await client.aclose()


async def test_a_report_is_acknowledged_only_once_a_replica_has_it(
    sentinel_set: tuple[RedisProcess, RedisProcess, SentinelProcess], tmp_path: Path
) -> None:
    """redis.wait_replicas = 1: with a replica the case opens; on a server with none, the
    open fails (the person is not told it was saved; the platform redelivers) and the
    redelivery finds the case rather than opening a second."""
    primary, _, _ = sentinel_set
    with_replica = Redis.from_url(primary.url)
    (tmp_path / "alone").mkdir()
    alone_server = RedisProcess(tmp_path / "alone")
    alone_server.start()
    alone = Redis.from_url(alone_server.url)
    try:
        for client, replicated in ((with_replica, True), (alone, False)):
            store = RedisCaseStore(
                client,
                SessionCodec(TEST_KEYS),
                prefix="wait",
                dedupe_seconds=60,
                wait_replicas=1,
                wait_milliseconds=300,
            )
            new = NewCase("P1", "ru", "telegram:7", idempotency="telegram#1")
            if replicated:
                case, opened = await store.open(new, waiting_case("telegram:7"))
                assert opened and (await store.get(case.id)) is not None
                continue
            for _ in range(2):  # the first delivery and its redelivery
                with pytest.raises(StoreError):
                    await store.open(new, waiting_case("telegram:7"))
            assert len(await store.all_cases()) == 1
    finally:
        await with_replica.aclose()
        await alone.aclose()
        alone_server.kill()
