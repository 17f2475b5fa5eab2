"""Where a deployment's cases live in Redis, and moving them from where they were.

Every case key shares one hash tag, so each change of a case and its queue is one
transaction on Redis Cluster. The tag holds the key prefix, ``{<prefix>:cases}``, so
two deployments sharing a cluster (two NGOs, or staging beside production) have their
cases in two slots, not one. Until 2026-12 the tag was ``{cases}`` alone; a deployment
that kept cases then has them moved once, at start, by ``move_legacy_keys``.
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis

from bot.store.base import STORAGE_ERRORS
from bot.store.client import is_cluster

log = logging.getLogger(__name__)


def cases_base(prefix: str) -> str:
    return f"{prefix}:{{{prefix}:cases}}"


def legacy_base(prefix: str) -> str:
    return f"{prefix}:{{cases}}"


async def move_legacy_keys(client: Redis, prefix: str) -> int:
    """Rename the keys of the old layout to the new one; the number moved.

    RENAMENX keeps a key of the new layout if one exists, and keeps streams' consumer
    groups. Workers starting together may race: a key another worker moved first is
    gone, which is what was wanted. A cluster never held the old layout (Safar did not
    run on one before), and there a rename across slots would fail: nothing to do.
    """
    if is_cluster(client):
        return 0
    old, new = legacy_base(prefix), cases_base(prefix)
    moved = 0
    try:
        async for raw in client.scan_iter(match=f"{old}:*", count=500):
            key = raw.decode() if isinstance(raw, bytes) else str(raw)
            try:
                moved += int(await client.renamenx(key, new + key[len(old) :]))
            except STORAGE_ERRORS:  # moved meanwhile by another worker
                continue
    except STORAGE_ERRORS as error:
        # Redis down at start must not stop the server (/healthz says so, and webhooks
        # answer 503 until it is back): the move is tried again at the next start.
        log.warning("cannot look for cases in the old layout: %s", type(error).__name__)
    if moved:
        log.info("moved %d case keys to the layout with the prefix in the hash tag", moved)
    return moved
