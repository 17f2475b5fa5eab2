"""Logs: nothing secret or personal is written, storage failures are logged, JSON lines.

The end-to-end tests run whole reports through the real server (the ASGI app,
python-telegram-bot's and Twilio's HTTP stacks against the stand-ins on 127.0.0.1,
Redis) with every log record captured at DEBUG, once with the library loggers at their
shipped floors and once with every logger opened to DEBUG, so that the redaction alone
is shown to hold.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from redis.asyncio import Redis

from bot.config.errors import ConfigError
from bot.config.settings import ROOT, LogSettings, load_settings
from bot.logs import (
    LIBRARY_LEVELS,
    Redactor,
    configure_logging,
    configured_secrets,
    reset_logging,
)
from bot.store.codec import SessionCodec
from bot.store.redis import RedisStore
from tests.conftest import TEST_KEYS
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio, signed
from tests.support.fake_twilio import SMS_NUMBER as TWILIO_NUMBER
from tests.support.hotline import (
    CASEWORKER,
    PERSON,
    PHONE_IN_TEXT,
    PUBLIC,
    WORDS,
    hotline,
    unreachable_case_store,
)

SECRETS = configured_secrets(
    {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    }
)
SMS_NUMBER = "+79161234567"
EMAIL = "dilnoza.rahimova@mail.tj"
# What the people in these tests type, besides button presses and menu numbers.
TELEGRAM_TYPED = (WORDS, "Москва", f"Дар анбори назди бозор, почтаам {EMAIL}")
SMS_TYPED = ("помогите", "Не платят три месяца, паспорт забрал бригадир", "Казань", "Да, у него")


# --- the redactor, table-driven ----------------------------------------------------------

REDACTIONS = [
    # The Bot API URL httpx logs at INFO, with the configured token and with any token.
    (
        'HTTP Request: POST http://127.0.0.1:5/bot123456:TEST-token-not-real/sendMessage "200"',
        'HTTP Request: POST http://127.0.0.1:5/bot<secret>/sendMessage "200"',
    ),
    (
        "GET https://api.telegram.org/bot987654321:AAF-other_Token/getMe",
        "GET https://api.telegram.org/bot<token>/getMe",
    ),
    ("the token 123456:TEST-token-not-real alone", "the token <secret> alone"),
    ("bare 1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1 x", "bare <token> x"),
    # Twilio: the account SID in URLs, any SID, the auth token, Basic credentials.
    (
        f"POST https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
        "POST https://api.twilio.com/2010-04-01/Accounts/<secret>/Messages.json",
    ),
    ("message SM0123456789abcdef0123456789abcdef queued", "message SM<sid> queued"),
    (f"auth {AUTH_TOKEN} used", "auth <secret> used"),
    ("Authorization: Basic QUMwMDA6dG9rZW4=", "Authorization: Basic <secret>"),
    ("{'Authorization': 'Bearer abc.def-ghi'}", "{'Authorization': 'Bearer <secret>'}"),
    # Phone numbers: E.164 with and without separators, URL-encoded, 00, local forms.
    ("from +992 93 123 4567.", "from <phone>."),
    ("from +79161234567,", "from <phone>,"),
    ("call +7 (916) 123-45-67 now", "call <phone> now"),
    ("From=%2B79161234567&To=x", "From=<text>&To=<text>"),
    ("number %2B79161234567", "number <phone>"),
    ("dial 00992931234567", "dial <phone>"),
    ("dial 8 (916) 123-45-67", "dial <phone>"),
    ("dial 93 123 4567", "dial <phone>"),
    ("dial 916-123-45-67", "dial <phone>"),
    ("digits 79123456789 and 931234567", "digits <number> and <number>"),
    # Chat and user ids, by their key however short, and long ones anywhere.
    ("sendMessage chat_id=501", "sendMessage chat_id=<id>"),
    ("{'chat_id': -1001234567, 'x': 1}", "{'chat_id': <id>, 'x': 1}"),
    ('{"user_id": "77"}', '{"user_id": "<id>"}'),
    ('{"chat": {"id": 501, "type": "private"}}', '{"chat": {"id": <id>, "type": "private"}}'),
    (
        '{"from": {"id": 501, "is_bot": false, "first_name": "Dilnoza"}}',
        '{"from": {"id": <id>, "is_bot": false, "first_name": "<text>"}}',
    ),
    (
        "Chat(first_name='Ali', id=501, type=<ChatType.PRIVATE>)",
        "Chat(first_name='<text>', id=501, type=<ChatType.PRIVATE>)",
    ),
    (
        "chat=Chat(first_name='Ali', id=501), from_user=User(id=502, is_bot=False)",
        "chat=Chat(first_name='<text>', id=<id>), from_user=User(id=<id>, is_bot=False)",
    ),
    ("update from 7100013371 ignored", "update from <number> ignored"),
    ("desk -1001234567890", "desk -<number>"),
    # Texts and names by their key, in JSON, Python reprs and forms, quotes escaped.
    ("{'text': 'Маро қуфл карданд', 'chat_id': 7}", "{'text': '<text>', 'chat_id': <id>}"),
    ('{"text": "it\'s \\"me\\"", "n": 1}', '{"text": "<text>", "n": 1}'),
    ("Message(caption=\"don't\", text='x')", "Message(caption=\"<text>\", text='<text>')"),
    (
        "{'username': 'dilnoza_r', 'last_name': 'R'}",
        "{'username': '<text>', 'last_name': '<text>'}",
    ),
    ("Body=Hello+there&From=%2B7916", "Body=<text>&From=<text>"),
    # E-mails.
    (f"write to {EMAIL}!", "write to <email>!"),
    ("x ali.valiev+tag@example.co.uk", "x <email>"),
    # What must stay readable: times, dates, hours, addresses, ports, case and stream ids.
    ("at 2026-11-24 11:00:00,123", "at 2026-11-24 11:00:00,123"),
    (
        "hours 09:00-18:00 on 127.0.0.1:6379, port 8080",
        "hours 09:00-18:00 on 127.0.0.1:6379, port 8080",
    ),
    ("outbox entry 1764000000000-0 cannot be read", "outbox entry 1764000000000-0 cannot be read"),
    ("took 1764000000.123 s", "took 1764000000.123 s"),
    ("case C-1042 (P1) waits 6 min, update 50001", "case C-1042 (P1) waits 6 min, update 50001"),
    (
        "storage unavailable on POST /telegram/webhook: StoreError (ConnectionError)",
        "storage unavailable on POST /telegram/webhook: StoreError (ConnectionError)",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REDACTIONS)
def test_the_redactor_masks_secrets_and_personal_data(text: str, expected: str) -> None:
    redact = Redactor(SECRETS)
    assert redact(text) == expected
    assert redact(expected) == expected  # idempotent: redacting twice changes nothing


def test_short_configured_secrets_are_not_used() -> None:
    """A configured value of a few characters would mask ordinary words everywhere."""
    assert Redactor(["abc"])("abc abc") == "abc abc"


def test_configured_secrets_include_what_is_derived_from_them() -> None:
    """The webhook secret derived from the token and Twilio's Basic credentials count."""
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TWILIO_ACCOUNT_SID": ACCOUNT_SID}
    env |= {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "SAFAR_DATA_KEY": "k" * 43}
    found = configured_secrets(env)
    assert {TOKEN, ACCOUNT_SID, AUTH_TOKEN, "k" * 43} <= set(found)
    assert len(found) == 6
    assert configured_secrets({}) == []


