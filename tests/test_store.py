"""The session store contract, run against the real Redis and the in-memory store."""

from __future__ import annotations

import asyncio
from types import MappingProxyType

import pytest
from redis.asyncio import Redis

from bot.engine.model import LanguageSource, Session, Status
from bot.store.base import SessionStore, StoreError
from bot.store.memory import MemoryStore
from bot.store.redis import RedisStore
from tests.conftest import make_store

SESSION = Session(
    language="tg",
    language_source=LanguageSource.CHOSEN,
    flow="main",
    node="menu",
    vars=MappingProxyType({"offer": "Кор дар Маскав, 2000 доллар, шиносномаатонро диҳед"}),
    status=Status.ACTIVE,
    updated_at=1_700_000_000.5,
)


def _raw(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


@pytest.fixture(params=["redis", "memory"])
def store(request: pytest.FixtureRequest) -> SessionStore:
    if request.param == "redis":
        redis_store: RedisStore = request.getfixturevalue("redis_store")
        return redis_store
    return MemoryStore(retention_seconds=3600, dedupe_seconds=3600)


async def test_save_and_load_round_trip(store: SessionStore) -> None:
    """A saved session loads back equal, Tajik text and all."""
    await store.save("telegram:42", SESSION)
    assert await store.load("telegram:42") == SESSION
    assert await store.load("telegram:43") is None


async def test_delete(store: SessionStore) -> None:
    """A deleted session is gone."""
    await store.save("sms:+992931234567", SESSION)
    await store.delete("sms:+992931234567")
    assert await store.load("sms:+992931234567") is None


async def test_dedupe_marks_in_the_same_write(store: SessionStore) -> None:
    """A message id saved with the session is then known as processed, for that person;
    a mark of no one's (a delivery report) is apart."""
    await store.save("telegram:42", SESSION, processed="telegram:42#7")
    assert (await store.load_unless_processed("telegram:42", "telegram:42#7"))[0]
    assert not (await store.load_unless_processed("telegram:42", "telegram:42#8"))[0]
    assert not await store.was_processed("telegram:42#7")
    await store.mark_processed("sms-status#SM1#delivered")
    assert await store.was_processed("sms-status#SM1#delivered")
    # Forgetting drops the person's marks; the /forget message itself stays known.
    await store.delete("telegram:42", processed="telegram:42#9")
    assert not (await store.load_unless_processed("telegram:42", "telegram:42#7"))[0]
    assert (await store.load_unless_processed("telegram:42", "telegram:42#9"))[0]


async def test_load_unless_processed(store: SessionStore) -> None:
    """One call tells whether a message was handled and, if not, gives the session."""
    await store.save("telegram:42", SESSION, processed="telegram:42#1")
    assert await store.load_unless_processed("telegram:42", "telegram:42#1") == (True, None)
    assert await store.load_unless_processed("telegram:42", "telegram:42#2") == (False, SESSION)
    assert await store.load_unless_processed("telegram:42", None) == (False, SESSION)
    assert await store.load_unless_processed("telegram:43", "x") == (False, None)


async def test_lock_serialises_one_contact(store: SessionStore) -> None:
    """Two holders of one contact's lock never overlap; other contacts do not wait."""
    events: list[str] = []

    async def hold(contact: str, name: str) -> None:
        async with store.locked(contact):
            events.append(f"{name} in")
            await asyncio.sleep(0.05)
            events.append(f"{name} out")

    await asyncio.gather(hold("telegram:1", "a"), hold("telegram:1", "b"))
    assert events in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])

    events.clear()
    await asyncio.gather(hold("telegram:1", "a"), hold("telegram:2", "b"))
    assert events.index("b in") < events.index("a out")


async def test_ping(store: SessionStore) -> None:
    """A reachable store says so."""
    assert await store.ping()


async def test_redis_keys_have_ttl_and_hash_tags(
    redis_store: RedisStore, redis_client: Redis, key_prefix: str
) -> None:
    """Session and dedupe keys expire, and carry {hash tags} for Redis Cluster."""
    await redis_store.save("telegram:42", SESSION, processed="telegram:42#9")
    session_key = redis_store.session_key("telegram:42")
    assert session_key.startswith(f"{key_prefix}:{{") and session_key.endswith("}:session")
    assert redis_store.lock_key("telegram:42").replace(":lock", "") == session_key.replace(
        ":session", ""
    )
    assert 0 < await redis_client.ttl(session_key) <= 3600
    processed = redis_store.processed_key("telegram:42", "telegram:42#9")
    assert processed.startswith(session_key.removesuffix("session"))  # the session's slot
    assert 0 < await redis_client.ttl(processed) <= 3600


async def test_redis_holds_no_plaintext(
    redis_store: RedisStore, redis_client: Redis, key_prefix: str
) -> None:
    """No phone number, chat id or typed text is readable in Redis."""
    await redis_store.save("sms:+992931234567", SESSION, processed="sms:+992931234567#SM1")
    dump = b""
    async for key in redis_client.scan_iter(match=f"{key_prefix}:*"):
        dump += _raw(key)
        kind = await redis_client.type(key)
        if kind == b"hash":
            for field, value in (await redis_client.hgetall(key)).items():
                dump += _raw(field) + _raw(value)
        elif kind == b"zset":
            dump += b"".join(_raw(m) for m in await redis_client.zrange(key, 0, -1))
        else:
            dump += _raw(await redis_client.get(key) or b"")
    for secret in ("992931234567", "SM1", "Маскав", "Кор", "доллар"):
        assert secret.encode() not in dump


async def test_redis_lock_times_out_cleanly(
    redis_client: Redis, redis_store: RedisStore, key_prefix: str
) -> None:
    """A lock held elsewhere past the wait limit raises StoreError, not a hang."""
    impatient = make_store(redis_client, key_prefix, lock_timeout=0.2)
    held = redis_client.lock(impatient.lock_key("telegram:5"), timeout=5)
    assert await held.acquire()
    with pytest.raises(StoreError):
        async with impatient.locked("telegram:5"):
            pass
    await held.release()


async def test_unreadable_session_counts_as_none(
    redis_store: RedisStore, redis_client: Redis
) -> None:
    """A session written with another key (rotation) or corrupted starts fresh."""
    await redis_client.hset(redis_store.session_key("telegram:77"), "blob", b"garbage")
    assert await redis_store.load("telegram:77") is None


async def test_redis_down_raises_store_error(key_prefix: str) -> None:
    """With no Redis at the address, operations raise StoreError (not a raw socket error)."""
    dead = make_store(Redis.from_url("redis://127.0.0.1:1/0"), key_prefix, lock_timeout=0.2)
    assert not await dead.ping()
    with pytest.raises(StoreError):
        await dead.load("telegram:1")
    await dead.close()


async def test_memory_store_expires_after_retention() -> None:
    """The in-memory store forgets sessions after the retention time."""
    clock = [0.0]
    store = MemoryStore(retention_seconds=10, dedupe_seconds=5, clock=lambda: clock[0])
    await store.save("telegram:1", SESSION, processed="m1")
    clock[0] = 6
    assert not await store.was_processed("m1")
    assert await store.load("telegram:1") == SESSION
    clock[0] = 11
    assert await store.load("telegram:1") is None
