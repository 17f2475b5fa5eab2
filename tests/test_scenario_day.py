"""A whole day of the hotline, end to end: no message reaches a person that their own
choices did not allow, in their own time (#14, "an end-to-end day ... in which the
number of messages a person receives that were not allowed is 0").

Eleven people report on Telegram and SMS with every consent, phone and window choice,
from Moscow, Novosibirsk and Almaty; one sends STOP, one their code word, one
/forget. Caseworkers write to every case every two hours for a day while the timers
and the outbox run every half hour. Every message a person receives is then judged
against the rules as the README states them, computed here from the test's own table
of where each person is (not from the bot's zone code): consent, contact not ended,
a phone others may read only right after they write, mornings 07-12 and evenings
18-22 in the person's own zone, "only right after I write" within 30 minutes.
Every caseworker message that was allowed at some moment reaches the person exactly
once by the end of the day, and a person given held messages when they write answers
them: the answer reaches the case thread, however long the pause before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.store.redis import RedisStore
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_twilio import FakeTwilio
from tests.support.hotline import CASEWORKER, Clock, Hotline, hotline

REPLY_WINDOW = 30 * 60
HOURS = {"morning": (7, 12), "evening": (18, 22)}
SMS_COUNTRY = {"TJ": "1", "RU": "2", "KZ": "3"}
SMS_WINDOW = {"reply": "1", "any": "2", "morning": "3", "evening": "4"}
TOKEN = re.compile(r"#(\d+)")


@dataclass
class Person:
    name: str
    address: int | str  # a Telegram chat id or a phone number
    zone: str  # where they are: the test's own truth
    who: str = "self"
    country: str = "RU"
    city: str = "Москва"
    consent: str = "contact"
    window: str = "any"
    phone: str = "own"
    code: str = "0"
    clock: str = ""  # "asked": they answer "What time is it where you are now?"
    ended_at: float | None = None  # STOP, code word or /forget
    wrote_at: list[float] = field(default_factory=list)
    card: int = 0
    received: list[tuple[float, str]] = field(default_factory=list)

    @property
    def sms(self) -> bool:
        return isinstance(self.address, str)

    def allowed(self, at: float) -> bool:
        """The README's safe-contact rules, for a caseworker's message at ``at``."""
        if self.consent != "contact" or (self.ended_at is not None and at >= self.ended_at):
            return False
        just_wrote = any(0 <= at - t <= REPLY_WINDOW for t in self.wrote_at)
        if self.phone == "shared" and not just_wrote:
            return False
        if self.window == "reply":
            return just_wrote
        if self.window in HOURS:
            start, end = HOURS[self.window]
            return start <= dt.datetime.fromtimestamp(at, ZoneInfo(self.zone)).hour < end
        return True


def people() -> list[Person]:
    return [
        Person("moscow-mornings", 7001, "Europe/Moscow", window="morning"),
        Person(
            "novosibirsk-evenings", 7002, "Asia/Novosibirsk", city="Новосибирск", window="evening"
        ),
        # A brother in Novosibirsk about his sister in Moscow: his own clock decides.
        Person(
            "brother-in-novosibirsk",
            7003,
            "Asia/Novosibirsk",
            who="relative",
            window="morning",
            clock="asked",
        ),
        Person("shared-phone", 7004, "Europe/Moscow", phone="shared"),
        Person("stops", 7005, "Europe/Moscow"),
        Person("code-word", 7006, "Europe/Moscow", code="Анор"),
        Person("forgets", 7007, "Europe/Moscow"),
        Person("anonymous", 7008, "Europe/Moscow", consent="anonymous"),
        Person("only-after-writing", 7009, "Europe/Moscow", window="reply"),
        Person(
            "sms-almaty-evenings",
            "+77011234501",
            "Asia/Almaty",
            country="KZ",
            city="Алматы",
            window="evening",
        ),
        Person("sms-kazan-any", "+79161234502", "Europe/Moscow", city="Казань"),
    ]


async def report(line: Hotline, person: Person) -> None:
    """The person's whole report, with their choices; a case exists after it."""
    person.wrote_at.append(line.clock.now)
    if person.sms:
        await report_by_sms(line, person)
        return
    chat = person.address
    assert isinstance(chat, int)
    await line.write(chat, "/start")
    for data in (
        "main.menu|@report",
        "report.safe|yes",
        f"report.phone|{person.phone}",
        f"report.who|{person.who}",
        "report.what|unpaid",
        "report.what_more|done",
        "report.when|now",
    ):
        await line.press(chat, data)
    await line.write(chat, "Се моҳ музд намедиҳанд, шиносномаро гирифтанд")
    await line.press(chat, f"report.country|{person.country}")
    await line.write(chat, person.city)
    await line.press(chat, f"report.consent|{person.consent}")
    if person.consent == "contact":
        await line.press(chat, f"report.window|{person.window}")
        if person.clock:
            local = dt.datetime.fromtimestamp(line.clock.now, ZoneInfo(person.zone))
            await line.write(chat, local.strftime("%H:%M"))
        await line.write(chat, person.code)
    await line.press(chat, "report.confirm|send")


