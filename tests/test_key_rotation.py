"""Rotating the data key: old data still readable during the change, everything
re-encrypted by the command, the old key dropped afterwards, names of keys unchanged."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from redis import Redis as SyncRedis
from redis.asyncio import Redis

from bot.cases.model import NewCase
from bot.cases.outbox import GROUP, OutboxWorker, Outgoing, add_to_outbox
from bot.cases.store import RedisCaseStore
from bot.cli import main
from bot.config.errors import ConfigError
from bot.config.secrets import data_keys, new_data_key
from bot.engine.model import Contact, Session
from bot.store.base import Unsent
from bot.store.codec import SessionCodec
from bot.store.deferred import DeferredReplies
from bot.store.redis import Drafts, RedisStore
from bot.store.rekey import reencrypt
from tests.support.cases import WORDS, waiting_case

PERSON = "telegram:7100044551"


def _store(client: Redis, prefix: str, codec: SessionCodec) -> RedisStore:
    return RedisStore(
        client,
        codec,
        prefix=prefix,
        retention_seconds=3600,
        dedupe_seconds=3600,
        lock_timeout=1,
        drafts=Drafts(("r_",), 600),
    )


def _cases(client: Redis, prefix: str, codec: SessionCodec) -> RedisCaseStore:
    return RedisCaseStore(client, codec, prefix=prefix, dedupe_seconds=3600)


async def test_a_rotation_reencrypts_everything_and_the_old_key_can_go(
    redis_client: Redis, key_prefix: str
) -> None:
    old_key, new_key = new_data_key(), new_data_key()
    before = data_keys({"SAFAR_DATA_KEY": old_key}, ephemeral_ok=False)
    store = _store(redis_client, key_prefix, SessionCodec(before))
    report = Session("tg").with_vars({"r_text": "шиносномаамро гирифтанд"})  # a draft
    await store.save(PERSON, report, processed="m1", unsent=Unsent("m1", ("salom",)))
    case, _ = await _cases(redis_client, key_prefix, store.codec).open(
        NewCase("P2", "tg", PERSON), waiting_case(PERSON)
    )
    await store.subscribe(PERSON, "tg")
    await DeferredReplies(store, max_age_seconds=60).defer(Contact("telegram", "7100044551"), ["x"])

    during = data_keys(
        {
            "SAFAR_DATA_KEY": new_key,
            "SAFAR_DATA_KEY_PREVIOUS": old_key,
            "SAFAR_HASH_KEY": before.hash_key_text(),
        },
        ephemeral_ok=False,
    )
    rotating = _store(redis_client, key_prefix, SessionCodec(during))
    assert rotating.session_key(PERSON) == store.session_key(PERSON)  # same names
    assert await rotating.load(PERSON) is not None  # old data still reads

    done = await reencrypt(redis_client, rotating.codec, key_prefix)
    assert done.values >= 4 and done.keys >= 4 and done.in_streams == 0
    again = await reencrypt(redis_client, rotating.codec, key_prefix)
    assert again.values == 0  # a second run changes nothing

    after = data_keys(
        {"SAFAR_DATA_KEY": new_key, "SAFAR_HASH_KEY": before.hash_key_text()}, ephemeral_ok=False
    )
    rotated = _store(redis_client, key_prefix, SessionCodec(after))
    session = await rotated.load(PERSON)
    assert session is not None and session.language == "tg"
    assert session.vars.get("r_text") == "шиносномаамро гирифтанд"  # the draft too
    kept = await _cases(redis_client, key_prefix, rotated.codec).get(case.id)
    assert kept is not None and kept.text == WORDS
    assert await rotated.unsent(PERSON) == Unsent("m1", ("salom",))
    assert [s.contact for s in await rotated.subscribers()] == [PERSON]
    # The old key alone reads nothing any more.
    assert await _store(redis_client, key_prefix, SessionCodec(before)).load(PERSON) is None
    assert await _cases(redis_client, key_prefix, SessionCodec(before)).get(case.id) is None


def test_key_variables_are_checked() -> None:
    good = new_data_key()
    with pytest.raises(ConfigError, match="SAFAR_DATA_KEY_PREVIOUS"):
        data_keys({"SAFAR_DATA_KEY": good, "SAFAR_DATA_KEY_PREVIOUS": "short"}, ephemeral_ok=False)
    with pytest.raises(ConfigError, match="SAFAR_HASH_KEY"):
        data_keys({"SAFAR_DATA_KEY": good, "SAFAR_HASH_KEY": "!!"}, ephemeral_ok=False)
    pinned = base64.urlsafe_b64encode(b"k" * 32).decode()
    keys = data_keys({"SAFAR_DATA_KEY": good, "SAFAR_HASH_KEY": pinned}, ephemeral_ok=False)
    assert keys.hashing == b"k" * 32


def test_the_command_reports_what_it_rewrote(
    redis_url: str,
    key_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old_key, new_key = new_data_key(), new_data_key()
    before = data_keys({"SAFAR_DATA_KEY": old_key}, ephemeral_ok=False)
    sync = SyncRedis.from_url(redis_url)
    sync.set(
        f"{key_prefix}:{{abc}}:unsent", SessionCodec(before).seal_json({"for": "m", "messages": []})
    )
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("SAFAR_REDIS_KEY_PREFIX", key_prefix)
    monkeypatch.setenv("SAFAR_DATA_KEY", new_key)
    monkeypatch.setenv("SAFAR_DATA_KEY_PREVIOUS", old_key)
    assert main(["keys", "reencrypt"]) == 0
    assert "re-encrypted 1 values in 1 keys" in capsys.readouterr().out
    monkeypatch.delenv("SAFAR_DATA_KEY_PREVIOUS")
    monkeypatch.setenv("SAFAR_HASH_KEY", before.hash_key_text())
    assert main(["keys", "hash-key"]) == 0
    assert capsys.readouterr().out.strip() == before.hash_key_text()
    sync.close()


async def test_the_outbox_is_reencrypted_in_order_and_what_is_in_flight_is_left(
    redis_client: Redis, key_prefix: str
) -> None:
    """Unread outbox entries and dead letters are rewritten under the new key, in their
    order; an entry a worker has read but not acknowledged is counted, not touched."""
    old_key, new_key = new_data_key(), new_data_key()
    before = SessionCodec(data_keys({"SAFAR_DATA_KEY": old_key}, ephemeral_ok=False))
    stream, dead = f"{key_prefix}:outbox", f"{key_prefix}:outbox:dead"
    async with redis_client.pipeline(transaction=True) as pipe:
        for n in range(4):
            add_to_outbox(pipe, before, stream, Outgoing("desk", f"C-{n}", text=f"message {n}"))
        add_to_outbox(pipe, before, dead, Outgoing("staff", "C-9", text="gave up", to="7"))
        await pipe.execute()
    await redis_client.xgroup_create(stream, GROUP, id="0")
    in_flight: Any = await redis_client.xreadgroup(GROUP, "w1", {stream: ">"}, count=1)
    [(_, [(flying_id, _)])] = in_flight

    during = SessionCodec(
        data_keys(
            {"SAFAR_DATA_KEY": new_key, "SAFAR_DATA_KEY_PREVIOUS": old_key}, ephemeral_ok=False
        )
    )
    done = await reencrypt(redis_client, during, key_prefix)
    assert done.values >= 4 and done.in_streams == 1  # 3 unread and 1 dead letter moved

    # The in-flight entry is delivered under the old key meanwhile, then the rest drains.
    await redis_client.xack(stream, GROUP, flying_id)
    await redis_client.xdel(stream, flying_id)
    assert (await reencrypt(redis_client, during, key_prefix)).in_streams == 0

    after = SessionCodec(data_keys({"SAFAR_DATA_KEY": new_key}, ephemeral_ok=False))
    delivered: list[str] = []

    async def deliver(item: Outgoing) -> None:
        delivered.append(item.text)

    worker = OutboxWorker(redis_client, after, stream, deliver, retry_seconds=60, max_attempts=3)
    while await worker.run_once():
        pass
    assert delivered == ["message 1", "message 2", "message 3"]
    letters: Any = await redis_client.xrange(dead)
    [(_, fields)] = letters
    assert after.unseal_json(fields[b"blob"]) == {
        "kind": "staff",
        "case": "C-9",
        "text": "gave up",
        "to": "7",
        "buttons": [],
    }
