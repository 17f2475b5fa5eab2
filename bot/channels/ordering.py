"""Updates of one person are processed in arrival order; different people in parallel.

The Redis lock keeps one person's messages apart across workers, but a lock does not
say who goes first. Within a process this chain does: each key's work waits for the
previous work of the same key.
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
