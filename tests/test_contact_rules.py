"""Safe contact without exceptions (#14, item 1), table-driven on a fixed clock, and
every combination of consent, window, phone, having just written and zone against the
rules written out on their own.

Each row: who reports, from where, on which phone, the hours chosen, whether the person
has just written, and the moment; the expected outcome is written out by hand from the
rules in README "Safe contact", not computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from bot.cases.contact_rules import (
    ENDED,
    NO_CONSENT,
    OUTSIDE_HOURS,
    OUTSIDE_REPLY_WINDOW,
    SHARED_PHONE,
    hold_reason,
)
from bot.cases.model import Case, CaseStatus
from bot.cases.zones import person_zone, zone_of_city

REPLY_WINDOW = 30 * 60
DESK_ZONE = "Asia/Dushanbe"
# 2026-12-02 03:30 UTC: 06:30 in Moscow, 08:30 in Dushanbe, 10:30 in Novosibirsk,
# 14:30 in Magadan.
EARLY = dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.UTC).timestamp()
# 2026-12-02 15:30 UTC: 18:30 in Moscow, 20:30 in Dushanbe, 22:30 in Novosibirsk.
LATE = dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.UTC).timestamp()
# 05:30 UTC: 07:30 in Warsaw in July (summer time), 06:30 in December.
WARSAW_JULY = dt.datetime(2026, 7, 8, 5, 30, tzinfo=dt.UTC).timestamp()
WARSAW_DECEMBER = dt.datetime(2026, 12, 2, 5, 30, tzinfo=dt.UTC).timestamp()


def _case(**fields: object) -> Case:
    base = Case(
        id="C-1001",
        priority="P2",
        status=CaseStatus.CLAIMED,
        language="ru",
        channel="telegram",
        created_at=EARLY - 86400,
        consent="contact",
        contact="telegram:7100000001",
        who="self",
        country="RU",
        phone="own",
        window="any",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "now", "wrote_minutes_ago", "expected"),
    [
        # consent and "any time"
        ({"consent": "anonymous"}, EARLY, 1, NO_CONSENT),
        ({}, EARLY, 600, None),
        # a phone others may read: only right after they wrote, whatever they chose
        ({"phone": "shared"}, EARLY, 600, SHARED_PHONE),
        ({"phone": "shared"}, EARLY, 5, None),
        ({"phone": "shared", "window": "morning", "city": "Новосибирск"}, EARLY, 600, SHARED_PHONE),
        ({"phone": "shared", "window": "evening", "city": "Москва"}, LATE, 600, SHARED_PHONE),
        ({"phone": "shared", "window": "evening", "city": "Москва"}, LATE, 5, None),  # 18:30
        ({"phone": "shared", "window": "morning", "city": "Москва"}, EARLY, 5, OUTSIDE_HOURS),
        ({"phone": "shared", "window": "reply"}, EARLY, 600, SHARED_PHONE),
        ({"phone": "shared", "window": "reply"}, EARLY, 5, None),
        # contact ended: nothing, whatever else holds
        ({"contact_ended": "stop"}, EARLY, 1, ENDED["stop"]),
        ({"contact_ended": "code", "phone": "shared"}, EARLY, 1, ENDED["code"]),
        ({"contact_ended": "forget", "contact": None}, EARLY, 1, ENDED["forget"]),
        ({"contact_ended": "unreachable"}, EARLY, 1, ENDED["unreachable"]),
        ({"contact": None}, EARLY, 1, ENDED["forget"]),
        ({"consent": "anonymous", "contact_ended": "stop"}, EARLY, 1, NO_CONSENT),
        # "only right after I write"
        ({"window": "reply"}, EARLY, 600, OUTSIDE_REPLY_WINDOW),
        ({"window": "reply"}, EARLY, 5, None),
        # mornings (07-12) in the person's own zone, even right after they wrote
        ({"window": "morning", "city": "Москва"}, EARLY, 5, OUTSIDE_HOURS),  # 06:30
        ({"window": "morning", "city": "Новосибирск"}, EARLY, 600, None),  # 10:30
        ({"window": "morning", "city": "Magadan"}, EARLY, 600, OUTSIDE_HOURS),  # 14:30
        ({"window": "morning", "city": "Подольск, мой номер 8916"}, EARLY, 600, OUTSIDE_HOURS),
        ({"window": "morning", "city": "", "country": "RU"}, EARLY, 600, OUTSIDE_HOURS),  # Moscow
        # evenings (18-22)
        ({"window": "evening", "city": "Москва"}, LATE, 600, None),  # 18:30
        ({"window": "evening", "city": "Новосибирск"}, LATE, 600, OUTSIDE_HOURS),  # 22:30
        # a mother in Tajikistan about her son in Russia: her clock, not Moscow's
        (
            {
                "who": "relative",
                "window": "morning",
                "city": "Москва",
                "channel": "sms",
                "contact": "sms:+992931110077",
            },
            EARLY,
            600,
            None,  # 08:30 in Dushanbe, though 06:30 in Moscow
        ),
        (
            {"who": "relative", "window": "evening", "city": "Москва"},
            LATE,
            600,
            None,  # Telegram gives no place: the desk's zone, 20:30 in Dushanbe
        ),
        # the person's own clock, when they were asked, outweighs every guess
        (
            {"who": "relative", "window": "morning", "city": "Москва", "zone": "Etc/GMT-10"},
            EARLY,
            600,
            OUTSIDE_HOURS,  # 13:30 on their clock, though 08:30 at the desk
        ),
        (
            {"window": "morning", "city": "Москва", "zone": "Etc/GMT-5"},
            EARLY,
            600,
            None,  # they said their clock reads Dushanbe time: 08:30
        ),
        # summer time follows the person's zone
        ({"window": "morning", "country": "", "zone": "Europe/Warsaw"}, WARSAW_JULY, 600, None),
        (
            {"window": "morning", "country": "", "zone": "Europe/Warsaw"},
            WARSAW_DECEMBER,
            600,
            OUTSIDE_HOURS,  # 06:30
        ),
    ],
)
def test_hold_reason(
    fields: dict[str, object], now: float, wrote_minutes_ago: int, expected: str | None
) -> None:
    case = _case(last_inbound_at=now - wrote_minutes_ago * 60, **fields)
    assert hold_reason(case, now, reply_window_seconds=REPLY_WINDOW, zone=DESK_ZONE) == expected


@pytest.mark.parametrize(
    ("city", "zone"),
    [
        ("Новосибирск", "Asia/Novosibirsk"),
        ("novosibirsk", "Asia/Novosibirsk"),
        ("г. Екатеринбург", "Asia/Yekaterinburg"),
        ("Новый Уренгой, вахта", "Asia/Yekaterinburg"),
        ("Маскав", "Europe/Moscow"),
        ("Алматы", "Asia/Almaty"),
        ("Актобе", "Asia/Aqtobe"),
        ("Нукус", None),
        ("Анадырь", "Asia/Anadyr"),
        ("Нерюнгри", "Asia/Yakutsk"),
        ("Кызыл", "Asia/Krasnoyarsk"),
        ("Екб", "Asia/Yekaterinburg"),
    ],
)
def test_cities_to_zones(city: str, zone: str | None) -> None:
    assert zone_of_city(city) == zone


def test_a_kazakh_number_is_on_kazakh_time() -> None:
    case = _case(who="relative", channel="sms", contact="sms:+77011234567", country="RU")
    assert person_zone(case, DESK_ZONE) == "Asia/Almaty"


# Every combination of consent, window, phone and having just written, at a time inside
# and outside each window, in three zones: the rules as README "Safe contact" states
# them, written out here on their own, against the code.
_ZONES = {"Москва": "Europe/Moscow", "Новосибирск": "Asia/Novosibirsk", "Алматы": "Asia/Almaty"}
_MOMENTS = [EARLY, LATE, dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC).timestamp()]


def _allowed(consent: str, window: str, phone: str, just_wrote: bool, local_hour: int) -> bool:
    if consent != "contact":
        return False
    if phone == "shared" and not just_wrote:
        return False
    if window == "reply":
        return just_wrote
    if window == "morning":
        return 7 <= local_hour < 12
    if window == "evening":
        return 18 <= local_hour < 22
    return True  # any time


@pytest.mark.parametrize("consent", ["contact", "anonymous"])
@pytest.mark.parametrize("window", ["any", "reply", "morning", "evening"])
@pytest.mark.parametrize("phone", ["own", "shared"])
@pytest.mark.parametrize("just_wrote", [True, False])
@pytest.mark.parametrize("city", list(_ZONES))
def test_every_combination_follows_the_rules(
    consent: str, window: str, phone: str, just_wrote: bool, city: str
) -> None:
    for now in _MOMENTS:
        case = _case(
            consent=consent,
            window=window,
            phone=phone,
            city=city,
            country="KZ" if city == "Алматы" else "RU",
            last_inbound_at=now - (5 if just_wrote else 600) * 60,
        )
        local = dt.datetime.fromtimestamp(now, ZoneInfo(_ZONES[city])).hour
        held = hold_reason(case, now, reply_window_seconds=REPLY_WINDOW, zone=DESK_ZONE)
        assert (held is None) == _allowed(consent, window, phone, just_wrote, local), (
            consent,
            window,
            phone,
            just_wrote,
            city,
            local,
            held,
        )
