"""The hotline report and the case conversation (flows/report.toml, flows/case.toml).

Pure, as every action: the report becomes a ``CaseRequest("open")`` that the
conversation layer stores (bot/cases) before the person is told it was received.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bot.actions.job import offer_flags
from bot.cases.clock import zone_from_clock
from bot.cases.zones import place_zone
from bot.engine.actions import ActionContext, ActionResult, action
from bot.engine.listener import HEARD_PRIORITY, HEARD_TEXT, HEARD_UNCERTAIN
from bot.engine.model import CaseRequest, Effect
from bot.engine.resources import CASE_VAR, UNSAFE_VAR
from bot.hotline.report import (
    PREFIX,
    SKIP,
    report_indicators,
    report_priority,
    report_uncertain,
    typed,
)

OFFER_ATTACH_VAR = "offer_attach"  # set by the job check: "yes" attaches its answers
MESSAGE_VAR = "c_message"
CONSENT_VAR = "heard_consent"  # "yes": the person agreed to pass on what was heard
NOW_VAR = "heard_now"  # their answer to "Are you in danger right now?"


@action("report_start", exits=("next", "open"))
def report_start(context: ActionContext) -> ActionResult:
    """A fresh report; a person whose case is open talks to their caseworker instead."""
    answers = context.session.vars
    if answers.get(CASE_VAR):
        return ActionResult(exit="open")
    fresh = dict.fromkeys((name for name in answers if name.startswith(PREFIX)), "")
    attach = answers.get(OFFER_ATTACH_VAR)
    if attach:
        fresh["r_source"] = "offer"
        if attach == "yes":
            fresh["r_offer"] = ",".join(sorted(offer_flags(answers)))
    if answers.get(CONSENT_VAR) == "yes":
        fresh |= heard_answers(answers)
    return ActionResult(vars=MappingProxyType({**fresh, OFFER_ATTACH_VAR: ""}))


def heard_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """What the safety listener heard, as report answers: the words and the closed answer.

    "No" to "in danger right now?" is not kept as an answer: it never lowers what the
    words show, and the caseworker decides.
    """
    carried = {"r_source": "listener"}
    if answers.get(HEARD_TEXT):
        carried["r_text"] = answers[HEARD_TEXT]
    if answers.get(NOW_VAR) == "yes":
        carried |= {"r_now": "yes", "r_shown": "yes"}
    if answers.get(HEARD_UNCERTAIN) == "yes":
        carried["r_uncertain"] = "yes"
    if answers.get(HEARD_PRIORITY):
        carried["r_heard"] = answers[HEARD_PRIORITY]
    return carried


@action("heard_next", exits=("offer", "countries"))
def heard_next(context: ActionContext) -> ActionResult:
    """After the closed question: the offer when there are words to pass on."""
    return ActionResult(exit="offer" if context.session.vars.get(HEARD_TEXT) else "countries")


@action("report_details", exits=("ask", "have"))
def report_details(context: ActionContext) -> ActionResult:
    """The free-text question, unless the person's own words came with the report."""
    return ActionResult(exit="have" if typed(context.session.vars, "r_text") else "ask")


@action("report_after_who", exits=("what", "details"))
def report_after_who(context: ActionContext) -> ActionResult:
    offer = context.session.vars.get("r_source") == "offer"
    return ActionResult(exit="details" if offer else "what")


@action("report_urgent", exits=("urgent", "next"))
def report_urgent(context: ActionContext) -> ActionResult:
    """Immediate danger, once: the emergency numbers come before the next question."""
    answers = context.session.vars
    if answers.get("r_shown") == "yes" or report_priority(answers) != "P1":
        return ActionResult()
    return ActionResult(exit="urgent", vars=MappingProxyType({"r_shown": "yes"}))


@action("report_zone", exits=("ask", "known"))
def report_zone(context: ActionContext) -> ActionResult:
    """Chosen hours need the person's clock: ask for it once when nothing tells it.

    On SMS the phone's country stands in (``bot.cases.zones``): a question costs a
    segment there, and the number's country is right for most who write.
    """
    answers = context.session.vars
    if answers.get("r_window") not in ("morning", "evening") or context.channel == "sms":
        return ActionResult(exit="known")
    place = place_zone(
        answers.get("r_who", ""), answers.get("country", ""), typed(answers, "r_city"), guess=False
    )
    return ActionResult(exit="known" if place else "ask")


@action("report_clock", exits=("again", "next"))
def report_clock(context: ActionContext) -> ActionResult:
    """Their clock against ours gives their zone; one more try when it reads as no time."""
    answers = context.session.vars
    said = answers.get("r_clock", "").strip()
    zone = zone_from_clock(said, context.now) if said and said != SKIP else None
    if zone is not None or said == SKIP:
        return ActionResult(vars=MappingProxyType({"r_clock": "", "r_zone": zone or ""}))
    return ActionResult(exit="again", vars=MappingProxyType({"r_clock": ""}))


@action("submit_report")
def submit_report(context: ActionContext) -> ActionResult:
    answers = context.session.vars
    indicators = report_indicators(answers)
    data = {
        "priority": report_priority(answers),
        "indicators": ",".join(sorted(indicators)),
        "evidence": "|".join(f"{k}={v}" for k, v in sorted(indicators.items())),
        "who": answers.get("r_who", ""),
        "when": answers.get("r_when", ""),
        "phone": answers.get("r_phone", ""),
        "text": typed(answers, "r_text"),
        "country": answers.get("country", ""),
        "city": typed(answers, "r_city"),
        "consent": answers.get("r_consent", "anonymous"),
        "window": answers.get("r_window", "reply"),
        "zone": answers.get("r_zone", ""),
        "code": typed(answers, "r_code"),
        "source": answers.get("r_source", "report"),
        "offer": answers.get("r_offer", ""),
        # Only the statistical net read the words as urgent: the card says so.
        "uncertain": "yes" if report_uncertain(answers) else "",
    }
    # Someone else may read this phone: no safety tip is ever broadcast to it.
    unsafe = {UNSAFE_VAR: "no"} if answers.get("r_phone") == "shared" else {}
    return ActionResult(
        vars=MappingProxyType(unsafe), effects=(CaseRequest("open", MappingProxyType(data)),)
    )


@action("to_caseworker", exits=("sent", "none", "menu"))
def to_caseworker(context: ActionContext) -> ActionResult:
    answers = context.session.vars
    text = answers.get(MESSAGE_VAR, "")
    cleared = MappingProxyType({MESSAGE_VAR: ""})
    if text.strip() == SKIP:
        return ActionResult(exit="menu", vars=cleared)  # "0": the SMS way to the menu
    if not answers.get(CASE_VAR):
        return ActionResult(exit="none", vars=cleared)
    request = CaseRequest("message", MappingProxyType({"text": text}))
    return ActionResult(exit="sent", vars=cleared, effects=(request,))


@action("privacy_erase", exits=("case",))
def privacy_erase(context: ActionContext) -> ActionResult:
    """ "Erase now" in Privacy is /forget: with an open case, ask first about the report."""
    if context.session.vars.get(CASE_VAR):
        return ActionResult(exit="case")
    return ActionResult(effects=(Effect.FORGET,))


@action("forget_keep_case")
def forget_keep_case(context: ActionContext) -> ActionResult:
    return ActionResult(effects=(CaseRequest("forget_keep"), Effect.FORGET))


@action("forget_delete_case")
def forget_delete_case(context: ActionContext) -> ActionResult:
    return ActionResult(effects=(CaseRequest("forget_delete"), Effect.FORGET))
