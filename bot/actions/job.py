"""The guided job-offer check (flows/job.toml): questions, a pasted offer, the verdict.

Answers are session variables ``a_<question>``. A pasted or forwarded offer is read
for red flags first; each flag it shows answers its question, so only what the text
did not say is asked. The raw text is not kept: only the flags and the destination.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bot.engine.actions import FOUND, ActionContext, ActionResult, action
from bot.engine.model import Say, Text
from bot.engine.resources import FORWARDED_TEXT_VAR
from bot.i18n.marker import N_
from bot.offers.agencies import match
from bot.offers.extract import NO_EMPLOYER, analyse, scam_region_codes
from bot.offers.score import verdict

MIN_OFFER_WORDS = 4  # fewer words are a wrong answer, not an offer to read
OFFER_TEXT_VAR = FORWARDED_TEXT_VAR  # a forwarded offer waiting to be read, then cleared
TEXT_FLAGS_VAR = "t_flags"  # flags the pasted text showed that no question covers
TEXT_EVIDENCE_VAR = "t_evidence"  # positive evidence the pasted text showed

# The questions everyone gets, in order, then one that depends on the destination.
COMMON = (
    "dest",
    "who",
    "employer",
    "fee",
    "passport",
    "contract",
    "permit",
    "travel",
    "pay",
    "pressure",
)
BY_DESTINATION = {
    "RU": "military",
    "KR": "eps",
    "TR": "women",
    "AE": "women",
    "ASIA": "online",
    "OTHER": "route",
}
# (question, answer) -> the red flag that answer shows
ANSWER_FLAGS = {
    ("fee", "yes"): "fee",
    ("passport", "yes"): "passport_kept",
    ("contract", "no"): "no_contract",
    ("permit", "no"): "tourist_visa",
    ("travel", "yes"): "travel_debt",
    ("pay", "yes"): "pay_too_good",
    ("wages", "yes"): "wages_held",  # asked with the pay (flows/job.toml, node "pay")
    ("pressure", "yes"): "pressure",
    ("employer", "no"): "unknown_employer",
    ("who", "friend"): "personal_recruiter",
    ("who", "online"): "personal_recruiter",
    ("licence", "no"): "unlicensed_agency",
    ("military", "yes"): "military",
    ("eps", "no"): "unofficial_channel",
    ("women", "yes"): "women_photos",
    ("online", "yes"): "scam_centre",
    ("route", "yes"): "third_country",
}
# (question, answer) -> the positive evidence that answer gives (bot/offers/score.py):
# with no flag, evidence makes the verdict "low", none "unknown".
ANSWER_EVIDENCE = {
    ("employer", "yes"): "named_employer",
    ("contract", "yes"): "contract",
    ("permit", "yes"): "permit",
    ("licence", "yes"): "licensed",
}
# Flags a pasted text shows that stand for an answer. "wages" is asked together with
# "pay", whose answer sets both: the text's evidence is kept as a text flag instead,
# so an answer about the pay cannot undo it.
FLAG_ANSWERS = {
    flag: (question, answer)
    for (question, answer), flag in ANSWER_FLAGS.items()
    if question not in ("who", "wages")
}

LEVEL_TEXT = {
    "danger": (
        N_("Danger: {flags}. Do not take this offer; give no money and no documents."),
        N_("DANGER: {top}. Do not go."),
    ),
    "high": (
        N_("High risk: {flags}. Pay nothing and give no documents until each point is cleared."),
        N_("HIGH RISK: {top}."),
    ),
    "caution": (
        N_("Caution: {flags}. Check these points before you agree."),
        N_("CAUTION: {top}."),
    ),
    "low": (
        N_(
            "Low risk: no known warning signs, and {evidence}. Still: keep your passport "
            "and pay no fees."
        ),
        N_("LOW RISK: {top}. Keep your passport, pay nothing."),
    ),
    # No flag and no evidence is not "safe": it is not knowing.
    "unknown": (
        N_(
            "Not enough information to judge this offer. Keep your passport and pay "
            "nothing until you know more."
        ),
        N_("NOT ENOUGH INFORMATION. Ask for a contract and address; keep your passport."),
    ),
}
# What to ask when there is too little to judge, shown after the "unknown" verdict.
UNKNOWN_ASK = N_(
    "Ask for the employer's name and address, a written contract in your language before "
    "you leave, and who pays the visa, ticket and permit."
)
# Positive evidence as a verdict names it (docs/labelling.md §2).
EVIDENCE_LABELS = {
    "contract": N_("a written contract before departure"),
    "permit": N_("a work permit or patent through the legal route"),
    "licensed": N_("a licensed agency or an official scheme"),
    "employer_pays": N_("the employer pays the costs"),
    "named_employer": N_("an employer with a name and an address"),
}
# The questions whose "Not sure" leaves the worst gaps: two or more unanswered make the
# verdict at least "caution", whatever else was said.
KEY_QUESTIONS = ("fee", "passport", "contract", "permit")
UNANSWERED = N_(
    "You could not say if there is a fee, if they keep your passport, or about the "
    "contract or permit. Ask first: a fair employer answers."
)
SMS_SUMMARY_FLAGS = 1  # the strongest flag and a count: one SMS segment
LICENCE_ADVICE = N_(
    "Ask the agency to show its licence from the Migration Service to send workers abroad;"
    " the Migration Service (migration.tj) can confirm it."
)


def _questions(answers: Mapping[str, str]) -> tuple[str, ...]:
    extra = BY_DESTINATION.get(answers.get("a_dest", ""))
    questions = COMMON + ((extra,) if extra else ())
    if answers.get("a_who") == "agency":
        questions += ("agency", "licence")
    return questions


@action(
    "next_question",
    exits=(*COMMON, *sorted(set(BY_DESTINATION.values())), "agency", "licence", "verdict"),
)
def next_question(context: ActionContext) -> ActionResult:
    """The first question not yet answered, or the verdict."""
    answers = context.session.vars
    pending = next((q for q in _questions(answers) if not answers.get(f"a_{q}")), "verdict")
    return ActionResult(exit=pending)


@action("read_offer", exits=(FOUND, "none"))
def read_offer(context: ActionContext) -> ActionResult:
    """Read a pasted or forwarded offer: its flags answer their questions."""
    text = context.text or context.session.vars.get(OFFER_TEXT_VAR, "")
    if len(text.split()) < MIN_OFFER_WORDS:
        return ActionResult(exit="none", vars=MappingProxyType({OFFER_TEXT_VAR: ""}))
    analysis = analyse(text)
    updates = {OFFER_TEXT_VAR: ""}
    if analysis.destination:
        # The questions know the destinations the menu offers (South-East Asia as one);
        # any other is "OTHER".
        dest = "ASIA" if analysis.destination in scam_region_codes() else analysis.destination
        updates["a_dest"] = dest if dest in (*BY_DESTINATION, "KZ") else "OTHER"
    unasked = []
    for flag, words in analysis.flags.items():
        if words == NO_EMPLOYER:
            continue  # silence answers no question: the person is asked about the employer
        if flag in FLAG_ANSWERS:
            question, answer = FLAG_ANSWERS[flag]
            updates[f"a_{question}"] = answer
        else:
            unasked.append(flag)
    updates[TEXT_FLAGS_VAR] = ",".join(sorted(unasked))
    # Positive evidence answers its question ("договор до выезда": a contract, yes);
    # silence answers nothing, so every other question is still asked.
    for name in analysis.evidence:
        if name in EVIDENCE_ANSWERS and f"a_{EVIDENCE_ANSWERS[name][0]}" not in updates:
            question, answer = EVIDENCE_ANSWERS[name]
            updates[f"a_{question}"] = answer
    updates[TEXT_EVIDENCE_VAR] = ",".join(sorted(analysis.evidence))
    return ActionResult(exit=FOUND, vars=MappingProxyType(updates))


def offer_flags(answers: Mapping[str, str]) -> dict[str, str]:
    """Flags shown by the answers and by a pasted text."""
    flags = {
        flag: "answer"
        for (question, answer), flag in ANSWER_FLAGS.items()
        if answers.get(f"a_{question}") == answer
    }
    for flag in filter(None, answers.get(TEXT_FLAGS_VAR, "").split(",")):
        flags.setdefault(flag, "text")
    return flags


EVIDENCE_ANSWERS = {name: pair for pair, name in ANSWER_EVIDENCE.items()}


def offer_evidence(answers: Mapping[str, str]) -> tuple[str, ...]:
    """Positive evidence shown by the answers and by a pasted text."""
    shown = [
        name
        for (question, answer), name in ANSWER_EVIDENCE.items()
        if answers.get(f"a_{question}") == answer
    ]
    shown += answers.get(TEXT_EVIDENCE_VAR, "").split(",")
    return tuple(dict.fromkeys(name for name in shown if name))


def unanswered(answers: Mapping[str, str]) -> int:
    """Key questions answered "Not sure" (a question the text answered is not asked)."""
    return sum(answers.get(f"a_{q}") == "unsure" for q in KEY_QUESTIONS)


RISKY = frozenset({"high", "danger"})  # verdicts that offer a caseworker


@action("offer_verdict", exits=("next", "risky"))
def offer_verdict(context: ActionContext) -> ActionResult:
    """The level with every flag named, then each explained, then advice."""
    answers = context.session.vars
    result = verdict(offer_flags(answers), offer_evidence(answers))
    risk = result.risk
    gaps = unanswered(answers) >= 2
    if gaps and risk in ("low", "unknown"):
        risk = "caution"  # "not sure" is missing, never "no"
    labels = tuple(Text(flag.label) for flag, _ in result.flags)
    if risk == "low":
        labels = tuple(Text(EVIDENCE_LABELS[name]) for name, _ in result.evidence)
    full, short = LEVEL_TEXT[risk]
    # The SMS summary names the three strongest flags (+N more); every flag is then
    # named again in its own explanation, on the pages that follow.
    top = _joined(labels[:SMS_SUMMARY_FLAGS])
    if len(labels) > SMS_SUMMARY_FLAGS:
        more = Text(f"+{len(labels) - SMS_SUMMARY_FLAGS}", verbatim=True)
        top = _joined((*labels[:SMS_SUMMARY_FLAGS], more))
    joined = _joined(labels)
    params = MappingProxyType({"flags": joined, "top": top, "evidence": joined})
    texts = [Text(full, params, sms=short)]
    if gaps and not result.flags:
        texts[0] = Text(UNANSWERED)
    texts += [Text(flag.explanation) for flag, _ in result.flags]
    if risk == "unknown" or (gaps and not result.flags):
        texts.append(Text(UNKNOWN_ASK))
    if gaps and result.flags:
        texts.append(Text(UNANSWERED))
    if answers.get("a_who") == "agency" and answers.get("a_licence") != "yes":
        texts.append(Text(LICENCE_ADVICE))
    say = Say(tuple(texts), sms_summary_first=True)
    return ActionResult(
        exit="risky" if risk in RISKY else "next",
        says=(say,),
        vars=MappingProxyType({"verdict": risk}),
    )


def _joined(labels: tuple[Text, ...]) -> Text:
    """Labels as one comma-separated text, each translated."""
    placeholders = {f"f{i}": label for i, label in enumerate(labels)}
    template = ", ".join("{" + name + "}" for name in placeholders)
    return Text(template, MappingProxyType(placeholders), verbatim=True)


QUESTION_VARS = tuple(
    f"a_{q}" for q in (*COMMON, *set(BY_DESTINATION.values()), "agency", "licence", "wages")
)


@action("new_check")
def new_check(context: ActionContext) -> ActionResult:
    """Forget the answers of an earlier check ("" means not answered)."""
    cleared = dict.fromkeys((*QUESTION_VARS, TEXT_FLAGS_VAR, TEXT_EVIDENCE_VAR, "verdict"), "")
    return ActionResult(vars=MappingProxyType(cleared))


AGENCY_LISTED = N_("{agency} is on Safar's list of licensed agencies (licence {licence}).")
AGENCY_UNKNOWN = N_(
    "Safar cannot confirm this agency's licence. Ask to see it; the Migration Service"
    " (migration.tj) can confirm it."
)


@action("check_agency")
def check_agency(context: ActionContext) -> ActionResult:
    """Look the named agency up in the licensed list; the name is not kept."""
    name = context.session.vars.get("a_agency", "")
    found = match(context.resources.agencies, name)
    if found is None:
        return ActionResult(
            says=(Say((Text(AGENCY_UNKNOWN),)),), vars=MappingProxyType({"a_agency": "unknown"})
        )
    listed = Text(AGENCY_LISTED, MappingProxyType({"agency": found.name, "licence": found.licence}))
    return ActionResult(
        says=(Say((listed,)),), vars=MappingProxyType({"a_agency": "listed", "a_licence": "yes"})
    )
