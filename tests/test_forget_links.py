"""/forget and the code word leave no link from Redis to the person (#14, item 3).

Every key pattern the README lists under "Key layout" is filled for one person first:
session, kept replies, deferred replies and their index, the open-sessions index,
subscribers, a broadcast's ``sent`` set, and an open case with its contact link.
"""

from __future__ import annotations

from redis.asyncio import Redis

from bot.cases.layout import cases_base
from bot.engine.model import Contact
from bot.store.deferred import DeferredReplies
from bot.store.redis import RedisStore
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import PERSON, hotline
from tests.support.redis_dump import dump, keys

CONTACT = f"telegram:{PERSON}"


async def _everywhere(store: RedisStore) -> None:
    """The person in every record that can name them."""
    await store.subscribe(CONTACT, "tg")
    await store.mark_sent("tips-2026-12", CONTACT)
    await store.mark_sent("tips-2026-11", CONTACT)
    await DeferredReplies(store, max_age_seconds=60).defer(Contact("telegram", str(PERSON)), ["x"])


async def test_forget_leaves_no_key_or_record_naming_the_person(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    redis_client: Redis,
    key_prefix: str,
) -> None:
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.deliver()
        await _everywhere(redis_store)
        member = redis_store.codec.contact_id(CONTACT).encode()
        raw = await dump(redis_client, key_prefix)
        assert raw.count(member) >= 6  # session, index, subscribers, two sent sets, queue

        await line.write(PERSON, "/forget")
        await line.press(PERSON, "privacy.forget_case|keep")
        raw = await dump(redis_client, key_prefix)
        assert member not in raw and str(PERSON).encode() not in raw
        assert [k for k in await keys(redis_client, key_prefix) if member.decode() in k] == []
        assert not await redis_store.was_sent("tips-2026-12", CONTACT)
        assert await redis_store.subscribers() == []


async def test_the_code_word_drops_the_address_and_the_link_from_the_case(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    redis_client: Redis,
    key_prefix: str,
) -> None:
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.claimed_case(code="Анор")
        before = await line.only_case()
        assert before.contact == CONTACT and before.contact_ref
        member = redis_store.codec.contact_id(CONTACT).encode()
        assert member in await dump(redis_client, cases_base(key_prefix))  # linked now
        await line.write(PERSON, "анор")
        await line.deliver()
        # The case side of Redis (records, indexes, outbox, audit) holds no link to them;
        # only their own session, under their own keyed id, remains theirs.
        cases = await dump(redis_client, cases_base(key_prefix))
        assert member not in cases and str(PERSON).encode() not in cases
        case = await line.only_case()
        assert case.contact is None and case.contact_ref == "" and case.code_hash == ""
        assert case.contact_ended == "code"
        assert await line.cases.open_case_of(CONTACT) is None
        session = await redis_store.load(CONTACT)
        assert session is not None and "case" not in session.vars
        # Writing again reaches no caseworker: the case no longer knows them.
        await line.write(PERSON, "салом")
        await line.deliver()
        assert (await line.only_case()).thread == case.thread


async def test_erase_now_in_privacy_with_an_open_case_asks_about_the_report_first(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    redis_client: Redis,
    key_prefix: str,
) -> None:
    """Privacy's "Erase now" is /forget: the open case's question, then nothing left."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.report_locked_in()
        await line.deliver()
        member = redis_store.codec.contact_id(CONTACT).encode()
        await line.write(PERSON, "/start privacy")
        await line.press(PERSON, "privacy.about|erase")
        await line.press(PERSON, "privacy.erase_confirm|yes")
        assert line.person_texts()[-1].startswith("Safar ин сӯҳбатро нест мекунад.")
        await line.press(PERSON, "privacy.forget_case|keep")
        raw = await dump(redis_client, key_prefix)
        assert member not in raw and str(PERSON).encode() not in raw
        case = await line.only_case()
        assert case.contact is None and case.contact_ended == "forget"
