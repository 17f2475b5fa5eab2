"""Malformed but authenticated input on both webhooks (issue #13, item 6).

A right secret token does not make an update well formed. Every authenticated update
Telegram posts gets 200 (anything else is redelivered forever) and is counted: a
malformed one in ``safar_malformed_updates_total`` by reason, a readable one in
``safar_updates_total`` by kind. Texts are cut to Telegram's limits before any work;
bodies are capped (Telegram 1 MiB, acknowledged; Twilio 64 KiB, 413). The app runs
in-process against real Redis and the Bot API stand-in; the desk is configured, so its
code reads the same updates.
"""

from __future__ import annotations

import asyncio
import copy
import json
import random
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from bot.channels.telegram.wire import (
    MAX_CAPTION_CHARS,
    MAX_JSON_DEPTH,
    MAX_TEXT_CHARS,
    nesting_too_deep,
)
from bot.config.settings import ROOT, load_settings
from bot.engine.model import Inbound
from bot.server.app import SECRET_HEADER
from bot.server.serve import Server, build_server
from bot.server.telegram_routes import TELEGRAM_MAX_BODY_BYTES
from bot.server.twilio_routes import TWILIO_MAX_BODY_BYTES
from bot.store.redis import RedisStore
from tests.support.fake_telegram import (
    TOKEN,
    FakeTelegram,
    callback_update,
    message_update,
    user,
)
from tests.support.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, SMS_NUMBER, signed
from tests.support.servers import in_process

PUBLIC = "https://safar.test"
INBOUND = "/sms/twilio/inbound"
DESK_CHAT = -1009876543
ENV = {
    "TELEGRAM_BOT_TOKEN": TOKEN,
    "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
    "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
}


@asynccontextmanager
async def app_server(
    bot_api: tuple[FakeTelegram, str], store: RedisStore
) -> AsyncIterator[tuple[Server, httpx.AsyncClient]]:
    """Both webhooks and the desk, driven in-process."""
    settings = load_settings(
        ROOT / "config.toml",
        env={
            "TELEGRAM_API_BASE_URL": bot_api[1],
            "SAFAR_SERVER_PUBLIC_URL": PUBLIC,
            "SAFAR_SMS_FROM_NUMBER": SMS_NUMBER,
            "SAFAR_DESK_CHAT_ID": str(DESK_CHAT),
            "SAFAR_TELEGRAM_CHAT_BURST": "1000",
            "SAFAR_TELEGRAM_CHAT_MESSAGES_PER_SECOND": "1000",
        },
    )
    server = build_server(settings, env=ENV, store=store, background=False)
    async with in_process(server) as client:
        yield server, client


async def post(
    client: httpx.AsyncClient, server: Server, update: Any, secret: str | None = None
) -> httpx.Response:
    headers = {SECRET_HEADER: server.state.telegram_secret if secret is None else secret}
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    return await client.post("/telegram/webhook", content=body, headers=headers)


def malformed(server: Server, reason: str) -> float:
    value = server.state.metrics.registry.get_sample_value(
        "safar_malformed_updates_total", {"channel": "telegram", "reason": reason}
    )
    return value or 0.0


def updates(server: Server, kind: str) -> float:
    value = server.state.metrics.registry.get_sample_value(
        "safar_updates_total", {"channel": "telegram", "kind": kind}
    )
    return value or 0.0


def all_counted(server: Server) -> float:
    """Every update counted, as malformed or by kind."""
    total = 0.0
    for metric in server.state.metrics.registry.collect():
        if metric.name in ("safar_malformed_updates", "safar_updates"):
            total += sum(s.value for s in metric.samples if s.name.endswith("_total"))
    return total


# --- building malformed updates -------------------------------------------------------


