"""When a caseworker's message may reach the person: consent, safety and their hours.

Checked when the caseworker writes (so they are told at once why a message is held)
and again just before sending (something may have changed in between). A held
message waits in the case and is given to the person the next time they write, when
they are holding the phone themselves.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.cases.model import Case
from bot.i18n.marker import N_

# The person's local time, for "mornings" and "evenings", by the country they named.
COUNTRY_ZONES = {
    "TJ": "Asia/Dushanbe",
    "RU": "Europe/Moscow",
    "KZ": "Asia/Almaty",
    "TR": "Europe/Istanbul",
    "AE": "Asia/Dubai",
    "KR": "Asia/Seoul",
}
WINDOW_HOURS = {"morning": (7, 12), "evening": (18, 22)}

NO_CONSENT = N_("Held: the person asked for no contact (anonymous report).")
ENDED = {
    "stop": N_("Held: the person sent STOP. Do not write to them."),
    "code": N_("Held: the person sent their code word. Do not write to them."),
    "forget": N_("Held: the person erased their chat; they cannot be reached."),
    "unreachable": N_("Held: the person cannot be reached (blocked or number not working)."),
}
OUTSIDE_REPLY_WINDOW = N_(
    "Held: the person asked to be written to only right after they write. It will reach"
    " them when they next write."
)
OUTSIDE_HOURS = N_(
    "Held: outside the hours the person said are safe ({window}, their time). It will"
    " reach them when they next write."
)
WINDOW_NAMES = {"morning": N_("mornings, 07:00-12:00"), "evening": N_("evenings, 18:00-22:00")}


def hold_reason(case: Case, now: float, *, reply_window_seconds: float, zone: str) -> str | None:
    """None when a message may be sent now; otherwise why not (a desk msgid)."""
    if case.consent != "contact":
        return NO_CONSENT
    if case.contact_ended:
        return ENDED.get(case.contact_ended, ENDED["forget"])
    if case.contact is None:
        return ENDED["forget"]
    just_wrote = now - case.last_inbound_at <= reply_window_seconds
    if just_wrote or case.window == "any":
        return None
    if case.window in WINDOW_HOURS:
        start, end = WINDOW_HOURS[case.window]
        local = dt.datetime.fromtimestamp(now, ZoneInfo(COUNTRY_ZONES.get(case.country, zone)))
        return None if start <= local.hour < end else OUTSIDE_HOURS
    return OUTSIDE_REPLY_WINDOW
