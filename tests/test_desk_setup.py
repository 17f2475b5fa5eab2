"""Setting up and watching the desk: /whoami for the ids, metrics, unreachable staff,
and the server's own outbox worker."""

from __future__ import annotations

import json
import time

import httpx
from redis.asyncio import Redis

from bot.server.app import SECRET_HEADER
from bot.server.serve import build_server
from bot.store.redis import RedisStore
from tests.conftest import make_store
from tests.support.fake_telegram import TOKEN, FakeTelegram, callback_update, message_update
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import (
    DESK_CHAT,
    PERSON,
    SUPERVISOR,
    Clock,
    hotline,
    hotline_settings,
)
from tests.support.servers import serve_in_thread


async def test_whoami_in_a_group_tells_the_ids_config_needs(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Before the desk is set up, /whoami in the new group gives its id and yours."""
    async with hotline(bot_api, twilio_api, redis_store, SAFAR_DESK_CHAT_ID="") as line:
        await line.desk_write(777, "/whoami", None)
        answer = line.telegram.sent(DESK_CHAT)[-1]["text"]
        assert answer == f"chat_id = {DESK_CHAT}\nyour user id = 777"
        await line.desk_write(777, "hello everyone", None)  # other group talk: nothing
        assert len(line.telegram.sent(DESK_CHAT)) == 1


async def test_metrics_show_the_queue_and_the_outbox(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Waiting cases by priority and undelivered messages, for an organisation's alerts."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        before = (await line.client.get("/metrics")).text
        assert 'safar_cases_waiting{priority="P1"} 1.0' in before
        assert "safar_outbox_backlog 1.0" in before  # the card, not yet posted
        await line.deliver()
        after = (await line.client.get("/metrics")).text
        assert "safar_outbox_backlog 0.0" in after
        assert "safar_outbox_dead_letters 0.0" in after


async def test_a_supervisor_who_never_started_the_bot_does_not_block_the_outbox(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Telegram refuses a DM to someone who never opened the bot: logged, not retried."""
    fake, _ = bot_api
    fake.blocked_chats.add(SUPERVISOR)
    clock = Clock()
    async with hotline(bot_api, twilio_api, redis_store, clock) as line:
        await line.report_locked_in()
        await line.deliver()
        clock.advance(6)
        await line.tick()
        await line.deliver()
        assert any(m.startswith("Всё ещё ждёт") for m in line.desk_messages())
        backlog = (await line.client.get("/metrics")).text
        assert "safar_outbox_backlog 0.0" in backlog


def test_the_server_posts_cards_by_itself(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_url: str,
    key_prefix: str,
) -> None:
    """uvicorn on 127.0.0.1 with its own outbox worker and timers: a report's card reaches
    the group with nobody driving the worker, and shutdown stops both cleanly."""
    fake, api_url = bot_api
    server = build_server(
        hotline_settings(api_url, twilio_api[1]),
        env={"TELEGRAM_BOT_TOKEN": TOKEN},
        store=make_store(Redis.from_url(redis_url), key_prefix),
    )
    steps = [
        message_update(PERSON, "/start"),
        *(
            callback_update(PERSON, data)
            for data in (
                "main.menu|@report",
                "report.safe|danger",
                "report.phone|skip",
                "report.who|skip",
                "report.what|other",
                "report.when|now",
            )
        ),
        message_update(PERSON, "0"),  # no words
        callback_update(PERSON, "report.country|RU"),
        message_update(PERSON, "0"),  # no city
        callback_update(PERSON, "report.consent|anonymous"),
        callback_update(PERSON, "report.confirm|send"),
    ]
    headers = {SECRET_HEADER: server.state.telegram_secret}
    with serve_in_thread(server.app) as base:
        for update in steps:
            response = httpx.post(
                f"{base}/telegram/webhook", headers=headers, content=json.dumps(update), timeout=10
            )
            assert response.status_code == 200
        deadline = time.monotonic() + 10
        while not any(m["text"].startswith("Дело") for m in fake.sent(DESK_CHAT)):
            assert time.monotonic() < deadline, fake.methods()[-10:]
            time.sleep(0.05)
    card = next(m["text"] for m in fake.sent(DESK_CHAT) if m["text"].startswith("Дело"))
    assert "· P1 ·" in card and "в опасности сейчас" in card