def changed(update: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy with the field at a dotted path set to ``value``."""
    data = copy.deepcopy(update)
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    node[last] = value
    return data


def dropped(update: dict[str, Any], path: str) -> dict[str, Any]:
    data = copy.deepcopy(update)
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    del node[last]
    return data


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def member_update(chat_id: int, status: str = "kicked") -> dict[str, Any]:
    bot_user = {"id": 123456, "is_bot": True, "first_name": "Safar"}
    return {
        "update_id": 880_001,
        "my_chat_member": {
            "chat": {"id": chat_id, "type": "private"},
            "from": user(chat_id),
            "date": 1,
            "old_chat_member": {"status": "member", "user": bot_user},
            "new_chat_member": {"status": status, "until_date": 0, "user": bot_user},
        },
    }


TEXT = message_update(9101, "салом")
PHOTO = [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]
VOICE = {"file_id": "v", "file_unique_id": "u", "duration": 2}
STICKER = {
    "file_id": "s",
    "file_unique_id": "u",
    "type": "regular",
    "width": 1,
    "height": 1,
    "is_animated": False,
    "is_video": False,
}
EDITED = {"update_id": 880_002, "edited_message": TEXT["message"] | {"edit_date": 2}}
CHANNEL_POST = {
    "update_id": 880_003,
    "channel_post": {
        "message_id": 1,
        "date": 1,
        "chat": {"id": -100, "type": "channel"},
        "text": "job in Dubai",
    },
}
BUTTON = callback_update(9102, "main.menu|@privacy")
MEMBER = member_update(9103)
DEEP = b'{"update_id": 880004, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
UNCLOSED = b'{"update_id": 880005, "x": ' + b"[" * 100_000
DEEP_OBJECTS = b'{"update_id": 880006, "x": ' + b'{"a": ' * 50 + b"1" + b"}" * 50 + b"}"
# update and message are two levels: 31 lists more make 33, one over the limit
JUST_TOO_DEEP = json.dumps(changed(TEXT, "message.x", nested(MAX_JSON_DEPTH - 1))).encode()
HUGE_TEXT = message_update(9104, "помогите " * 58_000)
# As Telegram sends it, in UTF-8 (not \u escapes): 990 kB, under the 1 MiB cap.
HUGE_TEXT_BODY = json.dumps(HUGE_TEXT, ensure_ascii=False).encode()
OVER_THE_CAP = message_update(9105, "a" * TELEGRAM_MAX_BODY_BYTES)

# (name, body, counter, label): each body is posted with the right secret token and
# must be answered 200 and counted once under that label.
CASES: list[tuple[str, Any, str, str]] = [
    # fields Safar reads, of the wrong type
    ("chat id true", changed(TEXT, "message.chat.id", True), "malformed", "bad_message"),
    ("chat id float", changed(TEXT, "message.chat.id", 7.5), "malformed", "bad_message"),
    ("chat id beyond 64 bits", changed(TEXT, "message.chat.id", 2**64), "malformed", "bad_message"),
    ("chat id string", changed(TEXT, "message.chat.id", "9101"), "malformed", "bad_message"),
    ("chat type number", changed(TEXT, "message.chat.type", 1), "malformed", "bad_message"),
    ("no chat", dropped(TEXT, "message.chat"), "malformed", "bad_message"),
    ("chat not an object", changed(TEXT, "message.chat", "x"), "malformed", "bad_message"),
    ("date 1e308", changed(TEXT, "message.date", 1e308), "malformed", "bad_message"),
    ("date negative", changed(TEXT, "message.date", -(10**12)), "malformed", "bad_message"),
    ("date string", changed(TEXT, "message.date", "today"), "malformed", "bad_message"),
    ("no date", dropped(TEXT, "message.date"), "malformed", "bad_message"),
    ("message_id null", changed(TEXT, "message.message_id", None), "malformed", "bad_message"),
    ("text number", changed(TEXT, "message.text", 123), "malformed", "bad_message"),
    ("text list", changed(TEXT, "message.text", ["a"]), "malformed", "bad_message"),
    ("text object", changed(TEXT, "message.text", {"a": 1}), "malformed", "bad_message"),
    ("text true", changed(TEXT, "message.text", True), "malformed", "bad_message"),
    (
        "caption number",
        message_update(9106, photo=PHOTO, caption=5),
        "malformed",
        "bad_message",
    ),
    ("from a string", changed(TEXT, "message.from", "x"), "malformed", "bad_message"),
    ("from without id", dropped(TEXT, "message.from.id"), "malformed", "bad_message"),
    ("is_bot a string", changed(TEXT, "message.from.is_bot", "no"), "malformed", "bad_message"),
    (
        "language a number",
        changed(TEXT, "message.from.language_code", 5),
        "malformed",
        "bad_message",
    ),
    ("message a list", changed(TEXT, "message", [1]), "malformed", "bad_message"),
    ("message a string", changed(TEXT, "message", "hi"), "malformed", "bad_message"),
    (
        "forward_origin a string",
        changed(TEXT, "message.forward_origin", "x"),
        "malformed",
        "bad_message",
    ),
    (
        "reply without chat",
        changed(TEXT, "message.reply_to_message", {"message_id": 1, "date": 1}),
        "malformed",
        "bad_message",
    ),
    # my_chat_member, edits and channel posts without their fields
    (
        "my_chat_member empty",
        {"update_id": 880_010, "my_chat_member": {}},
        "malformed",
        "bad_my_chat_member",
    ),
    (
        "my_chat_member a list",
        changed(MEMBER, "my_chat_member", []),
        "malformed",
        "bad_my_chat_member",
    ),
    (
        "my_chat_member without new member",
        dropped(MEMBER, "my_chat_member.new_chat_member"),
        "malformed",
        "bad_my_chat_member",
    ),
    (
        "my_chat_member status a number",
        changed(MEMBER, "my_chat_member.new_chat_member.status", 3),
        "malformed",
        "bad_my_chat_member",
    ),
    (
        "my_chat_member chat id true",
        changed(MEMBER, "my_chat_member.chat.id", True),
        "malformed",
        "bad_my_chat_member",
    ),
    (
        "edited_message empty",
        {"update_id": 880_011, "edited_message": {}},
        "malformed",
        "bad_edited_message",
    ),
    (
        "edited_message chat id true",
        changed(EDITED, "edited_message.chat.id", True),
        "malformed",
        "bad_edited_message",
    ),
    (
        "channel_post text a number",
        changed(CHANNEL_POST, "channel_post.text", 1),
        "malformed",
        "bad_channel_post",
    ),
    # button presses with bad data
    (
        "callback data a number",
        changed(BUTTON, "callback_query.data", 5),
        "malformed",
        "bad_callback_query",
    ),
    (
        "callback data a list",
        changed(BUTTON, "callback_query.data", ["a"]),
        "malformed",
        "bad_callback_query",
    ),
    (
        "callback without from",
        dropped(BUTTON, "callback_query.from"),
        "malformed",
        "bad_callback_query",
    ),
    (
        "callback id a number",
        changed(BUTTON, "callback_query.id", 5),
        "malformed",
        "bad_callback_query",
    ),
    (
        "callback message without chat",
        dropped(BUTTON, "callback_query.message.chat"),
        "malformed",
        "bad_callback_query",
    ),
    (
        "callback a string",
        changed(BUTTON, "callback_query", "x"),
        "malformed",
        "bad_callback_query",
    ),
    # no update at all
    ("empty body", b"", "malformed", "not_json"),
    ("not JSON", b"not json", "malformed", "not_json"),
    ("truncated JSON", json.dumps(TEXT).encode()[:40], "malformed", "not_json"),
    ("not UTF-8", b"\xff\xfe{}", "malformed", "not_json"),
    ("UTF-16", json.dumps(TEXT).encode("utf-16"), "malformed", "not_json"),
    ("NaN", b'{"update_id": 880012, "message": {"date": NaN}}', "malformed", "not_json"),
    ("Infinity", b'{"update_id": 880013, "x": -Infinity}', "malformed", "not_json"),
    ("5000-digit number", b'{"update_id": ' + b"1" * 5000 + b"}", "malformed", "not_json"),
    ("a list", b"[1, 2]", "malformed", "not_an_update"),
    ("null", b"null", "malformed", "not_an_update"),
    ("a string", b'"update"', "malformed", "not_an_update"),
    ("no update_id", {"message": TEXT["message"]}, "malformed", "not_an_update"),
    ("update_id true", changed(TEXT, "update_id", True), "malformed", "not_an_update"),
    ("update_id a string", changed(TEXT, "update_id", "1"), "malformed", "not_an_update"),
    ("update_id negative", changed(TEXT, "update_id", -1), "malformed", "not_an_update"),
    ("update_id a float", changed(TEXT, "update_id", 1.0), "malformed", "not_an_update"),
    # deep JSON: refused before json.loads could recurse
    ("100000 nested lists", DEEP, "malformed", "too_deep"),
    ("100000 lists never closed", UNCLOSED, "malformed", "too_deep"),
    ("50 nested objects", DEEP_OBJECTS, "malformed", "too_deep"),
    ("one level too deep", JUST_TOO_DEEP, "malformed", "too_deep"),
    ("over the 1 MiB cap", OVER_THE_CAP, "malformed", "too_large"),
    # shapes python-telegram-bot cannot read
    ("photo a string", message_update(9107, photo="x"), "malformed", "unreadable"),
    ("sticker empty", message_update(9108, sticker={}), "malformed", "unreadable"),
    (
        "entity without offset",
        changed(TEXT, "message.entities", [{"type": 1}]),
        "malformed",
        "unreadable",
    ),
    (
        "poll_answer without user",
        {"update_id": 880_014, "poll_answer": {"poll_id": "1"}},
        "malformed",
        "unreadable",
    ),
    # readable, but no text: handled or ignored as usual, and counted by kind
    ("photo without text", message_update(9109, photo=PHOTO), "updates", "message"),
    ("voice without text", message_update(9110, voice=VOICE), "updates", "message"),
    ("sticker without text", message_update(9111, sticker=STICKER), "updates", "message"),
    ("edited_message", EDITED, "updates", "ignored"),
    ("channel_post", CHANNEL_POST, "updates", "ignored"),
    ("callback with garbage data", callback_update(9112, "garbage"), "updates", "callback"),
    ("callback with empty data", callback_update(9113, ""), "updates", "callback"),
    (
        "callback data over 64 bytes",
        callback_update(9114, "main.menu|" + "x" * 5000),
        "updates",
        "callback",
    ),
    (
        "unknown update type",
        {"update_id": 880_015, "future_update": {"x": 1}},
        "updates",
        "ignored",
    ),
    ("update_id alone", {"update_id": 880_016}, "updates", "ignored"),
    ("message null", {"update_id": 880_017, "message": None}, "updates", "ignored"),
    ("blocked the bot", MEMBER, "updates", "ignored"),
    ("lone surrogate in text", message_update(9115, "ёрӣ \ud800"), "updates", "message"),
    (
        "deep up to the limit",
        changed(TEXT, "message.x", nested(MAX_JSON_DEPTH - 2)),
        "updates",
        "message",
    ),
    ("990 kB text", HUGE_TEXT_BODY, "updates", "message"),
]


@pytest.mark.parametrize(
    ("body", "counter", "label"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_authenticated_malformed_update_is_acknowledged_and_counted(
    bot_api: tuple[FakeTelegram, str],
    redis_store: RedisStore,
    body: Any,
    counter: str,
    label: str,
) -> None:
    """200, never 500 or a 4xx Telegram would redeliver forever; counted once by reason."""
    count = malformed if counter == "malformed" else updates
    async with app_server(bot_api, redis_store) as (server, client):
        response = await post(client, server, body)
        assert response.status_code == 200
        assert count(server, label) == 1
        assert all_counted(server) == 1
        assert malformed(server, "failed") == 0  # stopped before any work, not mid-way
    if counter == "malformed":
        assert bot_api[0].sent() == []


@pytest.mark.parametrize(
    "body", [b"not json", DEEP, OVER_THE_CAP, changed(TEXT, "message.chat.id", True)]
)
@pytest.mark.parametrize("secret", ["", "wrong"])
async def test_unauthenticated_bodies_are_still_refused(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore, body: Any, secret: str
) -> None:
    """Without the secret token the answer stays 403, whatever the body; nothing counted."""
    async with app_server(bot_api, redis_store) as (server, client):
        response = await post(client, server, body, secret=secret)
        assert response.status_code == 403
        assert all_counted(server) == 0


async def test_an_update_whose_handling_fails_is_acknowledged(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug met while handling is logged and counted as "failed", not answered 500."""

    async def broken(inbound: Inbound) -> None:
        raise RuntimeError("a bug")

    async with app_server(bot_api, redis_store) as (server, client):
        monkeypatch.setattr(server.state.conversation, "handle", broken)
        response = await post(client, server, message_update(9120, "салом"))
        assert response.status_code == 200
        assert malformed(server, "failed") == 1


# --- random mutations of real updates -------------------------------------------------

ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    1e308,
    2**64,
    -(2**70),
    "",
    "x",
    "\ud800",
    "я" * 5000,
    [],
    [None],
    {},
    {"id": True},
    {"chat": None},
    nested(10),
]
# Strings of the right type but odd content, for the fields that stay well formed.
ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "/start",
    "/start " + "x" * 300,
    "/whoami",
    "STOP",
    "0",
    "99999999999999999999",
    "\u202eright to left",
    "🙂" * 50,
    "main.menu|",
    "|||",
    "case|claim|",
    "а" * 5000,
]
MUTATIONS = 400


