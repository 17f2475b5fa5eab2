"""The SMS channel through Twilio: signed webhooks, replies in TwiML, paging, opt-out,
outbound through the REST client with retries, and delivery reports. Redis is real; the
Twilio REST API is a stand-in on 127.0.0.1 reached through TWILIO_API_BASE_URL.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from bot.config.errors import ConfigError
from bot.config.settings import ROOT, load_settings
from bot.conversation import Reply
from bot.engine.model import Contact, Say, Status, Text
from bot.server.serve import Server, build_server
from bot.store.redis import RedisStore
from bot.text.sms import count_segments
from tests.conftest import make_store
from tests.support.fake_twilio import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    SMS_NUMBER,
    FakeTwilio,
    messages_of,
    signed,
)
from tests.support.menu import menu_number
from tests.support.servers import in_process, serve_in_thread

PUBLIC = "https://safar.test"
INBOUND = "/sms/twilio/inbound"
STATUS = "/sms/twilio/status"
ENV = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}
_sids = itertools.count(1)


@pytest.fixture
def twilio() -> Iterator[tuple[FakeTwilio, str]]:
    fake = FakeTwilio()
    with serve_in_thread(fake.app()) as url:
        yield fake, url


@asynccontextmanager
async def sms_server(
    store: RedisStore, api_url: str = "http://127.0.0.1:9", budget: int = 2, **env: str
) -> AsyncIterator[tuple[Server, httpx.AsyncClient]]:
    settings = load_settings(
        ROOT / "config.toml",
        env={
            "SAFAR_SERVER_PUBLIC_URL": PUBLIC,
            "SAFAR_SMS_FROM_NUMBER": SMS_NUMBER,
            "SAFAR_SMS_SEGMENT_BUDGET": str(budget),
            "TWILIO_API_BASE_URL": api_url,
            **env,
        },
    )
    server = build_server(settings, env=ENV, store=store)
    async with in_process(server) as client:
        yield server, client


async def text(
    client: httpx.AsyncClient, number: str, body: str, *, sid: str | None = None, **extra: str
) -> httpx.Response:
    fields = {
        "From": number,
        "To": SMS_NUMBER,
        "Body": body,
        "MessageSid": sid or f"SM{next(_sids):032d}",
        "NumMedia": "0",
        **extra,
    }
    content, headers = signed(f"{PUBLIC}{INBOUND}", fields)
    return await client.post(INBOUND, content=content, headers=headers)


def _within(replies: list[str], budget: int = 2) -> None:
    for reply in replies:
        assert count_segments(reply).segments <= budget, reply


@pytest.mark.parametrize(
    ("number", "body", "start"),
    [
        ("+992931110001", "салом", "Safar: кори бехатар"),  # proper Tajik
        ("+992931110002", "ёри", "Ҳозир дар хатар"),  # Tajik on a Russian keyboard
        ("+992931110003", "yordam", "Ҳозир дар хатар"),  # Tajik in Latin
        ("+79161110004", "Здравствуйте", "Safar: безопасная работа"),  # Russian
        ("+447700900005", "hello", "Safar: safe work abroad"),  # English
        ("+447700900006", "1", "Safar: кори бехатар"),  # no clue: default language
        ("992931110007", "1", "Safar: кори бехатар"),  # number without "+"
    ],
)
async def test_first_sms_in_every_language_and_spelling(
    redis_store: RedisStore, number: str, body: str, start: str
) -> None:
    """The first SMS is answered in its language, each message within the budget."""
    async with sms_server(redis_store) as (_, client):
        response = await text(client, number, body)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    replies = messages_of(response)
    assert replies[0].startswith(start)
    _within(replies)


async def test_menu_by_number_and_word(redis_store: RedisStore) -> None:
    """Options are numbered; a number or a word answers them."""
    async with sms_server(redis_store) as (_, client):
        menu = messages_of(await text(client, "+992931110010", "salom"))[-1]
        assert f"{menu_number('@emergency')} Рақамҳои кумак" in menu
        privacy = messages_of(await text(client, "+992931110010", "махфият"))
        assert privacy[0].startswith("Safar танҳо забон")
        assert "0 Меню" in privacy[-1]  # Privacy waits on "1 Erase"; 0 is the menu
        await text(client, "+992931110010", "0")
        number = menu_number("@emergency")
        assert "112" in messages_of(await text(client, "+992931110010", number))[0]


@pytest.mark.parametrize("signature", [None, "", "forged", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="])
async def test_forged_or_missing_signature_is_refused(
    redis_store: RedisStore, signature: str | None
) -> None:
    """403 without a valid X-Twilio-Signature; nothing is stored."""
    fields = {"From": "+992931110020", "Body": "salom", "MessageSid": "SMforged"}
    content, headers = signed(f"{PUBLIC}{INBOUND}", fields)
    if signature is None:
        del headers["X-Twilio-Signature"]
    else:
        headers["X-Twilio-Signature"] = signature
    async with sms_server(redis_store) as (_, client):
        response = await client.post(INBOUND, content=content, headers=headers)
        assert await redis_store.load("sms:+992931110020") is None
    assert response.status_code == 403


async def test_signature_for_another_url_or_token_is_refused(redis_store: RedisStore) -> None:
    """A signature made for another address or with another token does not pass."""
    fields = {"From": "+992931110021", "Body": "salom", "MessageSid": "SMx"}
    async with sms_server(redis_store) as (_, client):
        for url, token in (
            (f"https://evil.test{INBOUND}", AUTH_TOKEN),
            (f"{PUBLIC}{INBOUND}", "another-token"),
        ):
            content, headers = signed(url, fields, token)
            response = await client.post(INBOUND, content=content, headers=headers)
            assert response.status_code == 403


async def test_a_webhook_url_with_connection_overrides_is_verified_either_way(
    redis_store: RedisStore,
) -> None:
    """Retries are set on Twilio's side as a "#rc=…" fragment of the webhook URL; a
    signature over the URL with or without that fragment passes, another does not."""
    overrides = "rc=3&rp=ct,rt,5xx&rt=10000"
    fields = {"From": "+992931110022", "Body": "salom", "MessageSid": "SMfrag"}
    async with sms_server(redis_store, SAFAR_SMS_CONNECTION_OVERRIDES=overrides) as (_, client):
        statuses = []
        for n, url in enumerate(
            (f"{PUBLIC}{INBOUND}#{overrides}", f"{PUBLIC}{INBOUND}", f"{PUBLIC}{INBOUND}#rc=5")
        ):
            content, headers = signed(url, {**fields, "MessageSid": f"SMfrag{n}"})
            statuses.append(
                (await client.post(INBOUND, content=content, headers=headers)).status_code
            )
    assert statuses == [200, 200, 403]


async def test_repeated_message_sid_is_processed_once_and_answered_again(
    redis_store: RedisStore,
) -> None:
    """Twilio retries a MessageSid only when it did not get the answer (connection
    overrides): the retry gets the same answer, and the message is not processed twice."""
    async with sms_server(redis_store) as (_, client):
        first = await text(client, "+992931110030", "salom", sid="SMrepeat")
        again = await text(client, "+992931110030", "salom", sid="SMrepeat")
        session = await redis_store.load("sms:+992931110030")
        later = await text(client, "+992931110030", "1", sid="SMlater")
        retry_of_later = await text(client, "+992931110030", "1", sid="SMlater")
    assert len(messages_of(first)) == 2
    assert messages_of(again) == messages_of(first)
    assert session is not None
    assert messages_of(retry_of_later) == messages_of(later)
    assert messages_of(later) != messages_of(first)  # the session moved on once


@pytest.mark.parametrize(
    ("stop", "start"), [("STOP", "START"), ("стоп", "старт"), ("бас", "оғоз"), ("Stop", "start")]
)
async def test_stop_then_start(redis_store: RedisStore, stop: str, start: str) -> None:
    """After STOP nothing is sent until START, in any of the three languages."""
    async with sms_server(redis_store) as (_, client):
        await text(client, "+992931110040", "salom")
        confirmation = messages_of(await text(client, "+992931110040", stop))
        assert "ОҒОЗ" in confirmation[0]
        assert messages_of(await text(client, "+992931110040", "1")) == []
        assert messages_of(await text(client, "+992931110040", "hello")) == []
        resumed = messages_of(await text(client, "+992931110040", start))
    assert resumed[0].startswith("Safar: кори бехатар")


async def test_advanced_opt_out_is_honoured_silently(redis_store: RedisStore) -> None:
    """OptOutType=STOP: Twilio already answered; we record it and send nothing."""
    async with sms_server(redis_store) as (_, client):
        await text(client, "+992931110050", "salom")
        response = await text(client, "+992931110050", "STOP", OptOutType="STOP")
        session = await redis_store.load("sms:+992931110050")
    assert messages_of(response) == []
    assert session is not None and session.status is Status.STOPPED


@pytest.mark.parametrize(
    ("body", "extra", "expected"),
    [
        ("", {"NumMedia": "1", "MediaUrl0": "https://api.twilio.com/x.jpg"}, "Матн нависед"),
        ("", {}, "Паёми шумо холӣ буд."),
        ("x" * 1600, {}, "Ёфт нашуд"),
        ("\ufffd\ufffd\x00\x07", {}, "Рақамро интихоб кунед"),
        ("😀😀😀", {}, "Рақамро интихоб кунед"),
    ],
)
async def test_odd_messages_get_a_short_clear_answer(
    redis_store: RedisStore, body: str, extra: dict[str, str], expected: str
) -> None:
    """MMS, empty, very long, broken and emoji-only bodies are answered within budget."""
    async with sms_server(redis_store) as (_, client):
        await text(client, "+992931110060", "salom")
        replies = messages_of(await text(client, "+992931110060", body, **extra))
    assert expected in replies[0]
    _within(replies)


async def test_non_utf8_body_bytes_are_read(redis_store: RedisStore) -> None:
    """Bytes that are not UTF-8 become replacement characters; the rest is understood."""
    fields = {"From": "+992931110061", "Body": "\ufffd\ufffdsalom", "MessageSid": "SMbytes"}
    _, headers = signed(f"{PUBLIC}{INBOUND}", fields)
    raw = b"From=%2B992931110061&Body=%FF%FEsalom&MessageSid=SMbytes"
    async with sms_server(redis_store) as (_, client):
        response = await client.post(INBOUND, content=raw, headers=headers)
    assert response.status_code == 200
    assert messages_of(response)[0].startswith("Safar: кори бехатар")


async def test_unusable_sender_gets_empty_answer(redis_store: RedisStore) -> None:
    """A post without a usable From is answered with empty TwiML, not an error."""
    async with sms_server(redis_store) as (_, client):
        response = await text(client, "not-a-number", "salom")
    assert response.status_code == 200
    assert messages_of(response) == []


async def test_long_reply_is_paged_with_more_never_cut(redis_store: RedisStore) -> None:
    """With a 1-segment budget, the welcome comes in pages; MORE (БОЗ) gives the rest."""
    async with sms_server(redis_store, budget=1) as (_, client):
        first = messages_of(await text(client, "+992931110070", "salom"))
        assert len(first) == 1 and first[0].endswith("Давомаш: БОЗ нависед")
        pages = [first[0]]
        while pages[-1].endswith("БОЗ нависед"):
            pages += messages_of(await text(client, "+992931110070", "боз"))
        nothing = messages_of(await text(client, "+992931110070", "боз"))
    _within(pages, budget=1)
    joined = " ".join(p.removesuffix("\nДавомаш: БОЗ нависед") for p in pages)
    for word in ("Safar:", "бехатар", "ФАРОМӮШ", "ЁРӢ", "Чӣ кор", "Забон (Language)"):
        assert word in joined
    assert "Дигар чизе" in nothing[0]


async def test_outbound_with_a_failure_and_a_retry(
    redis_store: RedisStore, twilio: tuple[FakeTwilio, str]
) -> None:
    """A 503 from Twilio is retried; the message is created once, with a status callback."""
    fake, url = twilio
    fake.fail_next(503, message="Service Unavailable")
    async with sms_server(redis_store, api_url=url) as (server, _):
        assert server.state.sms is not None
        reply = Reply(
            Contact("sms", "+992931110080"), "tg", (Say((Text("In danger now? Call:"),)),)
        )
        sids = await server.state.sms.deliver(reply)
    assert len(sids) == 1 and sids[0].startswith("SM")
    assert fake.attempts == 2
    assert fake.created == [
        {
            "To": "+992931110080",
            "From": SMS_NUMBER,
            "Body": "Ҳозир дар хатар ҳастед? Занг занед:",
            "StatusCallback": f"{PUBLIC}{STATUS}",
            "ValidityPeriod": "900",  # sms.validity_seconds
        }
    ]


async def test_outbound_to_an_opted_out_number_marks_it_stopped(
    redis_store: RedisStore, twilio: tuple[FakeTwilio, str]
) -> None:
    """Twilio's 21610 (unsubscribed recipient) marks the person stopped."""
    fake, url = twilio
    fake.fail_next(400, code=21610, message="Attempt to send to unsubscribed recipient")
    async with sms_server(redis_store, api_url=url) as (server, client):
        await text(client, "+992931110090", "salom")
        assert server.state.sms is not None
        reply = Reply(Contact("sms", "+992931110090"), "tg", (Say((Text("Menu"),)),))
        assert await server.state.sms.deliver(reply) == []
        session = await redis_store.load("sms:+992931110090")
    assert session is not None and session.status is Status.STOPPED


