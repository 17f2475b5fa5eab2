"""Safe contact, desk actions and durability, end to end on the Telegram stand-in.

A caseworker's message reaches the person only with consent, within their safe time,
and until STOP, the code word or /forget; otherwise it is held and the caseworker is
told why. A report is stored before the person is told it was received.
"""

from __future__ import annotations

import pytest

from bot.cases.model import CaseStatus
from bot.store.redis import RedisStore
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import (
    CASEWORKER,
    PERSON,
    SECOND_CASEWORKER,
    SUPERVISOR,
    Clock,
    Hotline,
    hotline,
    unreachable_case_store,
)


async def _held_until_they_write(line: Hotline, text: str) -> int:
    """A claimed case with "only right after I write", and a caseworker's message written
    31 minutes after the report: it waits. The card's message id."""
    thread = await line.claimed_case(window="reply")
    line.clock.advance(31)
    await line.desk_write(CASEWORKER, text, thread)
    await line.deliver()
    return thread


async def test_outside_the_reply_window_a_message_waits_for_the_person(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """ "Only right after I write": held after 30 minutes, given when they next write."""
    clock = Clock()
    async with hotline(bot_api, twilio_api, redis_store, clock) as line:
        thread = await _held_until_they_write(line, "Шумо бехатаред?")
        assert "Задержано: человек просил писать ему только сразу" in line.desk_messages()[-1]
        assert not any("бехатаред" in t for t in line.person_texts())

        # After 31 minutes the chat itself starts again at the menu, so "салом" is not
        # relayed; but the person is holding the phone, so the held message is given.
        await line.write(PERSON, "салом")
        assert "Корманди иҷтимоӣ: Шумо бехатаред?" in line.person_texts()
        await line.deliver()
        assert "дошли до человека" in line.desk_messages()[-1]

        await line.desk_write(CASEWORKER, "Хуб, ман мефаҳмам.", thread)  # within the window
        await line.deliver()
        assert line.person_texts()[-1] == "Корманди иҷтимоӣ: Хуб, ман мефаҳмам."


@pytest.mark.parametrize("pause", [60, 120])  # inside, then past session.idle_minutes
async def test_the_answer_to_a_message_given_on_writing_reaches_the_caseworker(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    pause: int,
) -> None:
    """A held message handed over when the person writes, from the menu or after the chat
    started again: their answer to it goes to the case thread, not into the menu (#14,
    item 5)."""
    clock = Clock()
    async with hotline(bot_api, twilio_api, redis_store, clock) as line:
        thread = await line.claimed_case(window="reply")
        await line.write(PERSON, "/menu")
        clock.advance(31)
        await line.desk_write(CASEWORKER, "Шумо ҳозир дар куҷоед?", thread)
        await line.deliver()
        clock.advance(pause)
        await line.write(PERSON, "салом")
        assert "Корманди иҷтимоӣ: Шумо ҳозир дар куҷоед?" in line.person_texts()
        await line.deliver()
        await line.write(PERSON, "Дар анбори назди бозор")
        await line.deliver()
        assert line.desk_messages()[-1].endswith("человек пишет: Дар анбори назди бозор")


async def test_a_message_held_for_the_evening_goes_when_the_evening_begins(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """ "Evenings" in Russia: written at 09:00 Moscow time, sent at 18:00, not before."""
    clock = Clock()  # 06:00 UTC, 09:00 in Moscow
    async with hotline(bot_api, twilio_api, redis_store, clock) as line:
        thread = await line.claimed_case(window="evening")
        clock.advance(31)  # past the reply window of the report itself
        await line.desk_write(CASEWORKER, "Бегоҳ занг мезанам", thread)
        await line.deliver()
        assert "вечером, 18:00-22:00" in line.desk_messages()[-1]
        clock.advance(8 * 60)  # 17:31 in Moscow
        await line.tick()
        await line.deliver()
        assert not any("Бегоҳ занг" in t for t in line.person_texts())
        clock.advance(30)  # 18:01 in Moscow
        await line.tick()
        await line.tick()  # sent once, not again
        await line.deliver()
        sent = [t for t in line.person_texts() if "Бегоҳ занг" in t]
        assert sent == ["Корманди иҷтимоӣ: Бегоҳ занг мезанам"]
        assert "сейчас, в часы, которые человек назвал" in line.desk_messages()[-1]


async def test_the_code_word_ends_contact_at_once(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """The code word, in any case or spelling, gets a plain "OK" and stops all contact."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        thread = await line.claimed_case(code="Анор")
        await line.write(PERSON, "АНОР")
        assert line.person_texts()[-1] == "Хуб."
        case = await line.only_case()
        assert case.contact_ended == "code" and not case.may_contact
        await line.deliver()
        assert "человек отправил кодовое слово" in line.desk_messages()[-1]

        await line.desk_write(CASEWORKER, "Ҷавоб диҳед", thread)
        await line.deliver()
        assert line.desk_messages()[-1].endswith("отправил кодовое слово. Не пишите ему.")
        assert line.person_texts()[-1] == "Хуб."


async def test_stop_ends_contact_and_the_caseworker_is_told(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """STOP during an open case: nothing more reaches the person."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        thread = await line.claimed_case()
        await line.write(PERSON, "бас")
        await line.deliver()
        assert "человек отправил СТОП" in line.desk_messages()[-1]
        sent = len(line.person_texts())
        await line.desk_write(CASEWORKER, "Салом?", thread)
        await line.deliver()
        assert len(line.person_texts()) == sent
        assert "Не пишите ему" in line.desk_messages()[-1]

        # Later the person comes back to their caseworker: they may be answered again.
        await line.write(PERSON, "/menu")
        await line.press(PERSON, "main.menu|@report")  # their open case: straight to it
        await line.write(PERSON, "Акнун метавонам нависам")
        await line.deliver()
        assert "снова можно отвечать" in line.desk_messages()[-1]
        await line.desk_write(CASEWORKER, "Хуб. Шумо куҷоед?", thread)
        await line.deliver()
        assert line.person_texts()[-1] == "Корманди иҷтимоӣ: Хуб. Шумо куҷоед?"


async def test_an_anonymous_report_is_never_answered(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """ "No, only pass it on": the card says so, the case keeps no address, replies wait."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.write(PERSON, "/start")
        for data in (
            "main.menu|@report",
            "report.safe|yes",
            "report.phone|shared",
            "report.who|relative",
            "report.what|child",
            "report.what_more|done",
            "report.when|skip",
        ):
            await line.press(PERSON, data)
        await line.write(PERSON, "0")
        await line.press(PERSON, "report.country|elsewhere")
        await line.write(PERSON, "0")
        await line.press(PERSON, "report.consent|anonymous")
        await line.press(PERSON, "report.confirm|send")
        assert "нахостед" in line.person_texts()[-2]  # nobody will write to you
        case = await line.only_case()
        assert (case.priority, case.contact, case.consent) == ("P1", None, "anonymous")
        await line.deliver()
        card = line.desk_messages()[0]
        assert "Связь: нет, анонимное сообщение" in card
        assert "Телефон человека могут читать другие" in card
        await line.desk_press(CASEWORKER, f"d|claim|{case.id}")
        case = await line.only_case()
        assert case.card_message_id is not None
        await line.desk_write(CASEWORKER, "Салом", case.card_message_id)
        await line.deliver()
        assert "анонимное" in line.desk_messages()[-1]
        # The reporter can still add to their report, claimed or not.
        await line.write(PERSON, "Номи ширкат Барака аст")
        assert line.person_texts()[-2] == "Ба корманди иҷтимоии шумо фиристода шуд."
        await line.deliver()
        assert line.desk_messages()[-1] == f"{case.id}: человек пишет: Номи ширкат Барака аст"


async def test_release_transfer_notes_and_close(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """The card's buttons do what they say, only for the claimant, and notes stay inside."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        thread = await line.claimed_case()
        case = await line.only_case()
        await line.desk_press(SECOND_CASEWORKER, f"d|release|{case.id}")
        assert line.callback_answers()[-1]["text"].startswith("Это может только специалист")
        await line.desk_press(CASEWORKER, f"d|release|{case.id}")
        assert (await line.only_case()).status is CaseStatus.WAITING

        await line.desk_press(SECOND_CASEWORKER, f"d|claim|{case.id}")
        await line.desk_press(SECOND_CASEWORKER, f"d|transfer|{case.id}")
        await line.deliver()
        choices = line.telegram.sent()[-1]["reply_markup"]["inline_keyboard"]
        assert [row[0]["callback_data"] for row in choices] == [f"d|to|{case.id}|{CASEWORKER}"]
        await line.desk_press(SECOND_CASEWORKER, f"d|to|{case.id}|{CASEWORKER}")
        assert (await line.only_case()).claimed_by == CASEWORKER
        await line.deliver()

        photo = [{"file_id": "x", "file_unique_id": "x", "width": 1, "height": 1}]
        await line.desk_write(CASEWORKER, "", thread, photo=photo)
        await line.deliver()
        assert line.desk_messages()[-1].startswith(f"{case.id}: не отправлено. Только текст")

        await line.desk_write(CASEWORKER, "// brother called, will visit", thread)
        await line.deliver()
        assert not any("brother" in t for t in line.person_texts())
        assert line.desk_messages()[-1] == f"{case.id}: заметка сохранена, не отправлена."

        await line.desk_press(CASEWORKER, f"d|close|{case.id}")
        await line.deliver()
        outcomes = line.telegram.sent()[-1]["reply_markup"]["inline_keyboard"]
        assert [row[0]["callback_data"].split("|")[-1] for row in outcomes] == [
            "helped",
            "referred",
            "no_contact",
            "not_a_case",
        ]
        await line.desk_press(CASEWORKER, f"d|outcome|{case.id}|referred")
        closed = await line.only_case()
        assert (closed.status, closed.outcome) == (CaseStatus.CLOSED, "referred")
        actions = [(e["actor"], e["action"], e["result"]) for e in await line.cases.audit_log()]
        assert (f"telegram:{SECOND_CASEWORKER}", "release", "refused") in actions
        assert (f"telegram:{CASEWORKER}", "outcome", "ok") in actions

        await line.write(PERSON, "Салом, боз ман")  # after closing: told honestly
        assert line.person_texts()[-2].startswith("Парвандаи шумо баста шуд.")


async def test_the_queue_command_lists_waiting_cases_most_urgent_first(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.desk_write(SUPERVISOR, "/queue", None)
        case = await line.only_case()
        assert line.desk_messages()[-1] == f"{case.id} · P1 · ждёт 0 мин"


async def test_a_report_is_stored_before_the_person_is_told(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    key_prefix: str,
) -> None:
    """With the case store down, "Send" gets 503 (Telegram redelivers) and no false
    receipt; once it is back, the redelivered update opens the case, once."""
    down = unreachable_case_store(key_prefix)
    async with hotline(bot_api, twilio_api, redis_store) as line:
        service = line.server.state.cases
        assert service is not None
        healthy, service.store = service.store, down
        await line.report_locked_in()
        assert line.replies[-1].status_code == 503
        assert not any(t.startswith("Хабари шумо") for t in line.person_texts())

        service.store = healthy
        send = line.replies[-1].request
        for _ in range(2):  # Telegram redelivers the same update, perhaps twice
            await line.client.post("/telegram/webhook", content=send.content, headers=send.headers)
        assert len(await line.cases.all_cases()) == 1
        assert sum(t.startswith("Хабари шумо") for t in line.person_texts()) == 1


async def test_a_risky_job_offer_can_go_to_a_caseworker_with_its_answers(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """After a danger verdict, "with my answers" attaches the red flags to the case."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.write(PERSON, "/start")
        await line.press(PERSON, "main.menu|@job")
        await line.write(PERSON, "Кор дар Дубай, танҳо духтарони ҷавон, пешпардохт 500 доллар")
        for _ in range(12):
            last = line.telegram.sent(PERSON)[-1]
            buttons = last.get("reply_markup", {}).get("inline_keyboard", [])
            if buttons and buttons[0][0]["callback_data"].startswith("report.offer|"):
                break
            await line.press(PERSON, buttons[1][0]["callback_data"])  # the second answer
        await line.press(PERSON, "report.offer|with")
        for data in ("report.safe|yes", "report.phone|own", "report.who|self"):
            await line.press(PERSON, data)
        assert line.person_texts()[-1].startswith("Бо суханони худ")  # no exploitation asked
        await line.write(PERSON, "0")
        await line.press(PERSON, "report.country|AE")
        await line.write(PERSON, "0")
        await line.press(PERSON, "report.consent|contact")
        await line.press(PERSON, "report.window|any")
        await line.write(PERSON, "0")
        await line.press(PERSON, "report.confirm|send")
        case = await line.only_case()
        assert case.source == "offer" and {"fee", "women_photos"} <= set(case.offer_flags)
        await line.deliver()
        assert "После проверки вакансии. Тревожные признаки:" in line.desk_messages()[0]


async def test_the_quick_exit_releases_no_held_message(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """/exit hides the chat: it is no sign the person is holding the phone for their
    caseworker, so what waits for them keeps waiting."""
    clock = Clock()
    async with hotline(bot_api, twilio_api, redis_store, clock) as line:
        await _held_until_they_write(line, "Шумо бехатаред?")
        await line.write(PERSON, "/exit")
        await line.deliver()
        assert not any("бехатаред" in t for t in line.person_texts())
        assert (await line.only_case()).held == ("Шумо бехатаред?",)
