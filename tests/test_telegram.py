"""The Telegram channel end to end through python-telegram-bot's real HTTP stack.

The Bot API is a local stand-in on 127.0.0.1 (tests/support/fake_telegram.py); Redis is
real. Webhook tests drive the ASGI app in-process; polling runs the real loop; one test
runs the whole server on a real port.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from bot.config.settings import ROOT, Settings, load_settings
from bot.engine.model import Status
from bot.server.app import SECRET_HEADER
from bot.server.serve import Server, build_server
from bot.store.redis import RedisStore
from tests.conftest import make_store
from tests.support.fake_telegram import (
    TOKEN,
    FakeTelegram,
    callback_update,
    message_update,
)
from tests.support.menu import menu_number
from tests.support.redis_process import RedisProcess
from tests.support.servers import serve_in_thread

TAJIK_WELCOME = "Салом! Ман Safar ҳастам."


@pytest.fixture
def fake() -> Iterator[tuple[FakeTelegram, str]]:
    telegram = FakeTelegram()
    with serve_in_thread(telegram.app()) as url:
        yield telegram, url


def _settings(api_url: str, public_url: str = "") -> Settings:
    settings = load_settings(
        ROOT / "config.toml",
        env={
            "TELEGRAM_API_BASE_URL": api_url,  # the variable organisations set
            "SAFAR_TELEGRAM_POLL_TIMEOUT_SECONDS": "1",
            "SAFAR_SERVER_PUBLIC_URL": public_url,
        },
    )
    assert settings.telegram.api_base_url == api_url
    return settings


@asynccontextmanager
async def running(server: Server) -> AsyncIterator[Server]:
    for start in server.state.on_start:
        await start()
    try:
        yield server
    finally:
        for stop in server.state.on_stop:
            await stop()


@asynccontextmanager
async def webhook_server(
    fake: tuple[FakeTelegram, str], store: RedisStore
) -> AsyncIterator[tuple[Server, httpx.AsyncClient]]:
    server = build_server(
        _settings(fake[1], "https://safar.test"), env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=store
    )
    async with running(server):
        transport = httpx.ASGITransport(app=server.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://safar") as client:
            yield server, client


async def _post(
    client: httpx.AsyncClient, server: Server, update: Any, secret: str | None = None
) -> httpx.Response:
    headers = {SECRET_HEADER: server.state.telegram_secret if secret is None else secret}
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    return await client.post("/telegram/webhook", content=body, headers=headers)


def _buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {}
    return [
        (b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row
    ]


async def test_start_in_tajik_gets_welcome_and_keyboard(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """/start from a user with language_code "tg": Tajik welcome, then an inline keyboard."""
    telegram, _ = fake
    async with webhook_server(fake, redis_store) as (server, client):
        response = await _post(client, server, message_update(7001, "/start"))
        assert response.status_code == 200
    welcome, menu = telegram.sent(7001)
    assert welcome["text"].startswith(TAJIK_WELCOME)
    assert "parse_mode" not in welcome  # plain text: nothing to escape, nothing to break
    assert _buttons(menu) == [
        ("Санҷиши кор", "main.menu|@job"),
        ("Пеш аз сафар", "main.menu|@learn"),
        ("Сӯҳбат бо корманди иҷтимоӣ", "main.menu|@report"),
        ("Рақамҳои кумак", "main.menu|@emergency"),
        ("Маслиҳатҳо", "main.menu|@tips"),
        ("Махфият", "main.menu|@privacy"),
        ("Забон (Language)", "main.menu|language"),
    ]


async def test_pressing_buttons_walks_a_flow(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """A button press is answered (answerCallbackQuery) and moves the flow on."""
    telegram, _ = fake
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(client, server, message_update(7002, "/start", language_code="ru"))
        await _post(client, server, callback_update(7002, "main.menu|language"))
        languages = telegram.sent(7002)[-1]
        assert [label for label, _ in _buttons(languages)] == [
            "Тоҷикӣ",
            "Русский",
            "English",
            "Меню",
        ]
        await _post(client, server, callback_update(7002, "main.language|en"))
    assert telegram.methods().count("answerCallbackQuery") == 2
    assert telegram.sent(7002)[-1]["text"] == "What would you like to do?"


@pytest.mark.parametrize("data", ["main.menu|@privacy", "garbage", "", "x|y|z", "main.menu|"])
async def test_stale_or_tampered_buttons_get_a_gentle_answer(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore, data: str
) -> None:
    """Old or forged callback data is answered kindly and the press is acknowledged."""
    telegram, _ = fake
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(client, server, message_update(7003, "hello", language_code="en"))
        await _post(client, server, message_update(7003, "/language", language_code="en"))
        response = await _post(client, server, callback_update(7003, data))
    assert response.status_code == 200
    assert "answerCallbackQuery" in telegram.methods()
    assert "earlier message" in telegram.sent(7003)[-1]["text"]


async def test_redelivered_update_is_answered_once(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """The same update_id twice produces one set of replies."""
    telegram, _ = fake
    update = message_update(7004, "салом")
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(client, server, update)
        await _post(client, server, update)
    assert len(telegram.sent(7004)) == 2  # welcome + menu, once


async def test_429_is_waited_out_not_dropped(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """Telegram's "retry after" is honoured and the message still arrives, once."""
    telegram, _ = fake
    telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1})
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(client, server, message_update(7005, "salom"))
    attempts = [c for c in telegram.calls if c.method == "sendMessage"]
    assert len(attempts) == 3  # the refused one, then welcome and menu
    assert telegram.sent(7005)[0]["text"].startswith(TAJIK_WELCOME)


