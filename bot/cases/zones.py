"""Whose clock the safe hours follow: the person who receives the message.

The person's own clock comes first, when they were asked (``bot.cases.clock``: asked
when they chose mornings or evenings and nothing else tells where they are). A person
reporting their own situation is where it is: the city they named (``timezones.toml``
beside this module), else that country's zone. A relative writing about someone abroad
is usually at home: their phone's country decides on SMS; on Telegram, which gives no
location, the desk's zone (``desk.timezone``, Dushanbe by default) stands in.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from bot.cases.model import Case
from bot.text.normalise import normalise, skeleton

# The zone of a country as a whole, when no city says more.
COUNTRY_ZONES = {
    "TJ": "Asia/Dushanbe",
    "RU": "Europe/Moscow",
    "KZ": "Asia/Almaty",
    "TR": "Europe/Istanbul",
    "AE": "Asia/Dubai",
    "KR": "Asia/Seoul",
}
# An SMS number's country code; +7 7… and +7 6… are Kazakhstan, the rest of +7 Russia.
PHONE_ZONES = (
    ("+992", "Asia/Dushanbe"),
    ("+77", "Asia/Almaty"),
    ("+76", "Asia/Almaty"),
    ("+7", "Europe/Moscow"),
    ("+90", "Europe/Istanbul"),
    ("+971", "Asia/Dubai"),
    ("+82", "Asia/Seoul"),
)
OWN_SITUATION = frozenset({"self", ""})
CITIES = Path(__file__).with_name("timezones.toml")


@cache
def city_zones(path: Path) -> dict[str, str]:
    """Each city's skeleton (and each word of a two-word name) -> its zone."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    found: dict[str, str] = {}
    for zone, cities in data.get("zones", {}).items():
        for city in cities:
            found[skeleton(normalise(city))] = zone
    return found


def zone_of_city(city: str, path: Path = CITIES) -> str | None:
    table = city_zones(path)
    text = skeleton(normalise(city))
    if text in table:
        return table[text]
    words = text.split()
    for size in (2, 1):
        for at in range(len(words) - size + 1):
            zone = table.get(" ".join(words[at : at + size]))
            if zone is not None:
                return zone
    return None


# Countries of more than one zone: without a city of the table, the country's zone is
# only a guess (Moscow for Russia, where most are), so the person is asked their clock.
MANY_ZONES = frozenset({"RU"})


def place_zone(
    who: str, country: str, city: str, cities: Path = CITIES, *, guess: bool = True
) -> str | None:
    """The zone of the place a person reports from, when they report their own situation;
    ``guess=False`` leaves out the country's zone where the country has several."""
    if who not in OWN_SITUATION:
        return None
    zone = zone_of_city(city, cities) if city else None
    if zone is not None:
        return zone
    return COUNTRY_ZONES.get(country) if guess or country not in MANY_ZONES else None


def person_zone(case: Case, default: str, cities: Path = CITIES) -> str:
    """The person's own clock (asked once) first, then their place, then their phone."""
    if case.zone:
        return case.zone
    zone = place_zone(case.who, case.country, case.city, cities)
    if zone is not None:
        return zone
    channel, _, address = (case.contact or "").partition(":")
    return (phone_zone(address) if channel == "sms" else None) or default


def phone_zone(number: str) -> str | None:
    """The zone of a phone number's country, for the countries Safar knows."""
    for prefix, zone in PHONE_ZONES:
        if number.startswith(prefix):
            return zone
    return None
