"""Desk updates redelivered by Telegram are carried out once (issue #13, item 2).

Telegram resends an update whose webhook answer it did not get: a caseworker's reply
must still reach the person once, a press claim once, a note be kept once. Everything
is real but the platforms: the ASGI app, the Bot API and Twilio stand-ins, and Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from redis.asyncio.client import Pipeline
from redis.exceptions import ConnectionError as RedisConnectionError
from telegram import Update
from telegram.error import BadRequest

from bot.cases.model import CaseStatus
from bot.channels.telegram.desk import update_name
from bot.store.redis import RedisStore
from tests.support.fake_telegram import BOT_USER, FakeTelegram
from tests.support.fake_twilio import FakeTwilio, signed
from tests.support.hotline import (
    CASEWORKER,
    DESK_CHAT,
    PERSON,
    PUBLIC,
    Hotline,
    desk_press_update,
    hotline,
)

_ids = itertools.count(900_000)
DESK = {"id": DESK_CHAT, "type": "supergroup", "title": "Desk"}


def thread_message(who: int, text: str, reply_to: int | None) -> dict[str, Any]:
    """One update from the caseworkers' group, to be posted as often as Telegram would."""
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "chat": DESK,
        "from": {"id": who, "is_bot": False, "first_name": f"Worker{who}"},
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split(maxsplit=1)[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    if reply_to is not None:
        message["reply_to_message"] = {
            "message_id": reply_to,
            "date": int(time.time()),
            "chat": DESK,
            "from": BOT_USER,
            "text": "...",
        }
    return {"update_id": next(_ids), "message": message}


def card_press(who: int, data: str, card: int = 1) -> dict[str, Any]:
    return desk_press_update(who, data, card)


def sent_to(line: Hotline, chat: int, containing: str, *, delivered: bool = False) -> list[str]:
    """The texts of the stand-in's sendMessage calls to ``chat`` that contain it: every
    call, or (``delivered``) only those the stand-in answered with success."""
    return [
        str(call.params.get("text", ""))
        for call in line.telegram.calls
        if call.method == "sendMessage"
        and call.params.get("chat_id") == chat
        and containing in str(call.params.get("text", ""))
        and (call.params.get("_ok") or not delivered)
    ]


async def audited(line: Hotline, action: str) -> list[dict[str, str]]:
    return [e for e in await line.cases.audit_log(1000) if e["action"] == action]


async def seen_keys(line: Hotline) -> list[bytes]:
    pattern = line.cases.key("seen:*")
    return [key async for key in line.cases._redis.scan_iter(match=pattern)]


@pytest.fixture
def failing_transaction(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """``arm(key part)``: the next Redis transaction writing a key holding ``key part``
    loses its connection before EXEC, so none of it is applied (as Redis guarantees)."""
    armed: list[str] = []
    execute = Pipeline.execute

    async def flaky(self: Pipeline, raise_on_error: bool = True) -> list[Any]:
        keys = [str(args[1]) for args, _ in self.command_stack if len(args) > 1]
        if armed and any(armed[0] in key for key in keys):
            armed.clear()
            raise RedisConnectionError("connection lost before EXEC")
        return await execute(self, raise_on_error)

    monkeypatch.setattr(Pipeline, "execute", flaky)
    yield armed.append
    assert not armed, "the armed failure never happened"


async def test_a_caseworker_reply_delivered_twice_reaches_the_person_once(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """The same update posted twice: one answer to the person, one entry, one audit line."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        card = await line.claimed_case()
        reply = thread_message(CASEWORKER, "Салом! Шумо ҳозир дар куҷоед?", card)
        first = await line.update(reply)
        await line.deliver()
        again = await line.update(reply)  # Telegram did not hear the first 200
        await line.deliver()

        assert (first.status_code, again.status_code) == (200, 200)
        assert sent_to(line, PERSON, "Шумо ҳозир дар куҷоед?") == [
            "Корманди иҷтимоӣ: Салом! Шумо ҳозир дар куҷоед?"
        ]
        case = await line.only_case()
        assert [e.text for e in case.thread if e.author.startswith("caseworker:")] == [
            "Салом! Шумо ҳозир дар куҷоед?"
        ]
        assert [e["result"] for e in await audited(line, "reply")] == ["ok"]
        assert len(await seen_keys(line)) == 2  # the claim's press and this reply


async def test_two_deliveries_racing_each_other_are_carried_out_once(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Both deliveries pass the first look; the transaction lets only one through."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        card = await line.claimed_case()
        reply = thread_message(CASEWORKER, "Мо ба шумо занг мезанем.", card)
        answers = await asyncio.gather(*(line.update(reply) for _ in range(4)))
        await line.deliver()

        assert [a.status_code for a in answers] == [200] * 4
        assert len(sent_to(line, PERSON, "Мо ба шумо занг мезанем.")) == 1
        assert len(await audited(line, "reply")) == 1


async def test_a_claim_pressed_once_and_delivered_twice_claims_and_audits_once(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.deliver()
        case = await line.only_case()
        press = card_press(CASEWORKER, f"d|claim|{case.id}", case.card_message_id or 1)
        for _ in range(2):
            assert (await line.update(press)).status_code == 200
        await line.deliver()

        claimed = await line.only_case()
        assert claimed.status is CaseStatus.CLAIMED and claimed.claimed_by == CASEWORKER
        claims = await audited(line, "claim")
        assert [(e["actor"], e["case"], e["result"]) for e in claims] == [
            (f"telegram:{CASEWORKER}", case.id, "ok")
        ]
        # Answered once: the redelivery is acknowledged and nothing else.
        query = press["callback_query"]["id"]
        assert [
            a["text"] for a in line.callback_answers() if str(a["callback_query_id"]) == query
        ] == ["Готово."]
        assert len(sent_to(line, DESK_CHAT, "Worker501")) == 1  # "claimed by" in the thread
        delays = await line.cases._redis.lrange(line.cases.key("delays:P1"), 0, -1)
        assert len(delays) == 1


async def test_a_note_redelivered_is_kept_once(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    async with hotline(bot_api, twilio_api, redis_store) as line:
        card = await line.claimed_case()
        note = thread_message(CASEWORKER, "// called the consulate, waiting", card)
        for _ in range(3):
            assert (await line.update(note)).status_code == 200
        await line.deliver()

        case = await line.only_case()
        notes = [e.text for e in case.thread if e.author == f"note:{CASEWORKER}"]
        assert notes == ["// called the consulate, waiting"]
        assert len(sent_to(line, DESK_CHAT, "заметка сохранена")) == 1
        assert len(await audited(line, "note")) == 1
        assert sent_to(line, PERSON, "consulate") == []


async def test_a_press_redelivered_after_a_failure_still_works_once(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    failing_transaction: Callable[[str], None],
) -> None:
    """Redis drops the claim's transaction: 503, nothing claimed, nothing marked; the
    redelivery claims; a further one changes nothing."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.deliver()
        case = await line.only_case()
        press = card_press(CASEWORKER, f"d|claim|{case.id}", case.card_message_id or 1)

        failing_transaction(":cases}:seen:")
        failed = await line.update(press)
        assert failed.status_code == 503
        assert (await line.only_case()).status is CaseStatus.WAITING
        assert await audited(line, "claim") == []
        assert await seen_keys(line) == []
        query = press["callback_query"]["id"]
        assert all(str(a["callback_query_id"]) != query for a in line.callback_answers())

        assert (await line.update(press)).status_code == 200
        assert (await line.update(press)).status_code == 200
        await line.deliver()
        claimed = await line.only_case()
        assert claimed.status is CaseStatus.CLAIMED and claimed.claimed_by == CASEWORKER
        assert [e["result"] for e in await audited(line, "claim")] == ["ok"]
        assert len(sent_to(line, DESK_CHAT, "Worker501")) == 1


async def test_a_failure_after_the_claim_is_not_claimed_again(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    failing_transaction: Callable[[str], None],
) -> None:
    """The claim is stored, then Redis fails (recording its delay): 503, and Telegram's
    redelivery finds the press done and does nothing."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.deliver()
        case = await line.only_case()
        press = card_press(CASEWORKER, f"d|claim|{case.id}", case.card_message_id or 1)

        failing_transaction(":cases}:delays:")
        assert (await line.update(press)).status_code == 503
        assert (await line.update(press)).status_code == 200
        await line.deliver()
        assert (await line.only_case()).claimed_by == CASEWORKER
        assert [e["result"] for e in await audited(line, "claim")] == ["ok"]
        assert len(sent_to(line, DESK_CHAT, "Worker501")) == 1


async def test_a_desk_command_is_answered_once_and_again_if_its_answer_failed(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """/queue redelivered: one answer. Its answer lost to a Bot API error: the update is
    left unmarked, and a redelivery answers it."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.deliver()
        case = await line.only_case()
        queue = thread_message(CASEWORKER, "/queue", None)
        for _ in range(2):
            assert (await line.update(queue)).status_code == 200
        assert len(sent_to(line, DESK_CHAT, f"{case.id} · P1 · ждёт", delivered=True)) == 1

        again = thread_message(CASEWORKER, "/queue", None)
        line.telegram.fail_next("sendMessage", 400, "Bad Request: chat not found")
        # The route may let the error through (a 500) or acknowledge it; either way the
        # update is left unmarked for whichever redelivery comes (polling retries it).
        with contextlib.suppress(BadRequest):
            await line.update(again)
        assert not await line.cases.seen(update_name(Update.de_json(again, None)))
        assert len(sent_to(line, DESK_CHAT, f"{case.id} · P1 · ждёт", delivered=True)) == 1
        assert (await line.update(again)).status_code == 200
        assert (await line.update(again)).status_code == 200
        assert len(sent_to(line, DESK_CHAT, f"{case.id} · P1 · ждёт", delivered=True)) == 2


async def test_a_twilio_status_report_posted_twice_counts_once(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.sms("+992931110777", "salom")
        fields = {
            "MessageSid": "SM00000000000000000000000000000777",
            "MessageStatus": "undelivered",
            "To": "+992931110777",
            "ErrorCode": "30003",
        }
        for _ in range(2):
            content, headers = signed(f"{PUBLIC}/sms/twilio/status", fields)
            response = await line.client.post(
                "/sms/twilio/status", content=content, headers=headers
            )
            assert response.status_code == 200
        metrics = (await line.client.get("/metrics")).text
        assert 'safar_sms_status_total{status="undelivered"} 1.0' in metrics
