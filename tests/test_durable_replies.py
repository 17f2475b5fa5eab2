"""Replies are never lost nor doubled: kept with the session, sent, deferred, redelivered.

Through the real webhook, python-telegram-bot's HTTP stack, the Bot API stand-in and a
real Redis. The stand-in fails as Telegram does: one 502, or an outage of every
sendMessage until it is over.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.engine.model import Contact, Session
from bot.store.base import Unsent
from bot.store.redis import RedisStore
from tests.support.fake_telegram import FakeTelegram, message_update
from tests.support.webhook import post, webhook

TAJIK_WELCOME = "Салом! Ман Safar ҳастам."


def texts(telegram: FakeTelegram, chat: int) -> list[str]:
    return [m["text"] for m in telegram.sent(chat)]


async def test_one_502_loses_neither_the_welcome_nor_the_menu(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    telegram, _ = bot_api
    telegram.fail_next("sendMessage", 502, "Bad Gateway")
    async with webhook(bot_api, redis_store) as (server, client):
        assert await post(client, server, message_update(8101, "салом")) == 200
        await telegram.wait_for(lambda: len(telegram.sent(8101)) >= 2)
        await asyncio.sleep(1.5)  # a second pass of the worker sends nothing more
    sent = texts(telegram, 8101)
    assert len(sent) == 2
    assert sent[0].startswith(TAJIK_WELCOME)
    assert await redis_store.unsent("telegram:8101") is None


async def test_an_outage_delivers_every_reply_after_it_in_order_once(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    telegram, _ = bot_api
    said = ["салом", "1", "0"]
    async with webhook(bot_api, redis_store) as (server, client):
        # The same conversation with the Bot API up, for what the person should see.
        for n, text in enumerate(said):
            await post(client, server, message_update(8102, text, update_id=810200 + n))
        expected = texts(telegram, 8102)
        telegram.down.add("sendMessage")
        for n, text in enumerate(said):
            assert await post(client, server, message_update(8103, text, update_id=810300 + n))
        assert telegram.sent(8103) == []
        telegram.down.clear()
        await telegram.wait_for(lambda: len(telegram.sent(8103)) >= len(expected), limit=20)
        await asyncio.sleep(1.5)
    assert len(expected) >= 3
    assert texts(telegram, 8103) == expected


async def test_a_reply_cut_off_mid_send_is_sent_on_the_redelivery_once(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """The process dies while Telegram takes the welcome; Telegram redelivers."""
    telegram, _ = bot_api
    update = message_update(8104, "салом")
    async with webhook(bot_api, redis_store) as (server, client):
        telegram.send_delay = 5.0
        first = asyncio.create_task(post(client, server, update))
        await telegram.wait_for(lambda: telegram.methods().count("sendMessage") >= 1)
        first.cancel()  # the request dies with the process: no answer, no 200
        with pytest.raises(asyncio.CancelledError):
            await first
        telegram.send_delay = 0.0
        kept = await redis_store.unsent("telegram:8104")
        assert kept is not None and len(kept.messages) == 2  # saved, processed, not sent
        assert await post(client, server, update) == 200  # Telegram's redelivery
        assert await post(client, server, update) == 200  # and one more: nothing left
    delivered = [m for m in telegram.sent(8104) if m.get("_ok")]
    assert delivered[0]["text"].startswith(TAJIK_WELCOME)
    assert len(delivered) == 2
    assert await redis_store.unsent("telegram:8104") is None


async def test_kept_replies_live_beside_the_session_and_shrink(redis_store: RedisStore) -> None:
    person = Contact("telegram", "8105").key
    await redis_store.save(person, Session("tg"), processed="m1", unsent=Unsent("m1", ("a", "b")))
    assert await redis_store.unsent(person) == Unsent("m1", ("a", "b"))
    await redis_store.keep_unsent(person, Unsent("m1", ("b",)))
    assert await redis_store.unsent(person) == Unsent("m1", ("b",))
    await redis_store.keep_unsent(person, Unsent("m1", ()))
    assert await redis_store.unsent(person) is None
    await redis_store.save(person, Session("tg"), unsent=Unsent("m2", ("c",)))
    await redis_store.delete(person)
    assert await redis_store.unsent(person) is None  # forgotten means all of it
