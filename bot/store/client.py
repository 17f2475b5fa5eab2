"""The Redis client, set up for load and faults.

* A bounded **blocking** pool: under a burst a request waits up to
  ``redis.pool_timeout_seconds`` for a free connection instead of failing at the
  pool's limit (redis-py's default pool raises ``MaxConnectionsError``).
* Retries with exponential backoff on connection errors and timeouts, so a restarted
  Redis or one stale pooled connection costs a short wait, not a failed request.
* ``health_check_interval``: a connection idle that long is PINGed before use, so a
  connection broken while Redis restarted is replaced before it fails a request.
"""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.config.settings import RedisSettings


def redis_client(settings: RedisSettings) -> Redis:
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
