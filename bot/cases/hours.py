"""Working hours of the caseworkers, from ``[desk]`` settings, for honest answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.config.settings import WEEKDAYS, DeskSettings


@dataclass(frozen=True)
class WorkingHours:
    zone: ZoneInfo
    start: dt.time
    end: dt.time
    days: frozenset[int]  # 0 = Monday

    @classmethod
    def from_settings(cls, desk: DeskSettings) -> WorkingHours:
        start, end = desk.hours.split("-")
        return cls(
            ZoneInfo(desk.timezone),
            _time(start),
            _time(end),
            frozenset(WEEKDAYS.index(d) for d in desk.days),
        )

    def utc_offset(self, now: float) -> str:
        """ "UTC+5": a zone every reader understands, in any language and script."""
        offset = dt.datetime.fromtimestamp(now, self.zone).utcoffset() or dt.timedelta()
        hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
        return f"UTC{hours:+d}" + (f":{rest:02d}" if rest else "")

    def is_open(self, now: float) -> bool:
        local = dt.datetime.fromtimestamp(now, self.zone)
        return local.weekday() in self.days and self.start <= local.time() < self.end


def _time(text: str) -> dt.time:
    hours, minutes = (int(part) for part in text.split(":"))
    return dt.time.max if hours == 24 else dt.time(hours, minutes)
