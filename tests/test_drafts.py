"""A report abandoned by silence is gone when the idle time passes (#14, item 4).

The flows' private variables are kept apart from the session, with the idle time as
their TTL, on a real Redis whose clock does the expiring.
"""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from bot.app import drafts
from bot.config.settings import ROOT, load_settings
from bot.engine.model import Session
from bot.store.redis import Drafts, RedisStore
from tests.conftest import make_store

PERSON = "sms:+992931110099"


def _store(client: Redis, prefix: str, seconds: int) -> RedisStore:
    return make_store(client, prefix, drafts=Drafts(("r_", "heard_"), seconds))


async def test_a_draft_expires_on_its_own_and_the_session_stays(
    redis_client: Redis, key_prefix: str
) -> None:
    store = _store(redis_client, key_prefix, seconds=1)
    typed = Session("ru").with_vars({"r_words": "меня заперли", "heard_words": "x", "lang": "ru"})
    await store.save(PERSON, typed)
    loaded = await store.load(PERSON)
    assert loaded is not None and loaded.vars["r_words"] == "меня заперли"
    blob = await redis_client.hget(store.session_key(PERSON), "blob")
    stored = store.codec.decode(blob if isinstance(blob, bytes) else b"")
    assert stored is not None and "r_words" not in stored.vars  # not in the 90-day record
    assert 0 < await redis_client.ttl(store.draft_key(PERSON)) <= 1
    await asyncio.sleep(1.2)
    later = await store.load(PERSON)
    assert later is not None and "r_words" not in later.vars and "heard_words" not in later.vars
    assert later.vars["lang"] == "ru"  # what is not a draft stays


async def test_saving_without_a_draft_drops_the_old_one(
    redis_client: Redis, key_prefix: str
) -> None:
    store = _store(redis_client, key_prefix, seconds=60)
    await store.save(PERSON, Session("tg").with_vars({"r_who": "self"}))
    await store.save(PERSON, Session("tg"))  # the report was sent or left
    assert not await redis_client.exists(store.draft_key(PERSON))


def test_the_drafts_are_the_flows_private_variables_for_the_idle_time() -> None:
    settings = load_settings(ROOT / "config.toml", env={"SAFAR_SESSION_IDLE_MINUTES": "10"})
    found = drafts(settings)
    assert set(found.prefixes) >= {"r_", "heard_"}
    assert found.seconds == 10 * 60 + 60
