"""Per-recipient pacing: a short burst, then a steady rate (Telegram: ~1 message/s/chat).

A token bucket per key: ``burst`` messages may go at once, after which one token comes
back every ``1 / rate`` seconds. Waiting is by sleeping, never by dropping.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class Pacer:
    def __init__(
        self,
        *,
        burst: int,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._sleep = sleep
        self._burst = float(burst)
        self._rate = per_second
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def _delay(self, key: str) -> float:
        """Take a token for ``key``; how long to wait before using it."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self._burst, now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        bucket.tokens -= 1
        if len(self._buckets) > 10_000:
            self._forget_idle(now)
        return 0.0 if bucket.tokens >= 0 else -bucket.tokens / self._rate

    def _forget_idle(self, now: float) -> None:
        full = [
            k
            for k, b in self._buckets.items()
            if b.tokens + (now - b.updated) * self._rate >= self._burst
        ]
        for key in full:
            self._buckets.pop(key, None)
            self._locks.pop(key, None)

    async def wait(self, key: str) -> None:
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            delay = self._delay(key)
            if delay > 0:
                await self._sleep(delay)
