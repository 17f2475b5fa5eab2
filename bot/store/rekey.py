"""Re-encrypting everything Safar keeps at rest under the newest data key.

Every value under the key prefix that an older key encrypted is rewritten: session
blobs, kept replies, deferred replies, subscribers, cases (and their thread), whatever
type of Redis value holds it. Each key is rewritten in a WATCH/MULTI transaction, so a
message handled meanwhile is never overwritten by an older copy (the key is read again
and tried once more). Names of keys are keyed hashes and do not change (the hashing
key stays; see ``bot.config.secrets``).

Stream entries (the case outbox) cannot be rewritten in place; they are counted, and
live only until they are delivered: drop the previous key when the count is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import WatchError

from bot.store.codec import SessionCodec

TRIES = 5


@dataclass
class Rekeyed:
    values: int = 0  # values rewritten under the newest key
    keys: int = 0  # keys that held at least one
    in_streams: int = 0  # stream entries still under an older key (they drain by delivery)


async def reencrypt(client: Redis, codec: SessionCodec, prefix: str) -> Rekeyed:
    done = Rekeyed()
    async for raw in client.scan_iter(match=f"{prefix}:*", count=500):
        key = raw.decode() if isinstance(raw, bytes) else str(raw)
        kind = await client.type(key)
        kind = kind.decode() if isinstance(kind, bytes) else str(kind)
        if kind == "stream":
            done.in_streams += await _count_stream(client, codec, key)
            continue
        for _ in range(TRIES):
            try:
                changed = await _rewrite(client, codec, key, kind)
            except WatchError:
                continue  # written meanwhile: read it again
            if changed:
                done.values += changed
                done.keys += 1
            break
    return done


async def _rewrite(client: Redis, codec: SessionCodec, key: str, kind: str) -> int:
    async with client.pipeline(transaction=True) as pipe:
        await pipe.watch(key)
        if kind == "string":
            value = await pipe.get(key)
            new = codec.rotate(value) if isinstance(value, bytes) else None
            if new is None:
                return 0
            pipe.multi()  # type: ignore[no-untyped-call]
            pipe.set(key, new, keepttl=True)
            await pipe.execute()
            return 1
        if kind == "hash":
            fields: dict[Any, Any] = await pipe.hgetall(key)
            rotated = {f: n for f, v in fields.items() if (n := codec.rotate(v)) is not None}
            if not rotated:
                return 0
            pipe.multi()  # type: ignore[no-untyped-call]
            pipe.hset(key, mapping=rotated)
            await pipe.execute()
            return len(rotated)
        if kind == "list":
            items: list[Any] = await pipe.lrange(key, 0, -1)
            rotated_at = [(i, n) for i, v in enumerate(items) if (n := codec.rotate(v)) is not None]
            if not rotated_at:
                return 0
            pipe.multi()  # type: ignore[no-untyped-call]
            for index, new in rotated_at:
                pipe.lset(key, index, new)  # type: ignore[arg-type]
            await pipe.execute()
            return len(rotated_at)
        return 0  # sets and sorted sets hold keyed hashes, never ciphertext


async def _count_stream(client: Redis, codec: SessionCodec, key: str) -> int:
    entries: Any = await client.xrange(key)
    return sum(1 for _, fields in entries if codec.rotate(fields.get(b"blob", b"")) is not None)
