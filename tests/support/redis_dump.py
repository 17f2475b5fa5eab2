"""Everything under a key prefix in Redis, as one blob of bytes, to search for leaks."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis


async def dump(redis: Redis, prefix: str) -> bytes:
    """Every key name and every value (strings, hashes, sets, lists, streams) joined."""
    client: Any = redis  # redis-py's types allow str replies; this client returns bytes
    parts: list[bytes] = []
    async for key in client.scan_iter(match=f"{prefix}:*"):
        parts.append(key)
        kind = (await client.type(key)).decode()
        if kind == "string":
            parts.append(await client.get(key) or b"")
        elif kind == "hash":
            for field, value in (await client.hgetall(key)).items():
                parts += [field, value]
        elif kind == "zset":
            parts += [m for m, _ in await client.zrange(key, 0, -1, withscores=True)]
        elif kind == "set":
            parts += list(await client.smembers(key))
        elif kind == "list":
            parts += await client.lrange(key, 0, -1)
        elif kind == "stream":
            for _, fields in await client.xrange(key):
                for field, value in fields.items():
                    parts += [field, value]
    return b"\n".join(parts)


async def keys(redis: Redis, prefix: str) -> list[str]:
    client: Any = redis
    return sorted([k.decode() async for k in client.scan_iter(match=f"{prefix}:*")])
