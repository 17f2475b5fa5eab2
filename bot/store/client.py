"""The Redis client, set up for load and faults.

* A bounded **blocking** pool: under a burst a request waits up to
  ``redis.pool_timeout_seconds`` for a free connection instead of failing at the
  pool's limit (redis-py's default pool raises ``MaxConnectionsError``).
* Retries with exponential backoff on connection errors and timeouts, so a restarted
  Redis or one stale pooled connection costs a short wait, not a failed request.
* ``health_check_interval``: a connection idle that long is PINGed before use, so a
  connection broken while Redis restarted is replaced before it fails a request.
* With Sentinel (``redis+sentinel://``, bot/config/redis_url.py) the primary is asked
  of the Sentinels, and asked again when a connection finds it gone or turned replica
  (READONLY): redis-py's ``SentinelConnectionPool``, with the same retries. That pool
  does not block at its limit, so ``redis.max_connections`` should stay above the
  number of updates a worker handles at once.
* With Redis Cluster (``redis+cluster://``) redis-py's ``RedisCluster`` routes each
  command to the node of its key's slot and follows MOVED and ASK as slots move or a
  replica is promoted. Safar keeps each transaction and script inside one hash slot
  (bot/store/redis.py, bot/cases/store.py), so the same calls work on it.
"""

from __future__ import annotations

from typing import cast

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.asyncio.connection import SSLConnection
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.config.redis_url import parse_redis_url
from bot.config.settings import RedisSettings


def redis_client(settings: RedisSettings) -> Redis:
    target = parse_redis_url(settings.url)
    if target.sentinel:
        return _sentinel_client(settings)
    if target.cluster:
        return _cluster_client(settings)
    pool = BlockingConnectionPool.from_url(
        settings.url,
        max_connections=settings.max_connections,
        timeout=settings.pool_timeout_seconds,
        health_check_interval=settings.health_check_seconds,
        retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), settings.retries),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
    )
    # from_pool: closing the client closes the pool it owns.
    return Redis.from_pool(pool)


def _sentinel_client(settings: RedisSettings) -> Redis:
    target = parse_redis_url(settings.url)
    retry = Retry(ExponentialBackoff(cap=1.0, base=0.05), settings.retries)
    sentinel = Sentinel(  # type: ignore[no-untyped-call]  # redis-py leaves it untyped
        list(target.sentinels),
        # The Sentinels themselves usually have no password of their own (Redis's is
        # not theirs): none is sent to them; a short timeout per question.
        sentinel_kwargs={"socket_timeout": 1.0, "ssl": target.tls},
        password=target.password,
        ssl=target.tls,
        health_check_interval=settings.health_check_seconds,
        retry=retry,
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
    )
    client: Redis = sentinel.master_for(
        target.service,
        redis_class=_PrimaryOfSentinels,
        db=target.db,
        max_connections=settings.max_connections,
    )
    if isinstance(client, _PrimaryOfSentinels):
        client.sentinel_clients = list(sentinel.sentinels)
    return client


def _cluster_client(settings: RedisSettings) -> Redis:
    target = parse_redis_url(settings.url)
    cluster = RedisCluster(
        startup_nodes=[ClusterNode(host, port) for host, port in target.nodes],
        password=target.password,
        ssl=target.tls,
        max_connections=settings.max_connections,
        health_check_interval=settings.health_check_seconds,
        retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), settings.retries),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
    )
    # RedisCluster is not a subclass of Redis but answers the same commands for keys
    # of one slot, which is all Safar sends; the two places that differ (WAIT on one
    # connection, SCAN over every node) ask `is_cluster`.
    return cast(Redis, cluster)


def is_cluster(client: Redis) -> bool:
    return isinstance(client, RedisCluster)


def one_connection(client: Redis, key: str) -> Redis:
    """A client on one connection to the primary that holds ``key``: WAIT counts the
    writes of its own connection. On a cluster, a connection to the node of the key's
    slot with the cluster's credentials; the caller closes it."""
    if not isinstance(client, RedisCluster):
        return client.client()
    node = client.get_node_from_key(key)
    kwargs = client.get_connection_kwargs()
    return Redis(
        host=node.host,
        port=node.port,
        password=kwargs.get("password"),
        username=kwargs.get("username"),
        ssl=kwargs.get("connection_class") is SSLConnection,
        single_connection_client=True,
    )


class _PrimaryOfSentinels(Redis):
    """The primary's client; closing it closes the clients of the Sentinels too."""

    sentinel_clients: list[Redis]

    async def aclose(self, close_connection_pool: bool | None = None) -> None:
        await super().aclose(close_connection_pool)
        for sentinel in getattr(self, "sentinel_clients", []):
            await sentinel.aclose()
