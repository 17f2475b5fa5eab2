"""/forget on Telegram erases the chat as far as the Bot API allows (#14, item 7)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.store.chat_log import ChatLog
from bot.store.redis import RedisStore
from tests.support.fake_telegram import FakeTelegram, message_update
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import hotline
from tests.support.webhook import post, webhook

CHAT = 7100055501


async def _converse(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore, chat: int, texts: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The person's messages through the real webhook; the updates sent."""
    said = [message_update(chat, text, update_id=chat * 10 + n) for n, text in enumerate(texts)]
    async with webhook(bot_api, redis_store) as (server, client):
        for update in said:
            assert await post(client, server, update) == 200
    return said


def _erased_all_but_the_greeting(telegram: FakeTelegram, chat: int, said: list[Any]) -> None:
    person = [u["message"]["message_id"] for u in said]
    bot = [m["_message_id"] for m in telegram.sent(chat)]
    assert sorted(telegram.deleted(chat)) == sorted(person + bot[:-1])
    assert telegram.sent(chat)[-1]["text"] == "Салом! 👋"
    assert bot[-1] not in telegram.deleted(chat)


async def test_forget_deletes_every_message_of_the_chat_and_leaves_a_greeting(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    telegram, _ = bot_api
    said = await _converse(bot_api, redis_store, CHAT, ("салом", "1", "/forget"))
    log = ChatLog(redis_store)
    assert not await redis_store.client.exists(log.key(f"telegram:{CHAT}"))
    assert not await redis_store.client.exists(log.since_key(f"telegram:{CHAT}"))
    _erased_all_but_the_greeting(telegram, CHAT, said)


async def test_a_chat_begun_over_48_hours_ago_is_not_called_erased(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """Telegram answers "done" and skips what is too old to delete: a chat that began
    more than 48 hours ago gets the advice to delete it, not the all-clear greeting."""
    telegram, _ = bot_api
    chat = CHAT + 4
    log = ChatLog(redis_store)
    async with webhook(bot_api, redis_store) as (server, client):
        await post(client, server, message_update(chat, "салом", update_id=710005570))
        since = log.since_key(f"telegram:{chat}")
        began = await redis_store.client.get(since)
        assert began is not None
        await redis_store.client.set(since, int(began) - 49 * 3600)  # as if two days had passed
        await post(client, server, message_update(chat, "/forget", update_id=710005571))
    assert telegram.deleted(chat)  # what can still go, went
    assert "⋮" in telegram.sent(chat)[-1]["text"]
    assert not await redis_store.client.exists(since)


async def test_what_telegram_refuses_to_delete_is_explained(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    telegram, _ = bot_api
    telegram.fail_next("deleteMessages", 400, "Bad Request: message can't be deleted")
    async with webhook(bot_api, redis_store) as (server, client):
        await post(client, server, message_update(CHAT + 1, "салом", update_id=710005560))
        await post(client, server, message_update(CHAT + 1, "/forget", update_id=710005561))
    assert "⋮" in telegram.sent(CHAT + 1)[-1]["text"]  # how to delete the chat themselves


async def test_erase_now_in_privacy_is_forget_and_erases_the_chat(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """The Privacy topic's "Erase now", confirmed, does what /forget does: the data and
    the chat go."""
    telegram, _ = bot_api
    chat = CHAT + 2
    said = await _converse(bot_api, redis_store, chat, ("/start privacy", "1", "1"))
    assert await redis_store.load(f"telegram:{chat}") is None
    assert "/forget" in telegram.sent(chat)[0]["text"]  # the Privacy topic, "Erase now"
    _erased_all_but_the_greeting(telegram, chat, said)


async def test_a_digit_typed_at_privacy_never_erases_without_the_confirmation(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """ "1" at Privacy asks once more; "No" there keeps everything and shows the menu."""
    telegram, _ = bot_api
    chat = CHAT + 3
    await _converse(bot_api, redis_store, chat, ("/start privacy", "1", "2"))
    assert await redis_store.load(f"telegram:{chat}") is not None
    assert telegram.deleted(chat) == []
    texts = [m["text"] for m in telegram.sent(chat)]
    assert any("cannot be undone" in t or "нест" in t or "нельзя" in t for t in texts)


@pytest.mark.parametrize(("n", "word"), [(1, "/exit"), (2, "выход"), (3, "Баромад")])
async def test_the_quick_exit_clears_the_chat_and_keeps_what_safar_keeps(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore, n: int, word: str
) -> None:
    """/exit (or the word, in any language): the chat's messages go and a plain greeting
    is left, but the person and their place stay; a later /forget erases the greeting."""
    telegram, _ = bot_api
    chat = CHAT + 10 + n
    said = await _converse(bot_api, redis_store, chat, ("салом", "1", word))
    _erased_all_but_the_greeting(telegram, chat, said)
    assert await redis_store.load(f"telegram:{chat}") is not None  # nothing was erased
    greeting = telegram.sent(chat)[-1]["_message_id"]
    assert await redis_store.client.lrange(ChatLog(redis_store).key(f"telegram:{chat}"), 0, -1) == [
        str(greeting).encode()
    ]
    async with webhook(bot_api, redis_store) as (server, client):
        await post(client, server, message_update(chat, "/forget", update_id=chat * 10 + 9))
    assert greeting in telegram.deleted(chat)


async def test_a_quick_exit_by_sms_says_to_delete_the_texts(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
) -> None:
    """A text cannot be taken back: the person is told to delete them, and nothing goes."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.sms("+79161110990", "привет")
        replies = await line.sms("+79161110990", "выход")
    assert replies == ["Отсюда SMS не удалить. Удалите эту переписку в телефоне."]
    assert await redis_store.load("sms:+79161110990") is not None


async def test_a_chat_kept_before_its_beginning_was_noted_is_not_called_new(
    redis_store: RedisStore,
) -> None:
    """Ids kept by an earlier version, with no beginning noted: the chat may be older
    than 48 hours, so it is not counted as wholly deletable."""
    log = ChatLog(redis_store)
    contact = f"telegram:{CHAT + 20}"
    await redis_store.client.rpush(log.key(contact), 11, 12)  # as an earlier version kept
    await log.record(contact, [13])
    old = await log.take(contact)
    assert old.ids == [11, 12, 13] and not old.wholly_deletable(time.time())
    await log.record(contact, [14])  # a chat that begins now
    assert (await log.take(contact)).wholly_deletable(time.time())
