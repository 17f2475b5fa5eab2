"""Redis Cluster (#15, items 1, 2 and 6): three primaries with a replica each, started
here by ``redis-cli --cluster create``; Safar configured with ``redis+cluster://``.

Sessions of many people (so their keys land on every node), a whole Telegram report
from the first message to the caseworker's answer, the shared send limits, a person
forgotten across nodes, a report acknowledged only once a replica has it, and a
primary killed by PID with its replica taking over. A plain ``redis://`` URL that
names one node of the cluster reads as unhealthy and fails as a storage error (the
webhook's 503), never a 500.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis import Redis as SyncRedis
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from bot.cases.model import NewCase
from bot.cases.store import RedisCaseStore
from bot.config.errors import ConfigError
from bot.config.redis_url import parse_redis_url
from bot.config.settings import RedisSettings
from bot.engine.model import Session
from bot.store.base import StoreError
from bot.store.buckets import Bucket, SharedBuckets
from bot.store.client import redis_client
from bot.store.codec import SessionCodec
from bot.store.redis import RedisStore
from tests.conftest import TEST_KEYS, make_store
from tests.support.cases import waiting_case
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.redis_process import ClusterProcess
from tests.test_hotline_telegram import (
    test_a_tajik_report_of_being_locked_in_reaches_a_caseworker_and_back as whole_report,
)

PEOPLE = [f"telegram:{1000 + i}" for i in range(40)]


def test_a_cluster_url_names_its_nodes() -> None:
    target = parse_redis_url("rediss+cluster://:p%40ss@n1:7000,n2:7001")
    assert target.cluster and target.nodes == (("n1", 7000), ("n2", 7001))
    assert target.password == "p@ss" and target.tls
    for wrong, says in (
        ("redis+cluster://n1:7000/0", "a cluster has no database"),
        ("redis+cluster://:hunter2@n1", "each cluster node as host:port"),
    ):
        with pytest.raises(ConfigError) as refused:
            parse_redis_url(wrong)
        assert says in str(refused.value) and "hunter2" not in str(refused.value)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClusterProcess]:
    running = ClusterProcess(tmp_path_factory.mktemp("cluster"))
    running.start()
    try:
        yield running
    finally:
        running.kill()


@pytest.fixture
async def cluster_store(cluster: ClusterProcess, key_prefix: str) -> AsyncIterator[RedisStore]:
    store = make_store(redis_client(RedisSettings(url=cluster.url, retries=5)), key_prefix)
    yield store
    async for key in store.client.scan_iter(match=f"{key_prefix}:*"):
        await store.client.delete(key)
    await store.close()


def _nodes_holding(cluster: ClusterProcess, prefix: str) -> int:
    holding = 0
    for node in cluster.nodes:
        client = SyncRedis(port=node.port)
        role = client.execute_command("ROLE")[0]  # type: ignore[no-untyped-call]
        if role == b"master" and list(client.scan_iter(match=f"{prefix}:*", count=1000)):
            holding += 1
        client.close()
    return holding


async def test_sessions_of_many_people_live_on_every_node(
    cluster: ClusterProcess, cluster_store: RedisStore, key_prefix: str
) -> None:
    assert isinstance(cluster_store.client, RedisCluster)
    for n, contact in enumerate(PEOPLE):
        session = Session("tg").with_vars({"report._what": "locked"})
        await cluster_store.save(contact, session, processed=f"telegram#{n}")
    assert _nodes_holding(cluster, key_prefix) == 3
    for n, contact in enumerate(PEOPLE):
        assert await cluster_store.load_unless_processed(contact, f"telegram#{n}") == (True, None)
        done, session = await cluster_store.load_unless_processed(contact, f"telegram#{n + 100}")
        assert not done and session is not None and session.language == "tg"
    assert await cluster_store.active_count(0) == len(PEOPLE)
    async with cluster_store.locked(PEOPLE[0]):
        with pytest.raises(StoreError):
            async with make_store(cluster_store.client, key_prefix, lock_timeout=0.2).locked(
                PEOPLE[0]
            ):
                pass
    assert await cluster_store.ping()


async def test_a_person_forgotten_on_one_node_leaves_every_record(
    cluster_store: RedisStore,
) -> None:
    """/forget on a cluster: the broadcast records (on other nodes) lose them too."""
    for contact in PEOPLE[:10]:
        await cluster_store.save(contact, Session("ru"))
        await cluster_store.subscribe(contact, "ru")
        await cluster_store.mark_sent("tips-1", contact)
    await cluster_store.delete(PEOPLE[3])
    assert await cluster_store.load(PEOPLE[3]) is None
    assert not await cluster_store.was_sent("tips-1", PEOPLE[3])
    assert await cluster_store.was_sent("tips-1", PEOPLE[4])
    assert {s.contact for s in await cluster_store.subscribers()} == set(PEOPLE[:10]) - {PEOPLE[3]}


async def test_a_whole_report_goes_through_the_cluster(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    cluster_store: RedisStore,
) -> None:
    """The Telegram hotline test, unchanged, on the cluster: case, card through the
    outbox, claim, the caseworker's answer and the person's reply in the thread."""
    await whole_report(bot_api, twilio_api, cluster_store)


async def test_send_limits_are_shared_on_the_cluster(cluster_store: RedisStore) -> None:
    buckets = SharedBuckets(cluster_store.client, cluster_store.prefix, hide=lambda n: n)
    chat = [Bucket("bot", 30.0, 30.0), Bucket("chat:7", 1.0, 3.0)]
    waits = [await buckets.take(chat) for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0] and waits[3] > 0  # the chat's burst of 3, then wait
    await buckets.pause(Bucket("bot", 30.0, 30.0), 5)
    assert await buckets.take([Bucket("bot", 30.0, 30.0)]) > 0


async def test_a_report_waits_for_a_replica_of_its_slot(cluster_store: RedisStore) -> None:
    store = RedisCaseStore(
        cluster_store.client,
        SessionCodec(TEST_KEYS),
        prefix=cluster_store.prefix,
        dedupe_seconds=60,
        wait_replicas=1,
        wait_milliseconds=2000,
    )
    new = NewCase("P1", "ru", "telegram:7", idempotency="telegram#1")
    case, opened = await store.open(new, waiting_case("telegram:7"))
    assert opened and await store.get(case.id) is not None
    again, opened_again = await store.open(new, waiting_case("telegram:7"))
    assert again.id == case.id and not opened_again  # a redelivery finds it


async def test_one_node_named_by_a_plain_url_is_unhealthy_not_a_crash(
    cluster: ClusterProcess, key_prefix: str
) -> None:
    """A redis:// URL naming one node: the keys of other nodes' slots answer MOVED.
    Health says no, and a save fails as a storage error (the webhook's 503); nothing
    else escapes (a 500)."""
    moved = 0
    for node in cluster.nodes:
        store = make_store(Redis.from_url(node.url), key_prefix)
        try:
            for contact in PEOPLE:
                try:
                    await store.save(contact, Session("ru"))
                except StoreError:
                    moved += 1
            assert await store.ping() == await _owns(node.url, f"{key_prefix}:health")
        finally:
            await store.close()
    assert moved >= len(PEOPLE) * 4  # every session's slot is owned by one primary of 3
    assert sum([await _owns(n.url, f"{key_prefix}:health") for n in cluster.nodes]) == 1


async def _owns(url: str, key: str) -> bool:
    client = Redis.from_url(url)
    try:
        slot = int(await client.execute_command("CLUSTER", "KEYSLOT", key))  # type: ignore[no-untyped-call]
        shards = await client.execute_command("CLUSTER", "SLOTS")  # type: ignore[no-untyped-call]
        port = int(url.rsplit(":", 1)[1].split("/", maxsplit=1)[0])
        return any(s[0] <= slot <= s[1] and int(s[2][1]) == port for s in shards)
    finally:
        await client.aclose()


async def test_a_primary_killed_by_pid_is_replaced_by_its_replica(
    tmp_path: Path, key_prefix: str
) -> None:
    """kill -9 of a primary: its replica is promoted; writes to its slots fail as
    storage errors meanwhile (503, redelivered) and then succeed; nothing written
    before the kill and replicated is lost."""
    cluster = ClusterProcess(tmp_path, node_timeout_ms=2000)
    cluster.start()
    store = make_store(redis_client(RedisSettings(url=cluster.url, retries=5)), key_prefix)
    try:
        for contact in PEOPLE:
            await store.save(contact, Session("tg"))
        await asyncio.sleep(0.5)  # replication is asynchronous: let the replicas catch up
        victim = next(n for n in cluster.nodes if _is_primary(n.port))
        victim.kill()
        deadline = time.monotonic() + 60
        pending = list(PEOPLE)
        while pending:
            assert time.monotonic() < deadline, f"{len(pending)} people never written again"
            contact = pending[0]
            try:
                await store.save(contact, Session("ru"))
                pending.pop(0)
            except StoreError:
                await asyncio.sleep(0.2)
        for contact in PEOPLE:
            session = await store.load(contact)
            assert session is not None and session.language == "ru"
        assert await store.ping()
    finally:
        await store.close()
        cluster.kill()


def _is_primary(port: int) -> bool:
    client = SyncRedis(port=port)
    try:
        return bool(client.execute_command("ROLE")[0] == b"master")  # type: ignore[no-untyped-call]
    finally:
        client.close()