async def test_status_callbacks(redis_store: RedisStore) -> None:
    """Delivery reports are counted; "unreachable" marks the person stopped."""
    async with sms_server(redis_store) as (_, client):
        await text(client, "+992931110100", "salom")
        for status, code in (("sent", ""), ("delivered", ""), ("undelivered", "30003")):
            fields = {
                "MessageSid": "SM1",
                "MessageStatus": status,
                "To": "+992931110100",
                "ErrorCode": code,
            }
            content, headers = signed(f"{PUBLIC}{STATUS}", fields)
            assert (await client.post(STATUS, content=content, headers=headers)).status_code == 200
        forged = await client.post(
            STATUS, content=b"MessageStatus=failed", headers={"X-Twilio-Signature": "nope"}
        )
        metrics = (await client.get("/metrics")).text
        session = await redis_store.load("sms:+992931110100")
    assert forged.status_code == 403
    assert session is not None and session.status is Status.STOPPED
    assert 'safar_sms_status_total{status="delivered"} 1.0' in metrics
    assert 'safar_sms_status_total{status="undelivered"} 1.0' in metrics
    assert 'safar_sms_status_total{status="sent"}' not in metrics


async def test_sms_needs_a_public_url(redis_store: RedisStore) -> None:
    """Twilio credentials without server.public_url stop start-up with the key's name."""
    settings = load_settings(ROOT / "config.toml", env={})
    with pytest.raises(ConfigError, match=r"server\.public_url"):
        build_server(settings, env=ENV, store=redis_store)


async def test_sms_routes_404_when_not_configured(redis_store: RedisStore) -> None:
    """Without Twilio credentials the SMS routes answer 404."""
    server = build_server(load_settings(ROOT / "config.toml", env={}), env={}, store=redis_store)
    transport = httpx.ASGITransport(app=server.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://s") as client:
        assert (await client.post(INBOUND, content=b"")).status_code == 404


def test_end_to_end_on_a_real_port(redis_url: str, key_prefix: str) -> None:
    """uvicorn on 127.0.0.1; a signed SMS answered in Tajik over real HTTP."""
    store = make_store(Redis.from_url(redis_url), key_prefix)
    settings = load_settings(ROOT / "config.toml", env={"SAFAR_SERVER_PUBLIC_URL": PUBLIC})
    server = build_server(settings, env=ENV, store=store)
    fields: dict[str, Any] = {"From": "+992931110110", "Body": "салом", "MessageSid": "SMe2e"}
    content, headers = signed(f"{PUBLIC}{INBOUND}", fields)
    with serve_in_thread(server.app) as base:
        response = httpx.post(f"{base}{INBOUND}", content=content, headers=headers, timeout=10)
    assert response.status_code == 200
    assert messages_of(response)[0].startswith("Safar: кори бехатар")
