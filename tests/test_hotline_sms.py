"""The hotline end to end for an SMS user in Russian: signed Twilio posts in, TwiML
replies, the caseworker's answer out through Twilio's REST API (a stand-in on
127.0.0.1), the person's answer back into the case thread."""

from __future__ import annotations

from bot.cases.model import CaseStatus
from bot.store.redis import RedisStore
from bot.text.sms import count_segments
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio, signed
from tests.support.hotline import CASEWORKER, PUBLIC, hotline

NUMBER = "+79161234567"


async def test_a_russian_sms_report_reaches_a_caseworker_and_back(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """HELP -> numbers -> caseworker -> questions by number -> case -> claim -> answer by
    SMS in Russian -> the person's reply in the thread."""
    fake_twilio = twilio_api[0]
    async with hotline(bot_api, twilio_api, redis_store) as line:
        numbers = await line.sms(NUMBER, "помогите")
        assert "112" in numbers[0]
        # One closed question, in one SMS segment.
        assert numbers[-1] == "Вы сейчас в опасности?\n1 Да\n2 Нет"
        assert count_segments(numbers[-1]).segments == 1
        numbers = await line.sms(NUMBER, "нет")  # "no" in words, not the number
        assert "7 Специалист" in numbers[-1]  # the directory offers a caseworker
        asked = await line.sms(NUMBER, "7")
        assert asked[-1].startswith("Связь со специалистом. Вам сейчас безопасно писать?")
        # safe, own phone, about me, not paid, that is all, happening now
        for answer in ("1", "1", "1", "2", "1", "1"):
            replies = await line.sms(NUMBER, answer)
        assert replies[-1].startswith("Что случилось, с какого времени?")
        await line.sms(NUMBER, "Не платят три месяца, паспорт забрал бригадир")
        await line.sms(NUMBER, "2")  # Russia
        await line.sms(NUMBER, "Казань")
        await line.sms(NUMBER, "1")  # a caseworker may write
        await line.sms(NUMBER, "2")  # any time
        await line.sms(NUMBER, "0")  # no code word
        sent = await line.sms(NUMBER, "1")  # send
        assert sent[0].startswith("Сохранено и передано специалистам.")  # the short SMS form
        assert "Специалист обычно отвечает в течение 60 мин." in sent[0]  # the P2 target
        for text in sent:
            assert count_segments(text).segments <= 2

        case = await line.only_case()
        assert (case.priority, case.language, case.channel) == ("P2", "ru", "sms")
        assert {"unpaid", "documents_taken"} <= set(case.indicators)
        await line.deliver()
        assert line.desk_messages()[0].startswith(f"Дело {case.id} · P2 · ru · SMS")

        await line.desk_press(CASEWORKER, f"d|claim|{case.id}")
        case = await line.only_case()
        assert case.status is CaseStatus.CLAIMED and case.card_message_id is not None
        await line.desk_write(
            CASEWORKER, "Здравствуйте. Паспорт сейчас у бригадира?", case.card_message_id
        )
        await line.deliver()
        assert [m["Body"] for m in fake_twilio.created] == [
            "Специалист: Здравствуйте. Паспорт сейчас у бригадира?"
        ]
        assert fake_twilio.created[0]["To"] == NUMBER
        # It fails rather than wait in Twilio's queue past the person's safe moment, and
        # if it does, the caseworker is told it never arrived.
        assert fake_twilio.created[0]["ValidityPeriod"] == "900"
        expired = {
            "MessageSid": fake_twilio.sids[0],
            "MessageStatus": "failed",
            "ErrorCode": "30036",
            "To": NUMBER,
        }
        content, headers = signed(f"{PUBLIC}/sms/twilio/status", expired)
        posted = await line.client.post("/sms/twilio/status", content=content, headers=headers)
        assert posted.status_code == 200
        await line.deliver()
        assert line.desk_messages()[-1] == (
            f"{case.id}: SMS человеку слишком долго ждало в очереди Twilio и не было "
            "доставлено. Напишите снова, если это ещё безопасно."
        )

        replies = await line.sms(NUMBER, "Да, у него")
        assert replies[0] == "Отправлено вашему специалисту."
        await line.deliver()
        assert line.desk_messages()[-1] == f"{case.id}: человек пишет: Да, у него"


async def test_a_redelivered_sms_opens_no_second_case(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """Twilio retries the "Send" SMS with the same MessageSid: one case, and the retry
    gets the receipt Twilio did not receive."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.sms(NUMBER, "помогите")
        await line.sms(NUMBER, "2")  # not in danger right now
        await line.sms(NUMBER, "7")
        for answer in ("1", "1", "1", "1", "1", "2", "0", "2", "0", "2"):
            await line.sms(NUMBER, answer)  # ... anonymous: no answer wanted
        receipt = await line.sms(NUMBER, "1", sid="SM-send-once")
        again = await line.sms(NUMBER, "1", sid="SM-send-once")
        assert receipt and again == receipt
        case = await line.only_case()
        assert case.consent == "anonymous" and case.contact is None
