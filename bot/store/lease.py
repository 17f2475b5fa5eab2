"""A contact's lock as a short lease, renewed while its holder works.

A fixed long lock timeout makes the next message of a person wait for a crashed
worker's lock to expire (10 s by default). A short lease renewed every third of its
length frees the person as soon as the owner is gone, however long a healthy holder
works. Redis errors while renewing or releasing never reach the caller: the work is
already done by then, and a lease nobody renews expires by itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError

from bot.store.base import STORAGE_ERRORS, StoreError

log = logging.getLogger(__name__)


@asynccontextmanager
async def leased(client: Redis, key: str, *, lease: float, wait: float) -> AsyncIterator[None]:
    """Hold ``key`` for as long as the block runs; wait at most ``wait`` seconds for it."""
    lock = client.lock(key, timeout=lease, blocking_timeout=wait)
    try:
        acquired = await lock.acquire()
    except STORAGE_ERRORS as error:
        raise StoreError(f"cannot take the contact lock: {error}") from error
    if not acquired:
        raise StoreError("timed out waiting for the contact lock")
    done = asyncio.Event()
    renewal = asyncio.create_task(_renew(lock, lease, done))
    try:
        yield
    finally:
        # Told to stop, not only cancelled: a cancellation that lands inside a Redis
        # call can be absorbed by the client, and the renewal would then live on.
        done.set()
        renewal.cancel()
        await asyncio.wait([renewal], timeout=lease)
        # If the lease lapsed or Redis is gone, the next holder is already safe.
        with suppress(*STORAGE_ERRORS):
            await lock.release()


async def _renew(lock: Lock, lease: float, done: asyncio.Event) -> None:
    while not done.is_set():
        with suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), timeout=lease / 3)
            return
        try:
            await lock.reacquire()
        except LockError:
            log.warning("a contact lock lapsed while its holder worked")
            return
        except STORAGE_ERRORS as error:
            # Keep trying: Redis may be back before the lease runs out.
            log.warning("cannot renew a contact lock: %s", type(error).__name__)
