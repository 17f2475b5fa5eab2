"""The person's clock as their time zone (#14, item 1: "asked once when unknown")."""

from __future__ import annotations

import datetime as dt

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
        ("14:10", "Etc/GMT-5"),  # Dushanbe
        ("14:22", "Etc/GMT-5"),  # a slow answer is still Dushanbe
        ("12:08", "Etc/GMT-3"),  # Moscow, a clock two minutes slow
        ("15:40", "Asia/Yangon"),  # +6:30 is a real zone
        ("18:10", "Etc/GMT-9"),  # Seoul
        ("09:10", "Etc/UTC"),
        ("04:10", "Etc/GMT+5"),  # New York in winter
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
