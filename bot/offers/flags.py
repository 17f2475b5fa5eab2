"""The red flags of a job offer (DOMAIN.md §3) and the weight each carries.

Weights: no red-flag list assigns weights (DOMAIN.md §3). The only expert grades are
the ILO/EC "Delphi" indicators of trafficking (§1.2), strong or medium; DOMAIN.md maps
each red flag to its nearest Delphi indicator and we take that grade: strong = 3,
medium = 2. Where an offer describes what will happen at the destination, we use the
destination grade, as Delphi does: an employer who will keep the passport there is
"confiscation of documents at destination", strong. The levels follow Delphi's
combination rule (§1.2), see ``bot.offers.score``. ``excessive_hours`` (12 hours a
day or more, no day off, a 60/30 rotation with no pay stated: docs/labelling.md §2)
is medium, as issue #12 set it: an offer states hours, it does not prove them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n.marker import N_

STRONG, MEDIUM = 3, 2


@dataclass(frozen=True)
class Flag:
    id: str
    weight: int
    label: str  # a few words, for the SMS verdict
    explanation: str  # why it matters and what to do, one or two sentences


FLAGS = (
    Flag(
        "fee",
        MEDIUM,
        N_("fee or deposit"),
        N_(
            "You are asked to pay a fee or deposit. A fair employer pays recruitment costs; "
            "do not pay."
        ),
    ),
    Flag(
        "passport_kept",
        STRONG,
        N_("passport kept"),
        N_(
            "They will keep your passport. No employer may do that: keep it yourself and "
            "give only a copy."
        ),
    ),
    Flag(
        "no_contract",
        MEDIUM,
        N_("no written contract"),
        N_("There is no written contract in a language you read. Get one before you leave."),
    ),
    Flag(
        "tourist_visa",
        MEDIUM,
        N_("tourist visa for work"),
        N_(
            "Work on a tourist or visit visa is illegal: you risk deportation. You need a "
            "work permit."
        ),
    ),
    Flag(
        "unknown_employer",
        MEDIUM,
        N_("unknown employer"),
        N_(
            "The employer has no name or address you can check. Ask for the company's name "
            "and address."
        ),
    ),
    Flag(
        "pay_too_good",
        MEDIUM,
        N_("pay too good"),
        N_(
            "High pay for work that needs no skills is a common lure. Ask what the work is, "
            "in writing."
        ),
    ),
    Flag(
        "travel_debt",
        MEDIUM,
        N_("travel paid, to pay back"),
        N_(
            "They pay your travel and you repay it from wages: this debt is used to control "
            "workers."
        ),
    ),
    Flag(
        "pressure",
        MEDIUM,
        N_("pressure or secrecy"),
        N_(
            "You are pushed to decide fast or to keep it secret. Take your time and tell your "
            "family."
        ),
    ),
    Flag(
        "personal_recruiter",
        MEDIUM,
        N_("recruiter you know or met online"),
        N_(
            "Most Tajik trafficking starts with an offer from a friend, neighbour or someone "
            "met online. Check it anyway."
        ),
    ),
    Flag(
        "unlicensed_agency",
        MEDIUM,
        N_("agency without licence"),
        N_("The agency has no licence from the Migration Service. Use only licensed agencies."),
    ),
    Flag(
        "third_country",
        STRONG,
        N_("route through another country"),
        N_(
            "The route goes through another country, or the destination changes. This is "
            "how people are taken elsewhere."
        ),
    ),
    Flag(
        "women_photos",
        STRONG,
        N_("young women only, or body photos"),
        N_(
            "Only young women wanted, or full-body photos asked for: a sign of sexual exploitation."
        ),
    ),
    Flag(
        "wages_held",
        MEDIUM,
        N_("wages only at the end"),
        N_("Pay only at the end of the contract keeps workers from leaving. Ask for monthly pay."),
    ),
    Flag(
        "excessive_hours",
        MEDIUM,
        N_("very long hours"),
        N_(
            "Twelve hours a day or more, or no day off, wears you down. Get the hours and "
            "days off in the contract."
        ),
    ),
    Flag(
        "scam_centre",
        STRONG,
        N_("online or casino job in Asia"),
        N_(
            "Online, IT or casino jobs in Thailand, Cambodia, Laos or Myanmar lead to scam "
            "centres. Do not go."
        ),
    ),
    Flag(
        "military",
        STRONG,
        N_("military or occupied areas"),
        N_("Work tied to the army or occupied areas can mean being sent to war. Do not sign."),
    ),
    Flag(
        "unofficial_channel",
        MEDIUM,
        N_("outside the official channel"),
        N_(
            "Korea hires only through the state EPS channel. An agent selling a Korean job "
            "is not it."
        ),
    ),
)

BY_ID = {flag.id: flag for flag in FLAGS}
