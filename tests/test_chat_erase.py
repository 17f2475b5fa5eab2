"""/forget on Telegram erases the chat as far as the Bot API allows (#14, item 7)."""

from __future__ import annotations

from bot.store.chat_log import ChatLog
from bot.store.redis import RedisStore
from tests.support.fake_telegram import FakeTelegram, message_update
from tests.support.webhook import post, webhook

CHAT = 7100055501


async def test_forget_deletes_every_message_of_the_chat_and_leaves_a_greeting(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    telegram, _ = bot_api
    said = [
        message_update(CHAT, text, update_id=710005550 + n)
        for n, text in enumerate(("салом", "1", "/forget"))
    ]
    async with webhook(bot_api, redis_store) as (server, client):
        for update in said:
            assert await post(client, server, update) == 200
        log = ChatLog(redis_store)
        assert not await redis_store.client.exists(log.key(f"telegram:{CHAT}"))
    person = [u["message"]["message_id"] for u in said]
    bot = [m["_message_id"] for m in telegram.sent(CHAT)]
    last = bot[-1]
    assert sorted(telegram.deleted(CHAT)) == sorted(person + bot[:-1])  # all but the greeting
    assert telegram.sent(CHAT)[-1]["text"] == "Салом! 👋"
    assert last not in telegram.deleted(CHAT)


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
    said = [
        message_update(chat, text, update_id=710005570 + n)
        for n, text in enumerate(("/start privacy", "1", "1"))
    ]
    async with webhook(bot_api, redis_store) as (server, client):
        for update in said:
            assert await post(client, server, update) == 200
        assert await redis_store.load(f"telegram:{chat}") is None
    first_reply = telegram.sent(chat)[0]
    assert "/forget" in first_reply["text"]  # the Privacy topic, offering "Erase now"
    person = [u["message"]["message_id"] for u in said]
    bot = [m["_message_id"] for m in telegram.sent(chat)]
    assert sorted(telegram.deleted(chat)) == sorted(person + bot[:-1])
    assert telegram.sent(chat)[-1]["text"] == "Салом! 👋"


async def test_a_digit_typed_at_privacy_never_erases_without_the_confirmation(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """ "1" at Privacy asks once more; "No" there keeps everything and shows the menu."""
    telegram, _ = bot_api
    chat = CHAT + 3
    async with webhook(bot_api, redis_store) as (server, client):
        for n, text in enumerate(("/start privacy", "1", "2")):
            assert (
                await post(client, server, message_update(chat, text, update_id=710005580 + n))
                == 200
            )
        assert await redis_store.load(f"telegram:{chat}") is not None
    assert telegram.deleted(chat) == []
    texts = [m["text"] for m in telegram.sent(chat)]
    assert any("cannot be undone" in t or "нест" in t or "нельзя" in t for t in texts)
