"""The whole hotline for end-to-end tests: the real server, real Redis, stand-ins for
the Bot API and Twilio, the caseworkers' group, and a clock the test moves.

The outbox worker and the timers do not run in the background here: ``deliver()`` and
``tick()`` run them to completion, so a test can look at every step in between.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from redis.asyncio import Redis

from bot.cases.model import Case
from bot.cases.store import RedisCaseStore
from bot.config.settings import ROOT, Settings, load_settings
from bot.server.app import SECRET_HEADER
from bot.server.serve import Server, build_server
from bot.store.codec import SessionCodec
from bot.store.redis import RedisStore
from tests.conftest import TEST_KEYS
from tests.support.fake_telegram import BOT_USER, TOKEN, FakeTelegram, callback_update, user
from tests.support.fake_twilio import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    SMS_NUMBER,
    FakeTwilio,
    messages_of,
    signed,
)
from tests.support.servers import in_process

PUBLIC = "https://safar.test"
DESK_CHAT = -1001234567
CASEWORKER, SECOND_CASEWORKER, SUPERVISOR, STRANGER = 501, 502, 601, 999
# Tuesday 2026-11-24, 11:00 in Dushanbe: inside the default working hours.
WORKING_TIME = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC).timestamp()
_ids = itertools.count(50_000)


def desk_press_update(who: int, data: str, message_id: int = 1) -> dict[str, Any]:
    """A caseworker's press of a button on a message of the caseworkers' group."""
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "from": {"id": who, "is_bot": False, "first_name": f"Worker{who}"},
            "chat_instance": "2",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": DESK_CHAT, "type": "supergroup", "title": "Desk"},
                "from": BOT_USER,
                "text": "...",
            },
        },
    }


def unreachable_case_store(prefix: str) -> RedisCaseStore:
    """A real case store on a port where no Redis answers: every write fails, as in an
    outage."""
    return RedisCaseStore(
        Redis.from_url("redis://127.0.0.1:9/0"),
        SessionCodec(TEST_KEYS),
        prefix=prefix,
        dedupe_seconds=60,
    )


PERSON = 7100013371  # a made-up chat id, long enough never to appear in ciphertext by chance
PHONE_IN_TEXT = "79123456789"
WORDS = f"Маро дар анбор қуфл карданд, шиносномаамро гирифтанд. Рақамам +{PHONE_IN_TEXT}"


@dataclass
class Clock:
    now: float = WORKING_TIME

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def hotline_settings(api_url: str, twilio_url: str, **env: str) -> Settings:
    return load_settings(
        ROOT / "config.toml",
        env={
            "TELEGRAM_API_BASE_URL": api_url,
            "TWILIO_API_BASE_URL": twilio_url,
            "SAFAR_SERVER_PUBLIC_URL": PUBLIC,
            "SAFAR_SMS_FROM_NUMBER": SMS_NUMBER,
            "SAFAR_DESK_CHAT_ID": str(DESK_CHAT),
            "SAFAR_DESK_CASEWORKERS": f"{CASEWORKER},{SECOND_CASEWORKER}",
            "SAFAR_DESK_SUPERVISORS": str(SUPERVISOR),
            # Telegram's per-chat pacing would make each test wait seconds; lifted here.
            "SAFAR_TELEGRAM_CHAT_BURST": "1000",
            "SAFAR_TELEGRAM_CHAT_MESSAGES_PER_SECOND": "1000",
            "SAFAR_TELEGRAM_GROUP_MESSAGES_PER_MINUTE": "60000",
            **env,
        },
    )


@dataclass
class Hotline:
    server: Server
    client: httpx.AsyncClient
    telegram: FakeTelegram
    twilio: FakeTwilio
    clock: Clock
    replies: list[httpx.Response] = field(default_factory=list)

    @property
    def cases(self) -> RedisCaseStore:
        service = self.server.state.cases
        assert service is not None and isinstance(service.store, RedisCaseStore)
        return service.store

    # --- a person on Telegram ---------------------------------------------------------

    async def update(self, update: dict[str, Any]) -> httpx.Response:
        headers = {SECRET_HEADER: self.server.state.telegram_secret}
        response = await self.client.post(
            "/telegram/webhook", content=json.dumps(update).encode(), headers=headers
        )
        self.replies.append(response)
        return response

    async def write(self, chat: int, text: str, language: str = "tg") -> httpx.Response:
        message = {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": user(chat, language),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split(maxsplit=1)[0])}
            ]
        return await self.update({"update_id": next(_ids), "message": message})

    async def press(self, chat: int, data: str, language: str = "tg") -> httpx.Response:
        return await self.update(callback_update(chat, data, language_code=language))

    def person_texts(self) -> list[str]:
        return [m["text"] for m in self.telegram.sent(PERSON)]

    async def report_locked_in(self, *, window: str = "any", code: str = "0") -> None:
        """PERSON, in Tajik, reports being locked in with their documents taken; sends it."""
        await self.write(PERSON, "/start")
        for data in ("main.menu|@report", "report.safe|yes", "report.phone|own"):
            await self.press(PERSON, data)
        for data in ("report.who|self", "report.what|locked", "report.what_more|documents"):
            await self.press(PERSON, data)
        for data in ("report.what_more|done", "report.when|now"):
            await self.press(PERSON, data)
        await self.write(PERSON, WORDS)
        await self.press(PERSON, "report.country|RU")
        await self.write(PERSON, "Москва")
        await self.press(PERSON, "report.consent|contact")
        await self.press(PERSON, f"report.window|{window}")
        await self.write(PERSON, code)
        await self.press(PERSON, "report.confirm|send")

    async def claimed_case(self, **report: str) -> int:
        """Report, post the card and claim it as CASEWORKER; the card's message id."""
        await self.report_locked_in(**report)
        await self.deliver()
        case = await self.only_case()
        await self.desk_press(CASEWORKER, f"d|claim|{case.id}")
        await self.deliver()
        assert case.card_message_id is not None
        return case.card_message_id

    # --- a person on SMS --------------------------------------------------------------

    async def sms(self, number: str, body: str, sid: str | None = None) -> list[str]:
        fields = {
            "From": number,
            "To": SMS_NUMBER,
            "Body": body,
            "MessageSid": sid or f"SM{next(_ids):032d}",
            "NumMedia": "0",
        }
        content, headers = signed(f"{PUBLIC}/sms/twilio/inbound", fields)
        response = await self.client.post("/sms/twilio/inbound", content=content, headers=headers)
        assert response.status_code == 200, response.text
        return messages_of(response)

    # --- the caseworkers' group -------------------------------------------------------

    async def desk_press(self, who: int, data: str, message_id: int = 1) -> httpx.Response:
        return await self.update(desk_press_update(who, data, message_id))

    async def desk_write(
        self, who: int, text: str, reply_to: int | None, **extra: Any
    ) -> httpx.Response:
        message: dict[str, Any] = {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": {"id": DESK_CHAT, "type": "supergroup", "title": "Desk"},
            "from": {"id": who, "is_bot": False, "first_name": f"Worker{who}"},
            **({"text": text} if text else {}),
            **extra,
        }
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split(maxsplit=1)[0])}
            ]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to,
                "date": int(time.time()),
                "chat": {"id": DESK_CHAT, "type": "supergroup", "title": "Desk"},
                "from": BOT_USER,
                "text": "...",
            }
        return await self.update({"update_id": next(_ids), "message": message})

    def desk_messages(self) -> list[str]:
        return [m["text"] for m in self.telegram.sent(DESK_CHAT)]

    def callback_answers(self) -> list[dict[str, Any]]:
        return [c.params for c in self.telegram.calls if c.method == "answerCallbackQuery"]

    # --- the background work, run to completion ---------------------------------------

    async def deliver(self) -> int:
        worker = self.server.state.outbox
        assert worker is not None
        total = 0
        while handled := await worker.run_once(block_ms=None):
            total += handled
        return total

    async def tick(self) -> None:
        timers = self.server.state.timers
        assert timers is not None
        await timers.tick()

    async def only_case(self) -> Case:
        found = await self.cases.all_cases()
        assert len(found) == 1, [c.id for c in found]
        return found[0]


@asynccontextmanager
async def hotline(
    telegram: tuple[FakeTelegram, str],
    twilio: tuple[FakeTwilio, str],
    store: RedisStore,
    clock: Clock | None = None,
    **env: str,
) -> AsyncIterator[Hotline]:
    fake, api_url = telegram
    fake_twilio, twilio_url = twilio
    clock = clock or Clock()
    server = build_server(
        hotline_settings(api_url, twilio_url, **env),
        env={
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        },
        store=store,
        clock=clock,
        background=False,
    )
    async with in_process(server) as client:
        yield Hotline(server, client, fake, fake_twilio, clock)
