"""A person's answer to "What time is it where you are now?" as a time zone.

Asked once, when nothing else the person said tells where they are (flows/report.toml,
``zone_gate``). Their clock against ours gives their offset from UTC; a few minutes
either way (a slow clock, a slow answer) are rounded off. The offset becomes a fixed
zone: it ignores summer time, which is a smaller error than the desk's own zone, and
none of the migrants' main destinations changes its clocks.
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
    if half % 60 and half in _HALF_HOUR_ZONES:
        return _HALF_HOUR_ZONES[half]
    hours = round(offset / 60)
    if not -12 <= hours <= 14:
        return None
    # The Etc zones count the other way: Etc/GMT-5 is five hours ahead of UTC.
    return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def known_zone(name: str) -> str:
    """``name`` when it is a zone this machine knows, else "" (the case then has none)."""
    if not name:
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return name