# --- records, formats and settings -------------------------------------------------------


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """Everything the process logs at DEBUG, as ``serve`` writes it (text format)."""
    stream = io.StringIO()
    configure_logging(LogSettings(format="text", level="DEBUG"), SECRETS, stream)
    yield stream
    reset_logging()


def test_arguments_tracebacks_and_stacks_are_redacted(
    logs: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    """Arguments are rendered into the message before any handler sees the record."""
    log = logging.getLogger("safar.test")
    log.info("sent to %s in chat %d: %r", SMS_NUMBER, PERSON, {"text": "secret words"})
    try:
        raise RuntimeError(f"POST /bot{TOKEN}/sendMessage failed for {SMS_NUMBER}")
    except RuntimeError:
        log.exception("delivery failed")
    log.warning("where from", stack_info=True, extra={"unused": SMS_NUMBER})
    written = logs.getvalue()
    assert "sent to <phone> in chat <number>: {'text': '<text>'}" in written
    assert "RuntimeError: POST /bot<secret>/sendMessage failed for <phone>" in written
    assert "Stack (most recent call last)" in written
    for text in (written, caplog.text):  # pytest's own handler gets redacted records too
        assert SMS_NUMBER not in text and str(PERSON) not in text
        assert "secret words" not in text and TOKEN not in text
    record = caplog.records[0]
    assert record.args == () and "<phone>" in record.msg


def test_a_format_string_that_does_not_fit_its_arguments_is_still_logged(
    logs: io.StringIO,
) -> None:
    logging.getLogger("safar.test").warning("%s and %s", SMS_NUMBER)  # noqa: PLE1206
    assert "'%s and %s' (arguments that do not fit the format)" in logs.getvalue()
    assert SMS_NUMBER not in logs.getvalue()


def test_json_lines_when_asked() -> None:
    """log.format = "json": one object per line with time, level, logger, message."""
    stream = io.StringIO()
    configure_logging(LogSettings(format="json", level="INFO"), SECRETS, stream)
    try:
        log = logging.getLogger("safar.test")
        log.debug("not at INFO")
        log.warning("sms to %s", SMS_NUMBER)
        try:
            raise ValueError(EMAIL)
        except ValueError:
            log.exception("boom")
    finally:
        reset_logging()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["message"] for line in lines] == ["sms to <phone>", "boom"]
    first = lines[0]
    assert set(first) == {"time", "level", "logger", "message"}
    assert (first["level"], first["logger"]) == ("WARNING", "safar.test")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", first["time"])
    assert lines[1]["exception"].endswith("ValueError: <email>")


