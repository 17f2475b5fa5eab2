"""The case card in the caseworkers' group: what they need to act, and no more.

A card shows the case number, priority, language, channel, indicators, who, when,
where, what contact the person allows, and their own words with phone numbers, e-mail
addresses and @handles masked. It never shows the person's number, chat id or name.
Its buttons follow the case's state: Claim; or Release, Close and Transfer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.actions.contacts import COUNTRIES
from bot.cases.masking import masked
from bot.cases.model import Case, CaseStatus
from bot.engine.model import Text
from bot.hotline.labels import INDICATOR_LABELS
from bot.i18n.catalogs import Catalogs
from bot.i18n.marker import N_
from bot.i18n.render import translate
from bot.offers.flags import BY_ID

Translate = Callable[..., str]  # msgid and placeholders -> text in the desk's language
CARD_PREFIX = "d"  # callback data "d|<action>|<case>[|<arg>]": a desk button
HEADER = N_("Case {case} · {priority} · {language} · {channel}")
WAITING = N_("Waiting since {time}")
CLAIMED = N_("Claimed by {name} at {time}")
CLOSED = N_("Closed at {time}: {outcome}")
INDICATORS = N_("Indicators: {list}")
NO_INDICATORS = N_("Indicators: none given")
WHO = {
    "self": N_("Reported by the person themself"),
    "relative": N_("Reported by a relative"),
    "other": N_("Reported by someone else"),
}
WHEN = {"now": N_("Happening now"), "over": N_("It is over")}
WHERE = N_("Where: {place}")
OFFER = N_("From a job-offer check. Red flags: {list}")
CONTACT = {
    "any": N_("Contact: yes, any time"),
    "reply": N_("Contact: only right after the person writes"),
    "morning": N_("Contact: mornings only, their time"),
    "evening": N_("Contact: evenings only, their time"),
}
ANONYMOUS = N_("Contact: none, anonymous report")
SHARED_PHONE = N_("Others may read the person's phone: write nothing that could harm them.")
CONTACT_OVER = N_("Contact has ended: do not write.")
THEIR_WORDS = N_("Their words: {text}")
UNCERTAIN = N_("Triage uncertain: only the statistical net read this as {priority}. Read it.")
OUTCOMES = {
    "helped": N_("helped"),
    "referred": N_("referred"),
    "no_contact": N_("no contact"),
    "not_a_case": N_("not a case"),
}
CHANNELS = {"telegram": "Telegram", "sms": "SMS"}
BUTTONS = {
    "claim": N_("Claim"),
    "release": N_("Release"),
    "close": N_("Close"),
    "transfer": N_("Transfer"),
}


def _t(catalogs: Catalogs, language: str, msgid: str, /, **params: str) -> str:
    return translate(catalogs, language, Text(msgid, MappingProxyType(params)))


def _clock(at: float, zone: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(at, zone).strftime("%d.%m %H:%M")


def card_text(
    case: Case, catalogs: Catalogs, language: str, zone: ZoneInfo, names: Mapping[int, str]
) -> str:
    def t(msgid: str, **params: str) -> str:
        return _t(catalogs, language, msgid, **params)

    lines = [
        t(
            HEADER,
            case=case.id,
            priority=case.priority,
            language=case.language,
            channel=CHANNELS.get(case.channel, case.channel),
        ),
        _state(case, t, zone, names),
    ]
    if case.indicators:
        labels = ", ".join(t(INDICATOR_LABELS.get(i, i)) for i in case.indicators)
        lines.append(t(INDICATORS, list=labels))
    elif case.source != "offer":
        lines.append(t(NO_INDICATORS))
    if case.uncertain:
        lines.append(t(UNCERTAIN, priority=case.priority))
    lines += [t(WHO[case.who])] if case.who in WHO else []
    lines += [t(WHEN[case.when])] if case.when in WHEN else []
    place = ", ".join(p for p in (_country(case.country, t), masked(case.city)) if p)
    lines += [t(WHERE, place=place)] if place else []
    if case.source == "offer" and case.offer_flags:
        flags = ", ".join(t(BY_ID[f].label) if f in BY_ID else f for f in case.offer_flags)
        lines.append(t(OFFER, list=flags))
    lines.append(t(CONTACT[case.window]) if case.consent == "contact" else t(ANONYMOUS))
    if case.phone == "shared":
        lines.append(t(SHARED_PHONE))
    if case.contact_ended:
        lines.append(t(CONTACT_OVER))
    if case.text:
        lines.append(t(THEIR_WORDS, text=masked(case.text)))
    return "\n".join(lines)


def _country(code: str, t: Translate) -> str:
    name = COUNTRIES.get(code)
    return t(name) if name else code


def _state(case: Case, t: Translate, zone: ZoneInfo, names: Mapping[int, str]) -> str:
    if case.status is CaseStatus.WAITING:
        return t(WAITING, time=_clock(case.created_at, zone))
    if case.status is CaseStatus.CLAIMED:
        name = staff_name(case.claimed_by or 0, names)
        return t(CLAIMED, name=name, time=_clock(case.claimed_at or 0, zone))
    outcome = t(OUTCOMES.get(case.outcome, OUTCOMES["helped"]))
    return t(CLOSED, time=_clock(case.closed_at or 0, zone), outcome=outcome)


def staff_name(user_id: int, names: Mapping[int, str]) -> str:
    return names.get(user_id) or f"id {user_id}"


def button_data(action: str, case_id: str, arg: str = "") -> str:
    return "|".join(p for p in (CARD_PREFIX, action, case_id, arg) if p)


def card_buttons(case: Case, catalogs: Catalogs, language: str) -> list[tuple[str, str]]:
    """(label, callback data) for the actions the case's state allows."""
    if case.status is CaseStatus.WAITING:
        actions = ["claim"]
    elif case.status is CaseStatus.CLAIMED:
        actions = ["release", "close", "transfer"]
    else:
        actions = []
    return [(_t(catalogs, language, BUTTONS[a]), button_data(a, case.id)) for a in actions]
