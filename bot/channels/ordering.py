"""Updates of one person are processed in arrival order; different people in parallel.

Across workers the person's queue in Redis decides who goes first (bot/store/arrivals).
Within a process this chain does it without a Redis round trip per wait: each key's
work waits for the previous work of the same key before it joins that queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class KeyedSerializer:
    def __init__(self) -> None:
        self._tails: dict[str, asyncio.Future[None]] = {}

    async def run(self, key: str, work: Callable[[], Awaitable[T]]) -> T:
        previous = self._tails.get(key)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = done
        try:
            if previous is not None:
                await asyncio.shield(previous)
            return await work()
        finally:
            done.set_result(None)
            if self._tails.get(key) is done:
                del self._tails[key]