def test_library_loggers_are_capped_and_reset_restores_everything() -> None:
    root = logging.getLogger()
    before = (root.level, len(root.handlers), logging.getLogRecordFactory())
    configure_logging(LogSettings(level="debug"), SECRETS, io.StringIO())
    configure_logging(LogSettings(level="DEBUG"), SECRETS, io.StringIO())  # replaces, no pile-up
    try:
        assert root.level == logging.DEBUG and len(root.handlers) == before[1] + 1
        assert logging.getLogger("httpx").level == logging.WARNING
        assert logging.getLogger("httpcore").level == logging.WARNING
        assert logging.getLogger("telegram").level == logging.INFO
    finally:
        reset_logging()
    assert (root.level, len(root.handlers), logging.getLogRecordFactory()) == before


def test_log_settings_from_file_and_environment() -> None:
    config = ROOT / "config.toml"
    assert load_settings(config, env={}).log == LogSettings(format="text", level="INFO")
    env = {"SAFAR_LOG_FORMAT": "json", "SAFAR_LOG_LEVEL": "warning"}
    assert load_settings(config, env=env).log == LogSettings(format="json", level="warning")
    with pytest.raises(ConfigError, match=r"log\.format: expected one of \['text', 'json'\]"):
        load_settings(config, env={"SAFAR_LOG_FORMAT": "xml"})
    with pytest.raises(ConfigError, match=r"log\.level: expected one of"):
        load_settings(config, env={"SAFAR_LOG_LEVEL": "loud"})


# --- whole conversations through the real server -----------------------------------------


@dataclass
class Leaks:
    """What must never be in the logs of these conversations."""

    typed: tuple[str, ...]

    def found_in(self, text: str) -> list[str]:
        forbidden = [
            TOKEN,
            TOKEN.split(":")[1],
            AUTH_TOKEN,
            ACCOUNT_SID,
            str(PERSON),
            PHONE_IN_TEXT,
            SMS_NUMBER,
            SMS_NUMBER[1:],
            EMAIL,
            *self.typed,
            # Every word of five letters or more the people typed, on its own.
            *(w for t in self.typed for w in re.findall(r"\w{5,}", t) if not w.isdigit()),
        ]
        return [item for item in forbidden if item in text]


async def _telegram_report_with_an_outage(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    key_prefix: str,
) -> None:
    """A Tajik report on Telegram whose "Send" meets a case store outage (503), is
    redelivered, claimed and answered; the person answers back."""
    down = unreachable_case_store(key_prefix)
    async with hotline(bot_api, twilio_api, redis_store) as line:
        service = line.server.state.cases
        assert service is not None
        healthy, service.store = service.store, down
        await line.write(PERSON, "/start")
        for data in ("main.menu|@report", "report.safe|yes", "report.phone|own"):
            await line.press(PERSON, data)
        for data in ("report.who|self", "report.what|locked", "report.what_more|documents"):
            await line.press(PERSON, data)
        for data in ("report.what_more|done", "report.when|now"):
            await line.press(PERSON, data)
        await line.write(PERSON, TELEGRAM_TYPED[0])
        await line.press(PERSON, "report.country|RU")
        await line.write(PERSON, TELEGRAM_TYPED[1])
        await line.press(PERSON, "report.consent|contact")
        await line.press(PERSON, "report.window|any")
        await line.write(PERSON, "0")
        await line.press(PERSON, "report.confirm|send")
        assert line.replies[-1].status_code == 503
        service.store = healthy
        send = line.replies[-1].request
        await line.client.post("/telegram/webhook", content=send.content, headers=send.headers)

        await line.deliver()
        case = await line.only_case()
        await line.desk_press(CASEWORKER, f"d|claim|{case.id}")
        await line.deliver()
        assert case.card_message_id is not None
        await line.desk_write(CASEWORKER, "Салом! Шумо ҳозир дар куҷоед?", case.card_message_id)
        await line.deliver()
        await line.write(PERSON, TELEGRAM_TYPED[2])
        await line.deliver()
        assert "Дар анбори назди бозор" in line.desk_messages()[-1]  # it did reach the desk


