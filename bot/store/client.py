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
"""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis
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


class _PrimaryOfSentinels(Redis):
    """The primary's client; closing it closes the clients of the Sentinels too."""

    sentinel_clients: list[Redis]

    async def aclose(self, close_connection_pool: bool | None = None) -> None:
        await super().aclose(close_connection_pool)
        for sentinel in getattr(self, "sentinel_clients", []):
            await sentinel.aclose()
