"""Safety tips: opt-in through the flow, and a broadcast that respects every "no"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

import pytest

from bot.broadcast import Broadcaster
from bot.broadcast_senders import senders_for
from bot.config.secrets import TwilioCredentials
from bot.config.settings import ROOT, load_settings
from bot.content.topics import find_topic
from bot.conversation import Conversation
from bot.engine.model import Contact, Inbound, Say, Status, Text
from bot.engine.resources import Resources
from bot.server.serve import sms_sender, telegram_bot, telegram_sender
from bot.store.redis import RedisStore
from tests.conftest import FIXED_NOW
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, SMS_NUMBER, FakeTwilio
from tests.support.menu import menu_number
from tests.support.servers import serve_in_thread

_ids = iter(range(1, 10_000))


@pytest.fixture
def stand_ins() -> Iterator[tuple[FakeTelegram, str, FakeTwilio, str]]:
    telegram, twilio = FakeTelegram(), FakeTwilio()
    with serve_in_thread(telegram.app()) as t_url, serve_in_thread(twilio.app()) as s_url:
        yield telegram, t_url, twilio, s_url


async def say(conversation: Conversation, contact: Contact, *texts: str) -> None:
    for text in texts:
        await conversation.handle(
            Inbound(
                contact,
                text=text,
                external_id=str(next(_ids)),
                sticky_stop=contact.channel == "sms",
            )
        )


@pytest.fixture
async def broadcaster(
    resources: Resources,
    redis_store: RedisStore,
    stand_ins: tuple[FakeTelegram, str, FakeTwilio, str],
) -> AsyncIterator[tuple[Broadcaster, Conversation, list[tuple[int, int]]]]:
    _, telegram_url, _, twilio_url = stand_ins
    settings = load_settings(
        ROOT / "config.toml",
        env={
            "TELEGRAM_API_BASE_URL": telegram_url,
            "TWILIO_API_BASE_URL": twilio_url,
            "SAFAR_SMS_FROM_NUMBER": SMS_NUMBER,
            "SAFAR_TELEGRAM_CHAT_BURST": "100",
        },
    )
    bot = telegram_bot(settings, TOKEN)
    await bot.initialize()
    http, sms = sms_sender(settings, TwilioCredentials(ACCOUNT_SID, AUTH_TOKEN))
    conversation = Conversation(resources, redis_store, clock=lambda: FIXED_NOW)
    progress: list[tuple[int, int]] = []
    senders = senders_for(telegram_sender(settings, bot), sms, resources.catalogs)
    yield (
        # 12:00 UTC: 17:00 in Dushanbe, daytime for everyone here.
        Broadcaster(
            conversation, senders, lambda d, t: progress.append((d, t)), clock=lambda: FIXED_NOW
        ),
        (conversation),
        progress,
    )
    await bot.shutdown()
    await http.aclose()


async def test_opt_in_and_out_through_the_flow(
    resources: Resources, redis_store: RedisStore
) -> None:
    """ "Yes" subscribes; "No tips", STOP and /forget each unsubscribe."""
    conversation = Conversation(resources, redis_store, clock=lambda: FIXED_NOW)
    subscribed = {Contact("telegram", str(n)) for n in (901, 902, 903, 904)}
    for contact in subscribed:
        await say(conversation, contact, "hello", menu_number("@tips"), "1")
    assert {s.contact for s in await redis_store.subscribers()} == {c.key for c in subscribed}
    await say(conversation, Contact("telegram", "902"), menu_number("@tips"), "2")  # No tips
    await say(conversation, Contact("telegram", "903"), "STOP")
    await say(conversation, Contact("telegram", "904"), "/forget")
    remaining = {s.contact: s.language for s in await redis_store.subscribers()}
    assert remaining == {"telegram:901": "en"}


async def test_broadcast_skips_stopped_unsafe_and_blocked_and_never_repeats(
    broadcaster: tuple[Broadcaster, Conversation, list[tuple[int, int]]],
    redis_store: RedisStore,
    resources: Resources,
    stand_ins: tuple[FakeTelegram, str, FakeTwilio, str],
) -> None:
    """A tip reaches willing subscribers once, in their language, on their channel."""
    sender, conversation, progress = broadcaster
    telegram, _, twilio, _ = stand_ins
    people = {
        name: Contact("telegram", str(800 + n))
        for n, name in enumerate(["willing", "stopped", "unsafe", "blocks"])
    }
    people["sms"] = Contact("sms", "+992931110201")
    for name, contact in people.items():
        greeting = "salom" if name == "sms" else "hello"
        await say(conversation, contact, greeting, menu_number("@tips"), "1")
    stopped = await redis_store.load(people["stopped"].key)
    assert stopped is not None
    await redis_store.save(people["stopped"].key, replace(stopped, status=Status.STOPPED))
    unsafe = await redis_store.load(people["unsafe"].key)
    assert unsafe is not None
    await redis_store.save(people["unsafe"].key, unsafe.with_vars({"contact_safe": "no"}))
    telegram.blocked_chats.add(int(people["blocks"].address))

    topic = find_topic(resources.topics, "passport")
    assert topic is not None
    tip = Say((Text(topic.sms[0]),))
    first = await sender.run("tip:passport", tip)

    assert (
        first.subscribers,
        first.sent,
        first.stopped,
        first.unsafe,
        first.unreachable,
        first.failed,
    ) == (5, 2, 1, 1, 1, 0)
    assert [m["text"] for m in telegram.sent(800)][-1] == topic.sms[0]
    assert twilio.created[-1]["Body"] == resources.catalogs.gettext("tg", topic.sms[0])
    assert twilio.created[-1]["To"] == "+992931110201"
    blocked = await redis_store.load(people["blocks"].key)
    assert blocked is not None and blocked.status is Status.STOPPED
    assert people["blocks"].key not in {s.contact for s in await redis_store.subscribers()}
    assert progress[-1] == (5, 5)

    tips_before = len(telegram.sent(800)) + len(twilio.created)
    again = await sender.run("tip:passport", tip)
    assert (again.sent, again.already) == (0, 2)
    assert len(telegram.sent(800)) + len(twilio.created) == tips_before


async def test_a_tip_waits_for_the_daytime_where_the_subscriber_is(
    broadcaster: tuple[Broadcaster, Conversation, list[tuple[int, int]]],
    stand_ins: tuple[FakeTelegram, str, FakeTwilio, str],
) -> None:
    """At 16:30 UTC it is 21:30 in Dushanbe, night for a Telegram subscriber (the desk's
    zone stands in), 19:30 in Istanbul, daytime for a Turkish number, and for a Russian
    number 19:30 in Moscow but 23:30 in Novosibirsk, so it waits too. Only the Turkish SMS
    goes; the next morning's run reaches the others, and nobody twice."""
    sender, conversation, _ = broadcaster
    telegram, _, twilio, _ = stand_ins
    chat = Contact("telegram", "851")
    turkish, russian = Contact("sms", "+905321110852"), Contact("sms", "+79161110853")
    for contact in (chat, turkish, russian):
        await say(conversation, contact, "hello", menu_number("@tips"), "1")
    tip = Say((Text("Keep your passport yourself."),))
    sender.clock = lambda: FIXED_NOW + 4.5 * 3600  # 16:30 UTC
    first = await sender.run("tip:night", tip)
    assert (first.sent, first.night) == (1, 2)
    assert [m["To"] for m in twilio.created] == [turkish.address]
    assert not any("passport yourself" in m["text"] for m in telegram.sent(851))

    sender.clock = lambda: FIXED_NOW + 18 * 3600  # 06:00 UTC: 11:00 Dushanbe, 09:00 Moscow
    second = await sender.run("tip:night", tip)
    assert (second.sent, second.already, second.night) == (2, 1, 0)
    assert [m["text"] for m in telegram.sent(851)][-1] == "Keep your passport yourself."
    assert sorted(m["To"] for m in twilio.created) == sorted([turkish.address, russian.address])