def _slots(node: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key) of a JSON value, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _slots(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _slots(value)


def mutated(rng: random.Random, update: dict[str, Any], update_id: int) -> bytes:
    """A real update with one to three fields replaced, dropped, wrapped, deepened or
    added, and now and then its bytes cut or flipped."""
    data = copy.deepcopy(update)
    data["update_id"] = update_id  # fresh, so no mutation is dropped as a redelivery
    for _ in range(rng.randint(1, 3)):
        container, key = rng.choice(list(_slots(data)))
        operation = rng.randrange(7)
        if operation == 0 and isinstance(container, dict):
            del container[key]
        elif operation == 1:
            container[key] = nested(rng.randint(1, 3 * MAX_JSON_DEPTH))
        elif operation == 2:
            container[key] = rng.choice([[container[key]], {"x": container[key]}])
        elif operation == 3 and isinstance(container[key], str):
            container[key] = rng.choice(ODD_STRINGS)  # well formed, odd content
        elif operation == 4 and isinstance(container, dict):
            container[f"unknown_{key}"] = copy.deepcopy(rng.choice(ODD_VALUES))
        else:
            container[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    body = json.dumps(data, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:
        body = body[: rng.randrange(len(body) + 1)]
    if rng.random() < 0.1:
        at = rng.randrange(len(body))
        body = body[:at] + bytes([rng.randrange(256)]) + body[at + 1 :]
    return body


async def test_random_mutations_never_get_a_500(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """Hundreds of mutations of real updates: each 200 and counted, none failing mid-way."""
    rng = random.Random(13_6)
    desk_press = callback_update(501, "case|claim|1")
    desk_press["callback_query"]["message"]["chat"] = {"id": DESK_CHAT, "type": "supergroup"}
    desk_reply = message_update(
        DESK_CHAT,
        "we are calling you",
        chat_type="supergroup",
        reply_to_message=message_update(DESK_CHAT, "case card", chat_type="supergroup")["message"],
    )
    real = [
        message_update(9201, "салом"),
        message_update(9202, photo=PHOTO, caption="кор дар Дубай"),
        message_update(9203, "/start", language_code="ru"),
        callback_update(9204, "main.menu|@job"),
        member_update(9205),
        EDITED,
        CHANNEL_POST,
        desk_press,
        desk_reply,
    ]
    statuses: dict[int, int] = {}
    async with app_server(bot_api, redis_store) as (server, client):
        for number in range(MUTATIONS):
            body = mutated(rng, rng.choice(real), 900_000 + number)
            response = await post(client, server, body)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert statuses == {200: MUTATIONS}
        assert all_counted(server) == MUTATIONS
        assert malformed(server, "failed") == 0
        # The mutations reached every layer: the JSON, the checks and python-telegram-bot.
        for reason in ("not_json", "too_deep", "bad_message", "bad_callback_query"):
            assert malformed(server, reason) > 0, reason
        for kind in ("message", "callback", "desk", "ignored"):
            assert updates(server, kind) > 0, kind  # and some were handled all the way


# --- texts cut before any work --------------------------------------------------------


async def test_a_huge_text_is_cut_and_does_not_hold_up_others(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 990 kB text and a normal message at once: both answered, the huge one handled
    as its first 4096 characters only (the length is asserted, not the timing)."""
    telegram, _ = bot_api
    handled: list[Inbound] = []
    async with app_server(bot_api, redis_store) as (server, client):
        conversation = server.state.conversation
        handle = conversation.handle

        async def recording(inbound: Inbound, *courier: Any) -> Any:
            handled.append(inbound)
            return await handle(inbound, *courier)

        monkeypatch.setattr(conversation, "handle", recording)
        huge, normal = await asyncio.gather(
            post(client, server, HUGE_TEXT_BODY),
            post(client, server, message_update(9301, "салом")),
        )
    assert huge.status_code == normal.status_code == 200
    assert telegram.sent(9301)  # the normal message was answered
    texts = {i.contact.address: i.text for i in handled}
    original = HUGE_TEXT["message"]["text"]
    assert len(original) > 100 * MAX_TEXT_CHARS
    assert texts["9104"] == original[:MAX_TEXT_CHARS]
    assert len(texts["9301"]) <= MAX_TEXT_CHARS


async def test_a_long_caption_is_cut_to_telegrams_limit(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    handled: list[Inbound] = []
    async with app_server(bot_api, redis_store) as (server, client):
        handle = server.state.conversation.handle

        async def recording(inbound: Inbound, *courier: Any) -> Any:
            handled.append(inbound)
            return await handle(inbound, *courier)

        monkeypatch.setattr(server.state.conversation, "handle", recording)
        caption = "кор " * 2000
        response = await post(client, server, message_update(9302, photo=PHOTO, caption=caption))
    assert response.status_code == 200
    assert [i.text for i in handled] == [caption[:MAX_CAPTION_CHARS]]


def test_depth_is_measured_without_recursion() -> None:
    """Brackets inside strings nest nothing; unclosed ones count; 1 MiB is no problem."""
    assert not nesting_too_deep(json.dumps(nested(MAX_JSON_DEPTH)).encode(), MAX_JSON_DEPTH)
    assert nesting_too_deep(json.dumps(nested(MAX_JSON_DEPTH + 1)).encode(), MAX_JSON_DEPTH)
    assert not nesting_too_deep(json.dumps({"text": "[" * 1000}).encode(), MAX_JSON_DEPTH)
    assert not nesting_too_deep(json.dumps({"text": '\\"[[[' * 100}).encode(), 2)
    assert nesting_too_deep(b'{"a": "\\\\", "b": ' + b"[" * 5 + b"1" + b"]" * 5 + b"}", 4)
    assert nesting_too_deep(b"[{" * 600_000, MAX_JSON_DEPTH)
    assert not nesting_too_deep(b"[]" * 600_000, MAX_JSON_DEPTH)
    assert not nesting_too_deep(b'"' + b'\\"' * 600_000, MAX_JSON_DEPTH)  # never closed


# --- Twilio: the form capped at 64 KiB ------------------------------------------------


async def test_twilio_form_over_the_cap_gets_413(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """A signed form over 64 KiB is refused with 413 unread; one under it is answered."""
    fields = {"From": "+992931119001", "To": SMS_NUMBER, "MessageSid": "SM" + "9" * 32}
    over, over_headers = signed(
        f"{PUBLIC}{INBOUND}", fields | {"Body": "a" * TWILIO_MAX_BODY_BYTES}
    )
    under, under_headers = signed(
        f"{PUBLIC}{INBOUND}",
        fields | {"Body": "салом " * 2000, "MessageSid": "SM" + "8" * 32},
    )
    assert len(under) < TWILIO_MAX_BODY_BYTES < len(over)
    async with app_server(bot_api, redis_store) as (_server, client):
        refused = await client.post(INBOUND, content=over, headers=over_headers)
        answered = await client.post(INBOUND, content=under, headers=under_headers)
    assert refused.status_code == 413
    assert answered.status_code == 200
    assert answered.headers["content-type"].startswith("application/xml")


async def test_twilio_cap_holds_without_a_content_length(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    """A chunked body is counted while it streams, and refused once over the cap."""
    chunk = b"Body=" + b"a" * 8192

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(16):  # 128 KiB
            yield chunk

    async with app_server(bot_api, redis_store) as (_server, client):
        request = client.build_request(
            "POST",
            INBOUND,
            content=chunks(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert "content-length" not in request.headers
        response = await client.send(request)
    assert response.status_code == 413


async def test_twilio_declared_length_over_the_cap_is_refused_unread(
    bot_api: tuple[FakeTelegram, str], redis_store: RedisStore
) -> None:
    async with app_server(bot_api, redis_store) as (_server, client):
        response = await client.post(
            INBOUND,
            content=b"From=x",
            headers={"Content-Length": str(10 * TWILIO_MAX_BODY_BYTES)},
        )
    assert response.status_code == 413
