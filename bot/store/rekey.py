"""Re-encrypting everything Safar keeps at rest under the newest data key.

Every value under the key prefix that an older key encrypted is rewritten: session
blobs, kept replies, deferred replies, subscribers, cases (and their thread), whatever
type of Redis value holds it. Each key is rewritten in a WATCH/MULTI transaction, so a
message handled meanwhile is never overwritten by an older copy (the key is read again
and tried once more). Names of keys are keyed hashes and do not change (the hashing
key stays; see ``bot.config.secrets``).

Stream entries (the case outbox, its dead letters) cannot be rewritten in place. The
ones no worker has read yet are appended again, rotated, and the originals deleted, in
one script, so nothing runs in between and their order is kept (a later entry is
appended again too, after them). An entry a worker has read and not yet acknowledged
may be on its way to Telegram: it is left alone and counted; it goes with its delivery,
and the command says to run again. Drop the previous key when that count is 0.
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
            for _ in range(TRIES):
                moved = await _rewrite_stream(client, codec, key)
                if moved is not None:
                    done.values += moved.rewritten
                    done.keys += 1 if moved.rewritten else 0
                    done.in_streams += moved.in_flight
                    break
            else:
                done.in_streams += await _count_range(client, codec, key, "-", "+")
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


@dataclass(frozen=True)
class _Moved:
    rewritten: int  # entries appended again under the newest key
    in_flight: int  # read by a worker, not acknowledged: left to their delivery


# Appends the unread tail again and deletes the originals, unless the stream moved on
# since it was read (a new entry, or a worker read one): then it returns -1 and the
# caller reads again. ARGV: the last id seen, each group's last-delivered id joined by
# ",", then per entry its id, its field count and its fields.
_REAPPEND = """
local info = redis.call('XINFO', 'STREAM', KEYS[1])
for i = 1, #info, 2 do
  if info[i] == 'last-generated-id' and info[i + 1] ~= ARGV[1] then return -1 end
end
local seen = {}
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  for j = 1, #group, 2 do
    if group[j] == 'last-delivered-id' then table.insert(seen, group[j + 1]) end
  end
end
if table.concat(seen, ',') ~= ARGV[2] then return -1 end
local at, moved = 3, 0
while at <= #ARGV do
  local id, count = ARGV[at], tonumber(ARGV[at + 1])
  local fields = {}
  for k = 1, count do fields[k] = ARGV[at + 1 + k] end
  redis.call('XADD', KEYS[1], '*', unpack(fields))
  redis.call('XDEL', KEYS[1], id)
  moved = moved + 1
  at = at + 2 + count
end
return moved
"""


async def _rewrite_stream(client: Redis, codec: SessionCodec, key: str) -> _Moved | None:
    """Re-append the unread entries from the first one under an older key; None when
    the stream changed while it was read (try again)."""
    stream: Any = await client.xinfo_stream(key)
    last = _text(stream["last-generated-id"])
    groups: Any = await client.xinfo_groups(key)
    delivered = [_text(group["last-delivered-id"]) for group in groups]
    start = min(delivered, key=_stream_id) if delivered else "0-0"
    pending = await _count_range(client, codec, key, "-", start) if delivered else 0
    unread: Any = await client.xrange(key, f"({start}" if delivered else "-", "+")
    rotated = [codec.rotate(fields.get(b"blob", b"")) for _, fields in unread]
    first = next((n for n, blob in enumerate(rotated) if blob is not None), None)
    if first is None:
        return _Moved(0, pending)
    args: list[bytes | str] = [last, ",".join(delivered)]
    for (entry_id, fields), blob in zip(unread[first:], rotated[first:], strict=True):
        fresh = {**fields, b"blob": blob} if blob is not None else fields
        args += [entry_id, str(2 * len(fresh))]
        args += [part for pair in fresh.items() for part in pair]
    moved = await client.eval(_REAPPEND, 1, key, *args)
    if int(moved) < 0:
        return None
    return _Moved(sum(1 for blob in rotated[first:] if blob is not None), pending)


async def _count_range(client: Redis, codec: SessionCodec, key: str, low: str, high: str) -> int:
    entries: Any = await client.xrange(key, low, high)
    return sum(1 for _, fields in entries if codec.rotate(fields.get(b"blob", b"")) is not None)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _stream_id(entry_id: str) -> tuple[int, int]:
    millis, _, sequence = entry_id.partition("-")
    return int(millis), int(sequence or 0)
