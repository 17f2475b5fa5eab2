"""The first reply always says how Safar keeps the chat, whatever the first message
(#14, item 6), end to end: the real server, real Redis, the Bot API and Twilio
stand-ins. The engine's own test covers the rule; this one covers what reaches a
phone, once: a second message gets no notice again."""

from __future__ import annotations

import pytest

from bot.store.redis import RedisStore
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import hotline

TELEGRAM_NOTICE = "Сӯҳбат махфӣ аст"  # the Tajik notice's opening words
SMS_NOTICES = ("Safar не хранит имя и номер.", "Safar ному рақамро нигоҳ намедорад.")


@pytest.mark.parametrize(
    ("n", "first"),
    [
        (1, "ёрӣ"),  # an emergency word
        (2, "/start report"),  # a deep link into the report
        (3, "Маро дар хона қулф карданд"),  # danger in the person's own words
        (4, "Кор дар Дубай, пешпардохт 500 доллар, раводиди сайёҳӣ"),  # a pasted offer
        (5, "салом"),  # the welcome, which says it itself
    ],
)
async def test_every_first_telegram_reply_carries_the_notice_once(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    n: int,
    first: str,
) -> None:
    chat = 7100066600 + n
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.write(chat, first)
        replies = [m["text"] for m in line.telegram.sent(chat)]
        assert replies and any(TELEGRAM_NOTICE in t or "/forget" in t for t in replies), replies
        await line.write(chat, "меню")
        later = [m["text"] for m in line.telegram.sent(chat)][len(replies) :]
        assert later and not any(TELEGRAM_NOTICE in t for t in later)


@pytest.mark.parametrize(
    ("number", "first"), [("+79161110701", "помогите"), ("+992931110702", "ёрдам")]
)
async def test_the_first_sms_reply_carries_the_short_notice(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    number: str,
    first: str,
) -> None:
    async with hotline(bot_api, twilio_api, redis_store) as line:
        replies = await line.sms(number, first)
    assert any(notice in t for t in replies for notice in SMS_NOTICES), replies