async def test_a_failed_send_is_retried_on_the_next_run(
    broadcaster: tuple[Broadcaster, Conversation, list[tuple[int, int]]],
    stand_ins: tuple[FakeTelegram, str, FakeTwilio, str],
) -> None:
    """A platform failure is counted and not recorded, so a rerun sends it."""
    sender, conversation, _ = broadcaster
    _, _, twilio, _ = stand_ins
    await say(conversation, Contact("sms", "+992931110202"), "salom", menu_number("@tips"), "1")
    twilio.fail_next(400, code=21000, message="some refusal")
    tip = Say((Text("Menu"),))
    first = await sender.run("tip:x", tip)
    assert (first.sent, first.failed) == (0, 1)
    second = await sender.run("tip:x", tip)
    assert (second.sent, second.failed) == (1, 0)


async def test_a_run_killed_mid_send_never_sends_that_tip_twice(
    broadcaster: tuple[Broadcaster, Conversation, list[tuple[int, int]]],
    stand_ins: tuple[FakeTelegram, str, FakeTwilio, str],
    redis_store: RedisStore,
) -> None:
    """Recorded before it is sent: a rerun after a kill does not repeat the one in flight."""
    sender, conversation, _ = broadcaster
    telegram, _, _, _ = stand_ins
    for chat in ("801", "802"):
        await say(conversation, Contact("telegram", chat), "salom", menu_number("@tips"), "1")
    before = {chat: len(telegram.sent(int(chat))) for chat in ("801", "802")}
    tip = Say((Text("Menu"),))
    telegram.send_delay = 0.5
    run = asyncio.create_task(sender.run("tip:cut", tip))
    await telegram.wait_for(
        lambda: len(telegram.calls) > 0 and telegram.calls[-1].method == "sendMessage"
    )
    run.cancel()  # the process dies while Telegram takes the first tip
    with pytest.raises(asyncio.CancelledError):
        await run
    await asyncio.sleep(0.7)
    telegram.send_delay = 0.0
    rerun = await sender.run("tip:cut", tip)
    assert (rerun.sent, rerun.uncertain) == (1, 1)
    assert await redis_store.uncertain("tip:cut") == 1
    got = {chat: len(telegram.sent(int(chat))) - before[chat] for chat in ("801", "802")}
    assert sorted(got.values()) == [1, 1]  # each tip once: the cut one went, the other now
