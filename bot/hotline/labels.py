"""Names of the hotline indicators, as caseworkers read them on a case card."""

from __future__ import annotations

from bot.i18n.marker import N_

INDICATOR_LABELS = {
    "danger_now": N_("in danger now"),
    "threat_to_life": N_("threat to life"),
    "violence": N_("violence"),
    "locked_in": N_("locked in or watched"),
    "child": N_("a child"),
    "sexual": N_("sexual exploitation"),
    "documents_taken": N_("documents taken"),
    "unpaid": N_("not paid"),
    "debt": N_("debt"),
    "phone_taken": N_("phone taken"),
    "watched": N_("watched"),
    "forced": N_("forced to work or act"),
    "sold": N_("sold"),
    "threat": N_("threats"),
    "deceived": N_("deceived"),
    "weapon": N_("weapon"),
    "injury": N_("injured or ill, no care"),
    "deprivation": N_("no food or water"),
    "rescue": N_("asks to be rescued"),
    "cannot_leave": N_("cannot leave"),
    "fines": N_("fines"),
    "excessive_hours": N_("excessive hours"),
    "missing": N_("missing or out of contact"),
    "tip": N_("a tip about a recruiter"),
}
