"""Token buckets in Redis, shared by every worker: a limit holds for the deployment as a
whole, not per process (issue #15).

One Lua script takes a token from every bucket a send needs at once (the bot's, the
chat's, the group's), or from none and says how long to wait; Redis's own clock
decides, so workers on machines whose clocks differ agree. A bucket can be paused
(Telegram's 429 ``retry_after``): every worker then waits. Keys share the hash tag
``{<prefix>:limits}``, so the script stays in one slot (and two deployments on one
cluster in two).

A chat's bucket is named by a keyed hash (``hide``), never by the chat id, and lasts
about a minute after its last send.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from bot.store.base import STORAGE_ERRORS, StoreError

# KEYS: the buckets, then their pause keys. ARGV: per bucket, its rate (tokens per
# second) and its burst. Returns 0 when a token was taken from each, else the seconds
# to wait (as a string: Lua numbers lose their fraction on the way back).
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local n = #KEYS / 2
local wait = 0
local levels = {}
for i = 1, n do
  local paused = redis.call('PTTL', KEYS[n + i])
  if paused > 0 then wait = math.max(wait, paused / 1000) end
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
  levels[i] = tokens
  if tokens < 1 then wait = math.max(wait, (1 - tokens) / rate) end
end
if wait > 0 then return tostring(wait) end
for i = 1, n do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  redis.call('HSET', KEYS[i], 'tokens', levels[i] - 1, 'at', now)
  redis.call('EXPIRE', KEYS[i], math.ceil(burst / rate) + 60)
end
return '0'
"""


@dataclass(frozen=True)
class Bucket:
    name: str  # "bot", "chat:<id>", "group:<id>"
    per_second: float
    burst: float = 1.0


class SharedBuckets:
    def __init__(self, client: Redis, prefix: str, hide: Callable[[str], str]) -> None:
        self._redis = client
        self._base = f"{prefix}:{{{prefix}:limits}}"
        self._hide = hide  # a keyed hash: no chat id is written to Redis
        self._take: Any = client.register_script(_TAKE)

    def _key(self, name: str) -> str:
        return f"{self._base}:{self._hide(name)}"

    async def take(self, buckets: Sequence[Bucket]) -> float:
        """0 when a token was taken from every bucket; otherwise seconds to wait."""
        keys = [self._key(b.name) for b in buckets] + [
            self._key(f"pause:{b.name}") for b in buckets
        ]
        args = [value for b in buckets for value in (b.per_second, b.burst)]
        try:
            return float(await self._take(keys=keys, args=args))
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot take a send token: {error}") from error

    async def acquire(self, buckets: Sequence[Bucket]) -> None:
        """Wait until a token of every bucket is this worker's."""
        while True:
            wait = await self.take(buckets)
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    async def pause(self, bucket: Bucket, seconds: float) -> None:
        """No worker takes from ``bucket`` for ``seconds`` (a 429's ``retry_after``)."""
        try:
            await self._redis.set(self._key(f"pause:{bucket.name}"), b"1", px=int(seconds * 1000))
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot pause sending: {error}") from error
