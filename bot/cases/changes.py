"""The ways a case changes, as pure functions for ``CaseStore.change``.

Each returns the changed case, or None to leave it as it is: the store applies the
change atomically, so a refusal (a case already claimed) is decided on the case as
it is at that moment, not as someone last saw it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.cases.base import Change
from bot.cases.model import REOPENED_BY_WRITING, Case, CaseStatus, Entry


def claimed(by: int, at: float) -> Change:
    def change(case: Case) -> Case | None:
        if case.status is not CaseStatus.WAITING:
            return None
        return replace(case, status=CaseStatus.CLAIMED, claimed_by=by, claimed_at=at)

    return change


def released(by: int | None) -> Change:
    """Back to the queue; only its claimant (or a supervisor, ``by`` None) may."""

    def change(case: Case) -> Case | None:
        if case.status is not CaseStatus.CLAIMED or (by is not None and case.claimed_by != by):
            return None
        return replace(case, status=CaseStatus.WAITING, claimed_by=None, claimed_at=None)

    return change


def transferred(by: int | None, to: int, at: float) -> Change:
    def change(case: Case) -> Case | None:
        if case.status is CaseStatus.CLOSED or (by is not None and case.claimed_by != by):
            return None
        return replace(case, status=CaseStatus.CLAIMED, claimed_by=to, claimed_at=at)

    return change


def closed(by: int | None, outcome: str, at: float) -> Change:
    def change(case: Case) -> Case | None:
        if case.status is not CaseStatus.CLAIMED or (by is not None and case.claimed_by != by):
            return None
        return replace(case, status=CaseStatus.CLOSED, outcome=outcome, closed_at=at, held=())

    return change


def added(entry: Entry) -> Change:
    """A message in the thread from staff (an answer, a note)."""

    def change(case: Case) -> Case | None:
        return case.with_entry(entry)

    return change


def written_by_person(entry: Entry) -> Change:
    """The person writes to their caseworker: their reply window opens, and contact
    that STOP or a blocked bot ended opens again (the code word's and /forget's do not).
    """

    def change(case: Case) -> Case | None:
        updated = replace(case.with_entry(entry), last_inbound_at=entry.at)
        if case.contact_ended in REOPENED_BY_WRITING and case.contact is not None:
            updated = replace(updated, contact_ended="")
        return updated

    return change


# Reasons that end contact for good: the case keeps no address and no link to the
# person (the code word may mean someone else holds the phone).
FOR_GOOD = frozenset({"code"})


def contact_ended(reason: str) -> Change:
    def change(case: Case) -> Case | None:
        if case.contact_ended and reason not in FOR_GOOD:
            return None
        if reason in FOR_GOOD:
            if case.contact is None and not case.contact_ref:
                return None
            return replace(
                case, contact=None, contact_ref="", code_hash="", contact_ended=reason, held=()
            )
        return replace(case, contact_ended=reason, held=())

    return change


def anonymised(case: Case) -> Case | None:
    """No way to reach the person is left: no address, no code word, nothing held."""
    return replace(
        case, contact=None, contact_ref="", code_hash="", contact_ended="forget", held=()
    )


def held(text: str) -> Change:
    def change(case: Case) -> Case | None:
        return replace(case, held=(*case.held, text))

    return change


def released_held(case: Case) -> Case | None:
    return replace(case, held=()) if case.held else None


def card_posting(now: float) -> Change:
    """A card is about to be sent: kept so a retry after a crash knows one may be out."""

    def change(case: Case) -> Case | None:
        if case.card_message_id is not None or case.card_posting_at:
            return None
        return replace(case, card_posting_at=now)

    return change


def card_posted(message_id: int) -> Change:
    def change(case: Case) -> Case | None:
        return replace(
            case,
            card_message_id=message_id,
            card_posting_at=0.0,
            desk_messages=(*case.desk_messages, message_id),
        )

    return change


def adopted(message_id: int) -> Change:
    """A desk message of the case the store did not know: a card sent before a crash."""

    def change(case: Case) -> Case | None:
        if message_id in case.desk_messages:
            return None
        return replace(case, desk_messages=(*case.desk_messages, message_id))

    return change


def desk_message(message_id: int) -> Change:
    def change(case: Case) -> Case | None:
        return replace(case, desk_messages=(*case.desk_messages, message_id))

    return change


def escalated(at_level: int) -> Change:
    def change(case: Case) -> Case | None:
        if case.status is not CaseStatus.WAITING or case.escalations >= at_level:
            return None
        return replace(case, escalations=at_level)

    return change


def merged(entry: Entry, priority: str) -> Change:
    """A new report from the same person joins their open case: more urgent, never less."""

    def change(case: Case) -> Case | None:
        updated = replace(case.with_entry(entry), last_inbound_at=entry.at)
        return replace(updated, priority=min(priority, case.priority))

    return change
