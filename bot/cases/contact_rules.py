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
from bot.cases.zones import person_zone
from bot.i18n.marker import N_

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
    " go when those hours begin."
)
SHARED_PHONE = N_(
    "Held: the person said others may read their phone. It will reach them only right"
    " after they next write."
)
WINDOW_NAMES = {"morning": N_("mornings, 07:00-12:00"), "evening": N_("evenings, 18:00-22:00")}


def hold_reason(case: Case, now: float, *, reply_window_seconds: float, zone: str) -> str | None:
    """None when a message may be sent now; otherwise why not (a desk msgid).

    The rules have no exceptions: a phone others may read gets a message only right
    after the person wrote, whatever hours they chose; chosen hours apply even right
    after they wrote, in the receiving person's own time (``bot.cases.zones``); only
    "any time" skips them. ``zone`` is the desk's, for a person whose place is unknown.
    """
    if case.consent != "contact":
        return NO_CONSENT
    if case.contact_ended:
        return ENDED.get(case.contact_ended, ENDED["forget"])
    if case.contact is None:
        return ENDED["forget"]
    just_wrote = now - case.last_inbound_at <= reply_window_seconds
    if case.phone == "shared" and not just_wrote:
        return SHARED_PHONE
    if case.window == "any":
        return None
    if case.window in WINDOW_HOURS:
        return None if in_hours(case, now, zone) else OUTSIDE_HOURS
    return None if just_wrote else OUTSIDE_REPLY_WINDOW


def in_hours(case: Case, now: float, zone: str) -> bool:
    """Whether it is inside the person's chosen hours where they are (True for none)."""
    if case.window not in WINDOW_HOURS:
        return True
    start, end = WINDOW_HOURS[case.window]
    local = dt.datetime.fromtimestamp(now, ZoneInfo(person_zone(case, zone)))
    return start <= local.hour < end