async def report_by_sms(line: Hotline, person: Person) -> None:
    number = person.address
    assert isinstance(number, str)
    # help; not in danger now; a caseworker; safe, own phone, me, not paid, all, now
    for body in ("помогите", "нет", "7", "1", "1", "1", "2", "1", "1"):
        await line.sms(number, body)
    await line.sms(number, "Три месяца не платят, паспорт у бригадира")
    await line.sms(number, SMS_COUNTRY[person.country])
    await line.sms(number, person.city)
    await line.sms(number, "1" if person.consent == "contact" else "2")
    if person.consent == "contact":
        await line.sms(number, SMS_WINDOW[person.window])
        await line.sms(number, person.code)
    await line.sms(number, "1")


def caseworker_tokens(texts: list[str]) -> list[int]:
    return [int(m) for text in texts for m in TOKEN.findall(text)]


class Day:
    """Runs the day and attributes each message a person gets to the moment it came."""

    def __init__(self, line: Hotline, everyone: list[Person]) -> None:
        self.line = line
        self.people = everyone
        self.seen = {p.name: 0 for p in everyone}
        self.written: dict[int, tuple[Person, float]] = {}  # token -> to whom, when

    def texts(self, person: Person) -> list[str]:
        if person.sms:
            return [m["Body"] for m in self.line.twilio.created if m["To"] == person.address]
        assert isinstance(person.address, int)
        return [m["text"] for m in self.line.telegram.sent(person.address)]

    def collect(self) -> None:
        """Everything sent since the last look, as received now."""
        for person in self.people:
            texts = self.texts(person)
            for text in texts[self.seen[person.name] :]:
                person.received.append((self.line.clock.now, text))
            self.seen[person.name] = len(texts)

    async def background(self) -> None:
        await self.line.tick()
        await self.line.deliver()
        self.collect()

    async def _say(self, person: Person, text: str) -> None:
        if person.sms:
            assert isinstance(person.address, str)
            replies = await self.line.sms(person.address, text)  # answered in TwiML
            person.received.extend((self.line.clock.now, r) for r in replies)
        else:
            assert isinstance(person.address, int)
            await self.line.write(person.address, text)

    async def person_writes(self, person: Person, text: str) -> None:
        self.collect()
        person.wrote_at.append(self.line.clock.now)
        before = len(person.received)
        await self._say(person, text)
        if text == "/forget" and isinstance(person.address, int):
            await self.line.press(person.address, "privacy.forget_case|keep")
        if text.casefold() in ("stop", "анор", "/forget"):
            person.ended_at = self.line.clock.now
        self.collect()
        if caseworker_tokens([t for _, t in person.received[before:]]):
            await self.answer_caseworker(person)

    async def answer_caseworker(self, person: Person) -> None:
        """Given held messages, the person answers them: the answer reaches the thread."""
        answer = f"Хуб ҳастам, раҳмат {person.name}"
        await self._say(person, answer)
        await self.line.deliver()
        assert self.line.desk_messages()[-1].endswith(f"человек пишет: {answer}")
        self.collect()
        await self.line.deliver()
        self.collect()

    async def caseworker_writes(self, person: Person) -> None:
        token = len(self.written) + 1
        self.written[token] = (person, self.line.clock.now)
        await self.line.desk_write(CASEWORKER, f"Шумо чӣ хелед? #{token}", person.card)
        await self.line.deliver()
        self.collect()


