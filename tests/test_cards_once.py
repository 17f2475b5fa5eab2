"""A case card sent before a crash recorded it: one live card, the twin marked out of
date, and nothing a caseworker does on the twin lost.

The crash is real in the way that matters: the worker is cancelled while Telegram (the
stand-in) is still taking the card, so the card exists in the group and its message id
never reached the store.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.cases.model import CaseStatus
from bot.store.redis import RedisStore
from tests.support.fake_telegram import BOT_USER, FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import CASEWORKER, DESK_CHAT, PERSON, Hotline, hotline


def _card_message(sent: dict[str, Any]) -> dict[str, Any]:
    """The card as Telegram shows it in an update: its id, text and buttons."""
    return {
        "message_id": sent["_message_id"],
        "date": int(time.time()),
        "chat": {"id": DESK_CHAT, "type": "supergroup", "title": "Desk"},
        "from": BOT_USER,
        "text": sent["text"],
        "reply_markup": sent["reply_markup"],
    }


async def _crash_while_sending_to(line: Hotline, chat: int) -> None:
    """A worker cancelled while the Bot API stand-in is still taking a message to
    ``chat``: Telegram has it, the outbox entry was never acknowledged."""
    deliver = line.server.state.deliver
    assert deliver is not None
    dying = line.cases.outbox_worker(deliver, retry_seconds=0, max_attempts=5, consumer="dying")
    line.telegram.send_delay = 0.5
    before = len(line.telegram.sent(chat))
    task = asyncio.create_task(dying.run_once(block_ms=None))
    await line.telegram.wait_for(
        lambda: (
            sum(
                c.method == "sendMessage" and int(c.params.get("chat_id", 0)) == chat
                for c in line.telegram.calls
            )
            > before
        )
    )
    task.cancel()  # killed while Telegram takes the message
    await asyncio.sleep(0.8)  # Telegram finishes taking it all the same
    line.telegram.send_delay = 0.0


async def _restart(line: Hotline) -> None:
    deliver = line.server.state.deliver
    assert deliver is not None
    restarted = line.cases.outbox_worker(
        deliver, retry_seconds=0, max_attempts=5, consumer="restarted"
    )
    while await restarted.run_once(block_ms=None):
        pass


async def test_a_card_posted_twice_after_a_crash_has_one_live_twin_and_loses_nothing(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await _crash_while_sending_to(line, DESK_CHAT)  # while Telegram takes the card
        orphan = line.telegram.sent(DESK_CHAT)
        assert len(orphan) == 1  # posted, but its id was never recorded
        case = await line.only_case()
        assert case.card_message_id is None and case.card_posting_at > 0

        await _restart(line)
        cards = line.telegram.sent(DESK_CHAT)
        assert len(cards) == 2
        live = await line.only_case()
        assert live.card_message_id == cards[1]["_message_id"]
        assert cards[1]["text"].startswith("Снова после сбоя")  # the live card says so

        # A caseworker claims on the out-of-date twin: it works, and the twin is edited.
        press = {
            "update_id": 990001,
            "callback_query": {
                "id": "990002",
                "from": {"id": CASEWORKER, "is_bot": False, "first_name": "Worker501"},
                "chat_instance": "2",
                "data": f"d|claim|{case.id}",
                "message": _card_message(orphan[0]),
            },
        }
        await line.update(press)
        await line.deliver()
        claimed = await line.only_case()
        assert claimed.status is CaseStatus.CLAIMED and claimed.claimed_by == CASEWORKER
        edits = [c.params for c in line.telegram.calls if c.method == "editMessageText"]
        twin_edits = [e for e in edits if int(e["message_id"]) == orphan[0]["_message_id"]]
        assert twin_edits and twin_edits[-1]["text"].startswith("Устарело")

        # A reply to the twin reaches the person, as a reply to the live card would.
        reply = {
            "update_id": 990003,
            "message": {
                "message_id": 990004,
                "date": int(time.time()),
                "chat": {"id": DESK_CHAT, "type": "supergroup", "title": "Desk"},
                "from": {"id": CASEWORKER, "is_bot": False, "first_name": "Worker501"},
                "text": "Мо шуморо мебинем.",
                "reply_to_message": _card_message(orphan[0]),
            },
        }
        await line.update(reply)
        await line.deliver()
        assert line.person_texts()[-1].endswith("Мо шуморо мебинем.")


async def test_a_caseworker_message_cut_off_while_sending_never_reaches_the_person_twice(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Killed while Telegram took the caseworker's message to the person: after the
    restart the person has it once, and the caseworker is told it may not have arrived."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        card = await line.claimed_case()
        await line.desk_write(CASEWORKER, "Салом, ман корманди парванда ҳастам.", reply_to=card)
        await _crash_while_sending_to(line, PERSON)
        texts = [m["text"] for m in line.telegram.sent(PERSON)]
        assert sum("корманди парванда" in t for t in texts) == 1

        await _restart(line)
        texts = [m["text"] for m in line.telegram.sent(PERSON)]
        assert sum("корманди парванда" in t for t in texts) == 1  # never twice
        case = await line.only_case()
        notices = [t for t in line.desk_messages() if t.startswith(f"{case.id}:")]
        assert any("могло не дойти" in t for t in notices)
        mine = line.cases.key("outbox:sending:*")  # this test's keys only: Redis is shared
        assert not [k async for k in redis_store.client.scan_iter(match=mine)]


async def test_a_thread_message_cut_off_while_sending_is_sent_again_saying_so(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Killed while Telegram took the person's next message into the desk thread: the
    restart sends it again, marked as a possible repeat, so nothing is lost."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        card = await line.claimed_case()
        await line.desk_write(CASEWORKER, "Шумо дар куҷо ҳастед?", reply_to=card)
        await line.deliver()
        await line.write(PERSON, "Дар Подолск, дар анбор. Дар қулф аст.")
        await _crash_while_sending_to(line, DESK_CHAT)
        await _restart(line)
        thread = [t for t in line.desk_messages() if "Подолск" in t]
        assert len(thread) == 2
        assert thread[1].startswith("Отправлено снова после сбоя")
