"""The person's clock as their time zone (#14, item 1: "asked once when unknown")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.cases.clock import known_zone, local_minutes, zone_from_clock

# 09:10 UTC: 14:10 in Dushanbe, 12:10 in Moscow, 15:40 in Yangon, 18:10 in Seoul.
NOW = dt.datetime(2026, 12, 1, 9, 10, tzinfo=dt.UTC).timestamp()


@pytest.mark.parametrize(
    ("said", "minutes"),
    [
        ("14:10", 14 * 60 + 10),
        ("14.10", 14 * 60 + 10),
        ("soat 14:05", 14 * 60 + 5),
        ("2 pm", 14 * 60),
        ("2:10 p.m.", 14 * 60 + 10),
        ("9 вечера", 21 * 60),
        ("соати 8 бегоҳ", 20 * 60),
        ("12 ночи", 0),
        ("7", 7 * 60),
        ("не знаю", None),
        ("", None),
        ("25:00", None),
    ],
)
def test_local_minutes(said: str, minutes: int | None) -> None:
    assert local_minutes(said) == minutes


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("14:10", "Asia/Dushanbe"),
        ("14:22", "Asia/Dushanbe"),  # a slow answer is still Dushanbe
        ("12:08", "Europe/Moscow"),  # a clock two minutes slow
        ("15:40", "Asia/Yangon"),  # +6:30 is a real zone
        ("18:10", "Asia/Seoul"),
        ("10:10", "Europe/Warsaw"),  # +1 in December
        ("09:10", "Europe/London"),  # 0 in December
        ("04:10", "America/New_York"),  # -5 in December
        ("17:10", "Etc/GMT-8"),  # none of the likely zones: a fixed offset
        ("23:10", "Etc/GMT-14"),  # Kiribati
        ("noon", None),
    ],
)
def test_zone_from_clock(said: str, zone: str | None) -> None:
    assert zone_from_clock(said, NOW) == zone


def test_only_zones_this_machine_knows_are_kept() -> None:
    assert known_zone("Etc/GMT-5") == "Etc/GMT-5"
    assert known_zone("Mars/Olympus") == ""
    assert known_zone("../../etc/passwd") == ""
    assert known_zone("") == ""


@pytest.mark.parametrize(
    ("said", "now", "zone", "in_july"),
    [
        # Answered in winter, the zone keeps up with summer time.
        ("10:10", NOW, "Europe/Warsaw", 2),
        ("09:10", NOW, "Europe/London", 1),
        # Answered in July: +1 is London then, +2 Warsaw, +3 still Moscow.
        ("10:10", dt.datetime(2026, 7, 1, 9, 10, tzinfo=dt.UTC).timestamp(), "Europe/London", 1),
        ("11:10", dt.datetime(2026, 7, 1, 9, 10, tzinfo=dt.UTC).timestamp(), "Europe/Warsaw", 2),
        ("12:10", dt.datetime(2026, 7, 1, 9, 10, tzinfo=dt.UTC).timestamp(), "Europe/Moscow", 3),
    ],
)
def test_summer_time_follows_the_likely_zone(
    said: str, now: float, zone: str, in_july: int
) -> None:
    found = zone_from_clock(said, now)
    assert found == zone
    july = dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC).astimezone(ZoneInfo(zone))
    assert july.utcoffset() == dt.timedelta(hours=in_july)
