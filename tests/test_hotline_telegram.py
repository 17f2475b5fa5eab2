"""The hotline end to end on Telegram: report, triage, desk, claim, talk, timers, privacy.

Everything is real but the two platforms: the ASGI app, python-telegram-bot's HTTP
stack against a Bot API stand-in on 127.0.0.1, and Redis.
"""

from __future__ import annotations

import json

import pytest
from redis.asyncio import Redis

from bot.cases.model import CaseStatus
from bot.store.redis import RedisStore
from tests.conftest import make_store
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import (
    CASEWORKER,
    DESK_CHAT,
    PERSON,
    PHONE_IN_TEXT,
    SECOND_CASEWORKER,
    STRANGER,
    SUPERVISOR,
    WORDS,
    Clock,
    hotline,
)
from tests.support.redis_dump import dump, keys


async def test_a_tajik_report_of_being_locked_in_reaches_a_caseworker_and_back(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Locked in -> P1 -> emergency numbers first -> card -> claim -> answer in Tajik ->
    the person's answer in the case thread."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.write(PERSON, "/start")
        for data in ("main.menu|@report", "report.safe|yes", "report.phone|own"):
            await line.press(PERSON, data)
        await line.press(PERSON, "report.who|self")
        before = len(line.person_texts())
        await line.press(PERSON, "report.what|locked")
        urgent, next_question = line.person_texts()[before:]
        # Immediate danger: the emergency numbers come at once, before the next question.
        assert urgent.startswith("Ин хатарнок аст.") and "112" in urgent
        assert next_question.startswith("Боз чизе?")

        for data in ("report.what_more|done", "report.when|now"):
            await line.press(PERSON, data)
        await line.write(PERSON, WORDS)
        await line.press(PERSON, "report.country|RU")
        await line.write(PERSON, "Москва")
        await line.press(PERSON, "report.consent|contact")
        await line.press(PERSON, "report.window|any")
        await line.write(PERSON, "0")
        assert await line.cases.all_cases() == []  # nothing is kept before "Send"
        await line.press(PERSON, "report.confirm|send")

        received = line.person_texts()[-2]
        assert received.startswith("Хабари шумо нигоҳ дошта шуд")
        assert "5 дақиқа" in received  # the P1 target, as no claim history exists yet
        case = await line.only_case()
        assert (case.priority, case.status, case.language) == ("P1", CaseStatus.WAITING, "tg")
        assert "locked_in" in case.indicators and "documents_taken" in case.indicators

        await line.deliver()
        card = line.desk_messages()[0]
        assert card.startswith(f"Дело {case.id} · P1 · tg · Telegram")
        assert "заперт(а) или под надзором" in card and "Россия, Москва" in card
        assert PHONE_IN_TEXT not in card and str(PERSON) not in card and "[…]" in card
        card_buttons = line.telegram.sent(DESK_CHAT)[0]["reply_markup"]["inline_keyboard"]
        assert card_buttons[0][0]["callback_data"] == f"d|claim|{case.id}"

        await line.desk_press(CASEWORKER, f"d|claim|{case.id}")
        assert line.callback_answers()[-1]["text"] == "Готово."
        case = await line.only_case()
        assert case.status is CaseStatus.CLAIMED and case.claimed_by == CASEWORKER
        await line.deliver()
        edits = [c.params for c in line.telegram.calls if c.method == "editMessageText"]
        assert "Взял(а) Worker501" in edits[-1]["text"]

        assert case.card_message_id is not None
        await line.desk_write(CASEWORKER, "Салом! Шумо ҳозир дар куҷоед?", case.card_message_id)
        await line.deliver()
        assert line.person_texts()[-1] == "Корманди иҷтимоӣ: Салом! Шумо ҳозир дар куҷоед?"

        await line.write(PERSON, "Дар анбори назди бозор")
        assert line.person_texts()[-2] == "Ба корманди иҷтимоии шумо фиристода шуд."
        await line.deliver()
        thread = line.telegram.sent(DESK_CHAT)[-1]
        assert thread["text"] == f"{case.id}: человек пишет: Дар анбори назди бозор"
        assert json.loads(json.dumps(thread["reply_parameters"]))["message_id"] == (
            case.card_message_id
        )


async def test_an_unlisted_account_cannot_claim_and_is_audited(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """A group member not on the list presses Claim: refused, the case waits, audited."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.deliver()
        case = await line.only_case()
        await line.desk_press(STRANGER, f"d|claim|{case.id}")
        answer = line.callback_answers()[-1]
        assert answer["text"] == "Это могут только специалисты из списка Safar."
        assert answer["show_alert"] is True
        assert (await line.only_case()).status is CaseStatus.WAITING
        denied = (await line.cases.audit_log(1))[0]
        assert denied == {
            "at": denied["at"],
            "actor": f"telegram:{STRANGER}",
            "action": "claim",
            "case": case.id,
            "result": "denied",
        }
        # Nor can they write to the person through the thread.
        assert case.card_message_id is not None
        await line.desk_write(STRANGER, "hello", case.card_message_id)
        await line.deliver()
        assert not any("hello" in text for text in line.person_texts())


async def test_an_unclaimed_p1_is_announced_again_and_escalated(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Past its 5-minute target a P1 is re-announced and escalated; the person hears nothing."""
    clock = Clock()
    async with hotline(bot_api, twilio_api, redis_store, clock) as line:
        await line.report_locked_in()
        await line.deliver()
        told_person = len(line.person_texts())
        case = await line.only_case()

        clock.advance(4)
        await line.tick()
        await line.deliver()
        assert not any("Всё ещё ждёт" in m for m in line.desk_messages())

        clock.advance(2)  # 6 minutes: the target has passed
        await line.tick()
        await line.tick()  # a second check in the same period does nothing more
        await line.deliver()
        again = [m for m in line.desk_messages() if m.startswith("Всё ещё ждёт")]
        assert again == [f"Всё ещё ждёт: {case.id} (P1) уже 6 мин, срок 5 мин. Кто возьмёт?"]
        escalation = [m["text"] for m in line.telegram.sent(SUPERVISOR)]
        assert escalation == [f"Эскалация: {case.id} (P1) ждёт специалиста 6 мин, срок 5 мин."]

        clock.advance(5)  # 11 minutes: the second period has passed too
        await line.tick()
        await line.deliver()
        assert len(line.telegram.sent(SUPERVISOR)) == 2
        assert len(line.person_texts()) == told_person  # inactivity never writes to the person

        await line.desk_write(SUPERVISOR, "/breaches", None)
        assert line.desk_messages()[-1].startswith(f"{case.id} · P1: ждало 6 мин, срок 5 мин")
        await line.desk_write(CASEWORKER, "/breaches", None)  # for supervisors only
        assert line.desk_messages()[-1] == "Это могут только специалисты из списка Safar."


async def test_a_restart_between_storing_and_posting_posts_the_card_once(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_client: Redis,
    key_prefix: str,
    redis_url: str,
) -> None:
    """A worker dies holding the card; after the restart another posts it, once."""
    async with hotline(bot_api, twilio_api, make_store(redis_client, key_prefix)) as first:
        await first.report_locked_in()
        store = first.cases

        async def crash(item: object) -> None:
            raise RuntimeError("killed mid-delivery")

        dying = store.outbox_worker(crash, retry_seconds=0, max_attempts=5, consumer="dead")
        with pytest.raises(RuntimeError):
            await dying.run_once(block_ms=None)
        assert first.desk_messages() == []

    fresh = make_store(Redis.from_url(redis_url), key_prefix)
    async with hotline(bot_api, twilio_api, fresh) as second:
        assert second.server.state.deliver is not None
        worker = second.cases.outbox_worker(
            second.server.state.deliver, retry_seconds=0, max_attempts=5, consumer="new"
        )
        while await worker.run_once(block_ms=None):
            pass
        await worker.run_once(block_ms=None)
        cards = [m for m in second.desk_messages() if m.startswith("Дело")]
        assert len(cards) == 1


async def test_redis_holds_no_plaintext_report_or_number(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    redis_client: Redis,
    key_prefix: str,
) -> None:
    """After a report and a conversation, Redis shows no words, chat id or phone number."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        thread = await line.claimed_case()
        await line.desk_write(CASEWORKER, "Шумо дар куҷоед?", thread)
        await line.write(PERSON, "Дар анбори назди бозор")
        raw = await dump(redis_client, key_prefix)
    for secret in ("анбор", "Москва", "куҷоед", PHONE_IN_TEXT, str(PERSON)):
        assert secret.encode() not in raw, secret


async def test_forget_leaves_nothing_that_identifies_the_person(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    redis_client: Redis,
    key_prefix: str,
) -> None:
    """/forget with an open case: kept anonymised if chosen; no session, link or address."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.deliver()
        contact_hash = redis_store.codec.contact_id(f"telegram:{PERSON}")
        assert contact_hash.encode() in await dump(redis_client, key_prefix)

        await line.write(PERSON, "/forget")
        assert line.person_texts()[-1].startswith("Safar ин сӯҳбатро нест мекунад.")
        await line.press(PERSON, "privacy.forget_case|keep")
        assert "нест кард" in line.person_texts()[-2]
        assert line.person_texts()[-1] == "Салом! 👋"  # the chat erased, a harmless last line

        raw = await dump(redis_client, key_prefix)
        assert contact_hash.encode() not in raw and str(PERSON).encode() not in raw
        assert not [k for k in await keys(redis_client, key_prefix) if k.endswith(":session")]
        case = await line.only_case()
        assert case.contact is None and case.contact_ref == "" and case.contact_ended == "forget"

        await line.deliver()
        assert "человек удалил свой чат" in line.desk_messages()[-1]
        await line.desk_press(SECOND_CASEWORKER, f"d|claim|{case.id}")
        assert case.card_message_id is not None
        await line.desk_write(SECOND_CASEWORKER, "Вы здесь?", case.card_message_id)
        await line.deliver()
        assert "удалил свой чат" in line.desk_messages()[-1]  # held, and why
        assert not any("Вы здесь" in text for text in line.person_texts())
