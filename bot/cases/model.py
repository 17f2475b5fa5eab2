"""A hotline case: what the report said, where it stands, and how the person may be reached.

A case crosses from the conversation (a report) to the caseworker desk (a card in a
Telegram group) and back (messages to the person). It is stored encrypted as a whole;
only what the queue needs to order and claim (status, priority, times, claimant) is
kept beside it in the clear, and none of that identifies anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

PRIORITIES = ("P1", "P2", "P3", "P4")
FIRST_CASE_NUMBER = 1000  # case numbers start at C-1001


def queue_score(priority: str, created_at: float) -> float:
    """Priority first (P1 lowest score), then age: the most urgent, oldest case first."""
    rank = PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)
    return rank * 1e11 + created_at


class CaseStatus(StrEnum):
    WAITING = "waiting"  # in the queue, nobody has claimed it
    CLAIMED = "claimed"  # a caseworker holds it
    CLOSED = "closed"


# How a caseworker closes a case (the Close button offers these).
OUTCOMES = ("helped", "referred", "no_contact", "not_a_case")
# When the person said it is safe to write to them.
WINDOWS = ("any", "reply", "morning", "evening")


@dataclass(frozen=True)
class Entry:
    """One message of a case's thread: from the person, a caseworker, or a note."""

    at: float
    author: str  # "person", "caseworker:<telegram id>", "note:<telegram id>", "system"
    text: str


@dataclass(frozen=True)
class Case:
    id: str  # "C-1042": the number caseworkers use; it says nothing about the person
    priority: str
    status: CaseStatus
    language: str
    channel: str  # "telegram" or "sms": how the person is reached
    created_at: float
    indicators: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()  # (indicator, the words that showed it)
    who: str = ""  # "self", "relative", "other" or "" (skipped)
    when: str = ""  # "now", "over" or ""
    phone: str = ""  # "own", "shared" or ""
    text: str = ""  # the person's own words
    country: str = ""
    city: str = ""
    source: str = "report"  # "report" or "offer" (from a risky job-offer verdict)
    offer_flags: tuple[str, ...] = ()
    # Only the statistical net read the words as urgent: a person must judge it.
    uncertain: bool = False
    consent: str = "anonymous"  # "contact": a caseworker may write; "anonymous": never
    window: str = "reply"
    zone: str = ""  # the person's time zone from their own clock, when they were asked
    contact: str | None = None  # "channel:address"; None once anonymised or anonymous
    contact_ref: str = ""  # keyed hash of the contact: links the person to the case
    code_hash: str = ""  # keyed hash of the code word; the word itself is never kept
    contact_ended: str = ""  # why contact ended: "stop", "code", "forget", "unreachable"
    last_inbound_at: float = 0.0  # the person's last message, for the reply window
    claimed_by: int | None = None
    claimed_at: float | None = None
    closed_at: float | None = None
    outcome: str = ""
    card_message_id: int | None = None
    # When a card's first send began and was not yet recorded: a retry finding it set
    # may follow a card that was sent before a crash, and says so on the new card.
    card_posting_at: float = 0.0
    desk_messages: tuple[int, ...] = ()  # the desk group's messages of this case's thread
    escalations: int = 0
    thread: tuple[Entry, ...] = ()
    held: tuple[str, ...] = ()  # caseworker messages held back until it is safe

    @property
    def may_contact(self) -> bool:
        """Consent given, a way to reach them, and nothing since has ended it."""
        return self.consent == "contact" and self.contact is not None and not self.contact_ended

    def with_entry(self, entry: Entry) -> Case:
        return replace(self, thread=(*self.thread, entry))


def unlinks(before: Case, after: Case) -> bool:
    """Whether a change ends the person's link to the case: closed, or anonymised now.

    An anonymous report never had an address but keeps its link, so the person can
    still add to it.
    """
    closing = after.status is CaseStatus.CLOSED and before.status is not CaseStatus.CLOSED
    return closing or (bool(before.contact_ref) and not after.contact_ref)


# Contact ended by these may open again when the person writes to their caseworker;
# the code word and /forget end it for good.
REOPENED_BY_WRITING = frozenset({"stop", "unreachable"})


@dataclass(frozen=True)
class NewCase:
    """What the conversation hands over to open a case (from the report flow)."""

    priority: str
    language: str
    contact: str  # "channel:address"
    data: dict[str, str] = field(default_factory=dict)
    idempotency: str = ""  # the inbound message that sent it: a redelivery opens nothing
