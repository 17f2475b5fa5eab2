"""A person's answer to "What time is it where you are now?" as a time zone.

Asked once, when nothing else the person said tells where they are (flows/report.toml,
``zone_gate``). Their clock against ours gives their offset from UTC; a few minutes
either way (a slow clock, a slow answer) are rounded off.

An offset alone cannot say whether the place changes its clocks in summer, so it is
read as the likeliest real zone that has that offset now (``LIKELY_ZONES``): the zones
of the people Safar serves, those without summer time first (Dushanbe, Moscow, the
Gulf, Korea), then the summer-time destinations (Poland and Czechia, the UK,
Lithuania, the United States). A person in Warsaw who answers in December (UTC+1) is
then still right in July (UTC+2). An offset none of them has becomes a fixed zone.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.text.daytime import AFTERNOON, MORNING
from bot.text.normalise import normalise

# Real zones whose offset is not a whole hour: Myanmar's +6:30 matters here (scam
# compounds); the others keep the table honest for anyone else.
_HALF_HOUR_ZONES = {
    -210: "America/St_Johns",
    210: "Asia/Tehran",
    270: "Asia/Kabul",
    330: "Asia/Kolkata",
    390: "Asia/Yangon",
    570: "Australia/Darwin",
}
# In order of likelihood; the first with the person's offset at the time they answer wins.
LIKELY_ZONES = (
    "Asia/Dushanbe",  # +5: home, where most relatives write from
    "Europe/Moscow",  # +3: Russia west of the Urals, Türkiye and Saudi Arabia alike
    "Asia/Dubai",  # +4
    "Asia/Novosibirsk",  # +7
    "Asia/Seoul",  # +9
    "Europe/Warsaw",  # +1 in winter, +2 in summer: Poland, Czechia, Germany
    "Europe/London",  # 0 in winter, +1 in summer: the UK seasonal worker schemes
    "Europe/Vilnius",  # +2 in winter, +3 in summer: Lithuania, Latvia, Finland
    "America/New_York",  # -5 in winter, -4 in summer
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
)
_CLOCK = re.compile(
    r"(?<![\d:.])(?P<hour>[01]?\d|2[0-3])(?:\s*[:.h\- ]\s*(?P<minute>[0-5]\d))?(?!\d)"
    r"\s*(?P<half>am|a\.?m\.?|pm|p\.?m\.?)?"
)


def local_minutes(text: str) -> int | None:
    """Minutes after local midnight that the answer says, or None when it says no time."""
    raw = text.casefold()  # the digits and their colon as typed: normalising drops ":"
    found = _CLOCK.search(raw)
    if found is None:
        return None
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    rest = normalise(raw[found.end() :])
    later = found["half"] or ""
    if hour <= 12 and (later.startswith("p") or any(w in rest for w in AFTERNOON)):
        hour = hour % 12 + 12
    elif hour == 12 and (later.startswith("a") or any(w in rest for w in MORNING)):
        hour = 0
    return hour * 60 + minute


def zone_from_clock(text: str, now: float) -> str | None:
    """The zone of a person whose clock reads ``text`` at ``now``, or None."""
    minutes = local_minutes(text)
    if minutes is None:
        return None
    utc = dt.datetime.fromtimestamp(now, dt.UTC)
    offset = (minutes - (utc.hour * 60 + utc.minute)) % 1440
    if offset > 840:  # UTC+14 is the furthest ahead; the rest is behind UTC
        offset -= 1440
    half = round(offset / 30) * 30
    likely = _likely_zone(half, utc)
    if likely is not None:
        return likely
    if half % 60 and half in _HALF_HOUR_ZONES:
        return _HALF_HOUR_ZONES[half]
    hours = round(offset / 60)
    if not -12 <= hours <= 14:
        return None
    # The Etc zones count the other way: Etc/GMT-5 is five hours ahead of UTC.
    return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def _likely_zone(offset_minutes: int, at: dt.datetime) -> str | None:
    for name in LIKELY_ZONES:
        if at.astimezone(ZoneInfo(name)).utcoffset() == dt.timedelta(minutes=offset_minutes):
            return name
    return None


def known_zone(name: str) -> str:
    """``name`` when it is a zone this machine knows, else "" (the case then has none)."""
    if not name:
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return name