async def test_403_marks_the_user_stopped_until_they_write(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """A user who blocked the bot is marked stopped; writing again resumes."""
    telegram, _ = fake
    telegram.blocked_chats.add(7006)
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(client, server, message_update(7006, "salom"))
        session = await redis_store.load("telegram:7006")
        assert session is not None and session.status is Status.STOPPED
        assert telegram.sent(7006) == []
        telegram.blocked_chats.clear()
        await _post(client, server, message_update(7006, "salom"))
        session = await redis_store.load("telegram:7006")
        assert session is not None and session.status is Status.ACTIVE
    assert telegram.sent(7006)


async def test_blocking_update_marks_stopped(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """my_chat_member "kicked" marks the user stopped without sending anything."""
    telegram, _ = fake
    member = {
        "update_id": 99001,
        "my_chat_member": {
            "chat": {"id": 7007, "type": "private"},
            "from": {"id": 7007, "is_bot": False, "first_name": "T"},
            "date": 1,
            "old_chat_member": {
                "status": "member",
                "user": {"id": 123456, "is_bot": True, "first_name": "Safar"},
            },
            "new_chat_member": {
                "status": "kicked",
                "until_date": 0,
                "user": {"id": 123456, "is_bot": True, "first_name": "Safar"},
            },
        },
    }
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(client, server, message_update(7007, "hello", language_code="en"))
        sent_before = len(telegram.sent(7007))
        assert (await _post(client, server, member)).status_code == 200
        session = await redis_store.load("telegram:7007")
        assert session is not None and session.status is Status.STOPPED
    assert len(telegram.sent(7007)) == sent_before


@pytest.mark.parametrize("secret", ["", "wrong", "x" * 300])
async def test_webhook_rejects_wrong_or_missing_secret(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore, secret: str
) -> None:
    """A wrong or missing secret token gets 403 and nothing is processed."""
    telegram, _ = fake
    async with webhook_server(fake, redis_store) as (server, client):
        response = await _post(client, server, message_update(7008, "salom"), secret=secret)
    assert response.status_code == 403
    assert telegram.sent(7008) == []


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"no": "update"}', b"\xff\xfe"])
async def test_webhook_acknowledges_what_is_not_an_update(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore, body: bytes
) -> None:
    """Authenticated malformed bodies get 200 (a refusal is redelivered forever), not a crash.

    tests/test_malformed_updates.py covers every kind and the counting by reason.
    """
    async with webhook_server(fake, redis_store) as (server, client):
        response = await _post(client, server, body)
    assert response.status_code == 200


PHOTO = [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]
OTHER_UPDATES = [
    ("photo", message_update(7100, photo=PHOTO), "Акс, паёми овозӣ"),
    (
        "voice",
        message_update(7101, voice={"file_id": "v", "file_unique_id": "u", "duration": 2}),
        "Акс, паёми овозӣ",
    ),
    (
        "sticker",
        message_update(
            7102,
            sticker={
                "file_id": "s",
                "file_unique_id": "u",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            },
        ),
        "Акс, паёми овозӣ",
    ),
    (
        "location",
        message_update(7103, location={"latitude": 55.7, "longitude": 37.6}),
        "Акс, паёми овозӣ",
    ),
    (
        "document with caption",
        message_update(7104, caption="ёрӣ", document={"file_id": "d", "file_unique_id": "u"}),
        "112",
    ),
    (
        "forwarded",
        message_update(
            7105,
            "помогите",
            forward_origin={"type": "hidden_user", "date": 1, "sender_user_name": "x"},
        ),
        "112",
    ),
    ("group message", message_update(-7106, "salom", chat_type="group"), None),
    (
        "edited message",
        {
            "update_id": 99106,
            "edited_message": message_update(7107, "salom")["message"] | {"edit_date": 2},
        },
        None,
    ),
    (
        "channel post",
        {
            "update_id": 99107,
            "channel_post": {
                "message_id": 1,
                "date": 1,
                "chat": {"id": -100, "type": "channel"},
                "text": "job in Dubai",
            },
        },
        None,
    ),
    (
        "poll answer",
        {
            "update_id": 99108,
            "poll_answer": {
                "poll_id": "1",
                "user": {"id": 7108, "is_bot": False, "first_name": "T"},
                "option_ids": [0],
                "option_persistent_ids": ["a"],
            },
        },
        None,
    ),
    # An older or newer shape python-telegram-bot cannot read: acknowledged, not refused.
    ("unreadable", {"update_id": 99109, "poll_answer": {"poll_id": "1"}}, None),
]


@pytest.mark.parametrize(
    ("name", "update", "expected"), OTHER_UPDATES, ids=[u[0] for u in OTHER_UPDATES]
)
async def test_everything_else_telegram_sends(
    fake: tuple[FakeTelegram, str],
    redis_store: RedisStore,
    name: str,
    update: dict[str, Any],
    expected: str | None,
) -> None:
    """Media, locations, forwards, groups, edits and channel posts: answered or ignored."""
    telegram, _ = fake
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(
            client,
            server,
            message_update(7100 + OTHER_UPDATES.index((name, update, expected)), "salom"),
        )
        before = len(telegram.sent())
        response = await _post(client, server, update)
    assert response.status_code == 200
    new = telegram.sent()[before:]
    if expected is None:
        assert new == []
    else:
        assert expected in new[0]["text"]


async def test_location_is_not_stored(
    fake: tuple[FakeTelegram, str],
    redis_store: RedisStore,
    redis_client: Any,
    key_prefix: str,
) -> None:
    """Coordinates sent by a user are never written to Redis."""
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(
            client,
            server,
            message_update(7200, location={"latitude": 55.751244, "longitude": 37.618423}),
        )
        codec_dump = b"".join([k async for k in redis_client.scan_iter(f"{key_prefix}:*")])
        session = await redis_store.load("telegram:7200")
    assert b"55.75" not in codec_dump
    assert session is not None and "55.75" not in json.dumps(dict(session.vars))


async def test_commands_registered_per_language_and_webhook_set(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """setMyCommands per language (tg, ru, en, default) and setWebhook with the secret."""
    telegram, _ = fake
    async with webhook_server(fake, redis_store) as (server, _client):
        secret = server.state.telegram_secret
    commands = [c.params for c in telegram.calls if c.method == "setMyCommands"]
    by_language = {c.get("language_code"): c["commands"] for c in commands}
    assert set(by_language) == {"tg", "ru", "en", None}
    assert {"command": "language", "description": "Иваз кардани забон"} in by_language["tg"]
    assert {"command": "forget", "description": "Удалить то, что Safar хранит о вас"} in (
        by_language["ru"]
    )
    webhook = next(c.params for c in telegram.calls if c.method == "setWebhook")
    assert webhook["url"] == "https://safar.test/telegram/webhook"
    assert webhook["secret_token"] == secret


async def test_polling_end_to_end_in_order(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """Long polling: updates are answered, one user's in order, the offset advances."""
    telegram, url = fake
    server = build_server(_settings(url), env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=redis_store)
    first = message_update(7300, "hello", language_code="en")
    telegram.queue(first)
    async with running(server):
        await telegram.wait_for(lambda: len(telegram.sent(7300)) == 2)
        # One batch: open the language menu, then pick Russian; another user in parallel.
        telegram.queue(
            message_update(7300, menu_number("language"), language_code="en"),
            message_update(7300, "2", language_code="en"),
            message_update(7301, "салом"),
        )
        await telegram.wait_for(lambda: len(telegram.sent(7300)) == 4 and telegram.sent(7301))
        await telegram.wait_for(
            lambda: any(
                c.method == "getUpdates"
                and c.params.get("offset")
                and int(c.params["offset"]) > first["update_id"]
                for c in telegram.calls
            )
        )
        session = await redis_store.load("telegram:7300")
    assert session is not None and session.language == "ru"
    assert "deleteWebhook" in telegram.methods()
    assert telegram.sent(7301)[0]["text"].startswith(TAJIK_WELCOME)


async def test_shutdown_finishes_the_update_in_flight(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """Stopping while a reply is being sent lets it finish."""
    telegram, url = fake
    telegram.send_delay = 0.3
    server = build_server(_settings(url), env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=redis_store)
    async with running(server):
        telegram.queue(message_update(7400, "hello", language_code="en"))
        await telegram.wait_for(lambda: "sendMessage" in telegram.methods())
    assert len(telegram.sent(7400)) == 2


async def test_health_and_metrics(fake: tuple[FakeTelegram, str], redis_store: RedisStore) -> None:
    """/healthz reports Redis; /metrics counts updates, errors, latency, open sessions."""
    async with webhook_server(fake, redis_store) as (server, client):
        await _post(client, server, message_update(7500, "salom"))
        await _post(client, server, message_update(7500, "x"), secret="wrong")
        health = await client.get("/healthz")
        metrics = (await client.get("/metrics")).text
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "redis": True}
    assert 'safar_updates_total{channel="telegram",kind="message"} 1.0' in metrics
    assert 'safar_errors_total{channel="telegram",stage="forbidden"} 1.0' in metrics
    assert "safar_update_seconds_bucket" in metrics
    assert "safar_open_sessions 1.0" in metrics


async def test_health_reports_redis_down(fake: tuple[FakeTelegram, str]) -> None:
    """With Redis unreachable /healthz says so with 503, and updates get 503 to retry."""
    dead = make_store(Redis.from_url("redis://127.0.0.1:1/0"), "x", lock_timeout=0.2)
    async with webhook_server(fake, dead) as (server, client):
        health = await client.get("/healthz")
        response = await _post(client, server, message_update(7600, "salom"))
    assert health.status_code == 503
    assert health.json()["redis"] is False
    assert response.status_code == 503  # Telegram will redeliver: the message is not lost


async def test_health_reports_a_replica_as_unhealthy(
    fake: tuple[FakeTelegram, str], tmp_path: Path
) -> None:
    """A PING would answer on a replica; writes would fail READONLY. After a failover
    that leaves a worker on the old primary, now a replica, /healthz must say so."""
    for name in ("primary", "replica"):
        (tmp_path / name).mkdir()
    primary = RedisProcess(tmp_path / "primary")
    primary.start()
    replica = RedisProcess(tmp_path / "replica", "--replicaof", "127.0.0.1", str(primary.port))
    try:
        replica.start()
        for server_url, healthy in ((primary.url, True), (replica.url, False)):
            store = make_store(Redis.from_url(server_url), "health", lock_timeout=0.2)
            async with webhook_server(fake, store) as (_server, client):
                health = await client.get("/healthz")
            assert (health.status_code, health.json()["redis"]) == (
                (200, True) if healthy else (503, False)
            )
    finally:
        replica.kill()
        primary.kill()


def test_whole_server_on_a_real_port(
    fake: tuple[FakeTelegram, str], redis_url: str, key_prefix: str
) -> None:
    """uvicorn serving the app on 127.0.0.1: lifespan, webhook, health, once end to end."""
    telegram, url = fake
    store = make_store(Redis.from_url(redis_url), key_prefix)
    server = build_server(
        _settings(url, "https://safar.test"), env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=store
    )
    with serve_in_thread(server.app) as base:
        headers = {SECRET_HEADER: server.state.telegram_secret}
        response = httpx.post(
            f"{base}/telegram/webhook",
            headers=headers,
            content=json.dumps(message_update(7700, "салом")),
            timeout=10,
        )
        health = httpx.get(f"{base}/healthz", timeout=10)
    assert response.status_code == 200
    assert health.json()["redis"] is True
    assert telegram.sent(7700)[0]["text"].startswith(TAJIK_WELCOME)
    assert "setWebhook" in telegram.methods()


async def test_no_token_means_no_telegram(redis_store: RedisStore) -> None:
    """Without TELEGRAM_BOT_TOKEN the webhook route answers 404 and nothing starts."""
    server = build_server(load_settings(ROOT / "config.toml", env={}), env={}, store=redis_store)
    async with running(server):
        transport = httpx.ASGITransport(app=server.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://s") as client:
            response = await client.post("/telegram/webhook", content=b"{}")
    assert response.status_code == 404
    assert server.state.telegram is None


async def test_polling_skips_an_unreadable_update(
    fake: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """An update PTB cannot parse does not block the updates behind it."""
    telegram, url = fake
    server = build_server(_settings(url), env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=redis_store)
    telegram.queue(
        {"update_id": 1, "poll_answer": {"poll_id": "1"}},
        message_update(7800, "salom", update_id=2),
    )
    async with running(server):
        await telegram.wait_for(lambda: len(telegram.sent(7800)) == 2)