async def _sms_report(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    """A Russian report by SMS, answered through Twilio's REST API, and the reply."""
    async with hotline(bot_api, twilio_api, redis_store) as line:
        await line.sms(SMS_NUMBER, SMS_TYPED[0])
        await line.sms(SMS_NUMBER, "2")  # not in danger right now
        await line.sms(SMS_NUMBER, "7")  # a caseworker
        for answer in ("1", "1", "1", "2", "1", "1"):
            await line.sms(SMS_NUMBER, answer)
        await line.sms(SMS_NUMBER, SMS_TYPED[1])
        await line.sms(SMS_NUMBER, "2")  # Russia
        await line.sms(SMS_NUMBER, SMS_TYPED[2])
        for answer in ("1", "2", "0", "1"):  # may write, any time, no code word, send
            await line.sms(SMS_NUMBER, answer)
        await line.deliver()
        (case,) = [c for c in await line.cases.all_cases() if c.channel == "sms"]
        await line.desk_press(CASEWORKER, f"d|claim|{case.id}")
        await line.deliver()
        claimed = await line.cases.get(case.id)
        assert claimed is not None and claimed.card_message_id is not None
        await line.desk_write(CASEWORKER, "Паспорт сейчас у бригадира?", claimed.card_message_id)
        await line.deliver()
        assert line.twilio.created[-1]["To"] == SMS_NUMBER  # sent through the REST API
        await line.sms(SMS_NUMBER, SMS_TYPED[3])
        await line.deliver()


@pytest.mark.parametrize("libraries", ["shipped floors", "all at DEBUG"])
async def test_whole_reports_leave_no_secret_or_personal_data_in_the_logs(
    *,
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    redis_store: RedisStore,
    key_prefix: str,
    logs: io.StringIO,
    caplog: pytest.LogCaptureFixture,
    libraries: str,
) -> None:
    """Telegram and SMS reports, an outage, a caseworker's answers: the logs hold no
    token, Twilio credential, chat id, phone number, e-mail or word the people typed."""
    if libraries == "all at DEBUG":
        for name in LIBRARY_LEVELS:
            logging.getLogger(name).setLevel(logging.DEBUG)
    await _telegram_report_with_an_outage(bot_api, twilio_api, redis_store, key_prefix)
    await _sms_report(bot_api, twilio_api, redis_store)

    written = logs.getvalue()
    leaks = Leaks(TELEGRAM_TYPED + SMS_TYPED)
    assert leaks.found_in(written) == []
    assert leaks.found_in(caplog.text) == []
    # The outage is logged, with the route and the error's class.
    outage = [r for r in caplog.records if "storage unavailable" in r.getMessage()]
    assert [(r.levelno, r.getMessage()) for r in outage] == [
        (
            logging.WARNING,
            "storage unavailable on POST /telegram/webhook: StoreError (ConnectionError); "
            "answered 503 for redelivery",
        )
    ]
    if libraries == "shipped floors":
        assert "HTTP Request:" not in written  # httpx's request lines are below its floor
        assert "Calling Bot API endpoint" not in written  # so is PTB's DEBUG
    else:
        # The records that used to carry the token, ids and texts are there, masked.
        assert "HTTP Request: POST http://127.0.0.1:" in written
        assert "/bot<secret>/sendMessage" in written
        assert "/Accounts/<secret>/Messages.json" in written
        assert "Calling Bot API endpoint `sendMessage` with parameters `{'chat_id': <id>" in written
        assert "'text': '<text>'" in written


async def test_a_storage_failure_on_sms_is_logged_without_the_number(
    bot_api: tuple[FakeTelegram, str],
    twilio_api: tuple[FakeTwilio, str],
    logs: io.StringIO,
) -> None:
    """Redis down under an inbound SMS: 503, and one warning naming the route."""
    down = RedisStore(
        Redis.from_url("redis://127.0.0.1:9/0"),
        SessionCodec(TEST_KEYS),
        prefix="x",
        retention_seconds=60,
        dedupe_seconds=60,
        lock_timeout=0.2,
    )
    fields = {"From": SMS_NUMBER, "To": TWILIO_NUMBER, "Body": SMS_TYPED[0], "NumMedia": "0"}
    fields["MessageSid"] = "SM" + "1" * 32
    content, headers = signed(f"{PUBLIC}/sms/twilio/inbound", fields)
    async with hotline(bot_api, twilio_api, down) as line:
        response = await line.client.post("/sms/twilio/inbound", content=content, headers=headers)
    assert response.status_code == 503
    warnings = [x for x in logs.getvalue().splitlines() if "storage unavailable" in x]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        "WARNING bot.server.twilio_routes: storage unavailable on POST /sms/twilio/inbound: "
        "StoreError (ConnectionError); answered 503 for redelivery"
    )
    assert Leaks(SMS_TYPED[:1]).found_in(logs.getvalue()) == []