# Minutes into the day -> who writes what. Outside her mornings the Moscow person
# writes: the hours still hold right after she wrote.
EVENTS = {
    3 * 60: ("stops", "STOP"),
    4 * 60: ("code-word", "анор"),
    5 * 60: ("shared-phone", "салом"),
    6 * 60: ("forgets", "/forget"),
    9 * 60: ("moscow-mornings", "салом"),
    10 * 60: ("only-after-writing", "салом"),
    13 * 60: ("sms-almaty-evenings", "привет"),
}


async def claim_every_case(line: Hotline, everyone: list[Person]) -> None:
    """Each report is a case; CASEWORKER claims them all; each person gets their card."""
    await line.deliver()
    assert len(await line.cases.all_cases()) == len(everyone)
    for case in await line.cases.all_cases():
        await line.desk_press(CASEWORKER, f"d|claim|{case.id}")
    await line.deliver()
    for case in await line.cases.all_cases():
        assert case.card_message_id is not None
        # An anonymous report keeps no address at all.
        address = case.contact.partition(":")[2] if case.contact else ""
        owner = next(
            p
            for p in everyone
            if str(p.address) == address or (not address and p.consent == "anonymous")
        )
        owner.card = case.card_message_id


async def run_day(day: Day) -> None:
    line, everyone = day.line, day.people
    by_name = {p.name: p for p in everyone}
    for minute in range(0, 26 * 60, 30):
        if minute in EVENTS:
            name, text = EVENTS[minute]
            await day.person_writes(by_name[name], text)
        if minute % 120 == 0 and minute < 24 * 60:
            for person in everyone:
                await day.caseworker_writes(person)
        await day.background()
        line.clock.advance(30)


async def test_a_day_of_the_hotline_sends_nothing_that_was_not_allowed(
    bot_api: tuple[FakeTelegram, str], twilio_api: tuple[FakeTwilio, str], redis_store: RedisStore
) -> None:
    clock = Clock()  # Tuesday 06:00 UTC: 09:00 in Moscow, 13:00 in Novosibirsk
    everyone = people()
    async with hotline(bot_api, twilio_api, redis_store, clock) as line:
        for person in everyone:
            await report(line, person)
            clock.advance(2)
        await claim_every_case(line, everyone)
        day = Day(line, everyone)
        day.collect()
        for person in everyone:  # the report's own replies are not the subject here
            person.received.clear()
        await run_day(day)

    unallowed = [
        (p.name, _local(p, at), text)
        for p in everyone
        for at, text in p.received
        if caseworker_tokens([text]) and not p.allowed(at)
    ]
    assert unallowed == []
    # Nothing else reached anyone unasked: all the bot sent outside a person's own
    # messages was a caseworker's words.
    pushed = [
        (p.name, text)
        for p in everyone
        for at, text in p.received
        if not caseworker_tokens([text]) and not any(0 <= at - t <= 1 for t in p.wrote_at)
    ]
    assert pushed == []
    for person in everyone:
        assert_each_allowed_message_came_once(day, person, clock.now)
        assert_rules_were_exercised(day, person)


def assert_each_allowed_message_came_once(day: Day, person: Person, end: float) -> None:
    """At most once each, and each one allowed at some moment after it was written."""
    got = caseworker_tokens([text for _, text in person.received])
    assert len(got) == len(set(got)), person.name
    mine = {t: at for t, (p, at) in day.written.items() if p is person}
    could = {t for t, at in mine.items() if any(person.allowed(m) for m in _moments(at, end))}
    assert set(got) <= set(mine), person.name
    assert could <= set(got), (person.name, sorted(could - set(got)))


def assert_rules_were_exercised(day: Day, person: Person) -> None:
    """The day tested something for everyone: some messages held, some sent at once."""
    late = [
        at - day.written[token][1]
        for at, text in person.received
        for token in caseworker_tokens([text])
    ]
    held, direct = sum(d > 0 for d in late), sum(d == 0 for d in late)
    if person.consent != "contact":
        assert late == [], person.name
    elif person.window in HOURS or person.phone == "shared":
        assert held and direct, (person.name, held, direct)
    elif person.ended_at is None and person.window == "any":
        assert (held, direct) == (0, 12), person.name


def _local(person: Person, at: float) -> str:
    return dt.datetime.fromtimestamp(at, ZoneInfo(person.zone)).strftime("%H:%M")


def _moments(start: float, end: float) -> list[float]:
    return [start + step * 60 for step in range(0, int((end - start) // 60) + 1, 30)]
