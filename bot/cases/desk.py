"""The caseworker desk: what listed caseworkers and supervisors can do with cases.

Events come from the caseworkers' Telegram group (bot/channels/telegram/desk.py):
button presses on case cards, messages in a case's thread (replies to the card or to
any message of the case), and commands. Only the Telegram ids in ``desk.caseworkers``
and ``desk.supervisors`` can act; every attempt, allowed or refused, is audited with
who, what, which case and when, never with content.

Telegram redelivers an update it thinks was not received, so each one is carried out
at most once: ``update`` names it (its update id, or a press's callback query id) and
``CaseStore.settle`` writes its mark in the same transaction as the case change, the
messages it queues and its audit line (all under the cases' one hash tag, so it stays one
transaction on Redis Cluster). A failure before that transaction leaves nothing marked
and the redelivery carries the update out; after it, a redelivery finds the mark and
does nothing. Before it, everything only reads (or records a display name, the same
when written again); after it come only a claim's delay sample and a command's answer,
which the caller sends and, should sending fail, unmarks the update for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from bot.cases import changes
from bot.cases.base import Audit, CaseStore, Change, Settled
from bot.cases.card import button_data, staff_name
from bot.cases.contact_rules import WINDOW_NAMES, hold_reason
from bot.cases.model import OUTCOMES, Case, CaseStatus, Entry
from bot.cases.outbox import Outgoing
from bot.cases.service import CaseService
from bot.i18n.marker import N_

NOT_LISTED = N_("Only caseworkers on Safar's list can do this.")
DONE = N_("Done.")
ALREADY_CLAIMED = N_("Someone else has already claimed this case.")
NOT_YOURS = N_("Only the caseworker who claimed the case (or a supervisor) can do this.")
NO_CASE = N_("This case no longer exists.")
OBSOLETE = N_(
    "Out of date: this card of {case} was posted twice after an interruption. The live "
    "card is further down; replies to this one still reach the case."
)
CLAIM_FIRST = N_("{case}: claim the case first to write to the person.")
CLAIMED_BY = N_("{case} was claimed by {name}.")
RELEASED = N_("{case} is back in the queue.")
TRANSFERRED = N_("{case} was transferred to {name}.")
CLOSED = N_("{case} is closed.")
CHOOSE_OUTCOME = N_("{case}: how did it end?")
CHOOSE_CASEWORKER = N_("{case}: transfer to whom?")
NO_ONE = N_("{case}: there is no other caseworker on the list.")
NOTE_KEPT = N_("{case}: note kept, not sent.")
ONLY_TEXT = N_(
    "{case}: not sent. Only text reaches the person: a photo or file could be found on their phone."
)
QUEUE_EMPTY = N_("No case is waiting.")
QUEUE_LINE = N_("{case} · {priority} · waiting {minutes} min")
NO_BREACHES = N_("No claim target was missed.")
BREACH_LINE = N_("{case} · {priority}: waited {waited} min, target {target} min ({date})")
OUTCOME_LABELS = {
    "helped": N_("Helped"),
    "referred": N_("Referred"),
    "no_contact": N_("No contact"),
    "not_a_case": N_("Not a case"),
}


@dataclass(frozen=True)
class Staff:
    """Who acts at the desk: a Telegram user, with the name Telegram gives."""

    id: int
    name: str


class Desk:
    def __init__(self, service: CaseService) -> None:
        self.service = service
        self.store: CaseStore = service.store
        self.settings = service.desk
        self.caseworkers = frozenset(int(i) for i in self.settings.caseworkers)
        self.supervisors = frozenset(int(i) for i in self.settings.supervisors)

    def t(self, msgid: str, /, **params: str) -> str:
        return self.service.desk_text(msgid, **params)

    def _listed(self, staff: Staff) -> bool:
        return staff.id in self.caseworkers or staff.id in self.supervisors

    def _by(self, staff: Staff) -> int | None:
        """Whose claim an action must respect: a supervisor may act on any case."""
        return None if staff.id in self.supervisors else staff.id

    def _attempt(self, now: float, staff: Staff, action: str, case: str) -> Audit:
        """The audit line of an attempt, as it reads when it is allowed."""
        return Audit(now, f"telegram:{staff.id}", action, case, "ok")

    async def _settle(
        self,
        update: str,
        audit: Audit,
        result: str | None = None,
        *,
        then: tuple[Outgoing, ...] = (),
        change: Change | None = None,
    ) -> Settled:
        if result is not None:
            audit = replace(audit, result=result)
        return await self.store.settle(update, audit, then=then, case_id=audit.case, change=change)

    async def seen(self, update: str) -> bool:
        """Whether this desk update was already carried out: a redelivery."""
        return await self.store.seen(update)

    async def forget(self, update: str) -> None:
        """The update's answer could not be sent: its redelivery is carried out again."""
        await self.store.forget_seen(update)

    # --- buttons ---------------------------------------------------------------------

    async def press(
        self, staff: Staff, action: str, case_id: str, arg: str, now: float, *, update: str
    ) -> str | None:
        """Carry out a card button; the short answer the caseworker sees, or None when
        ``update`` was already carried out (the answer was given then)."""
        attempt = self._attempt(now, staff, action, case_id)
        if not self._listed(staff):
            return self._answer(await self._settle(update, attempt, "denied"), NOT_LISTED)
        await self.store.set_staff_name(staff.id, staff.name)
        case = await self.store.get(case_id)
        if case is None:
            return self._answer(await self._settle(update, attempt, "no case"), NO_CASE)
        handler = {
            "claim": self._claim,
            "release": self._release,
            "close": self._ask_outcome,
            "outcome": self._close,
            "transfer": self._ask_transfer,
            "to": self._transfer,
        }.get(action)
        if handler is None:
            return self._answer(await self._settle(update, attempt, "unknown"), NO_CASE)
        settled = await handler(update, attempt, staff, case, arg)
        if settled is Settled.REFUSED:
            return self.t(ALREADY_CLAIMED if action == "claim" else NOT_YOURS)
        return self._answer(settled, DONE)

    def _answer(self, settled: Settled, msgid: str) -> str | None:
        return None if settled is Settled.REPEAT else self.t(msgid)

    async def _refuse(self, update: str, attempt: Audit) -> Settled:
        """Refused before any change is tried: audited, and the update marked done."""
        settled = await self._settle(update, attempt, "refused")
        return Settled.REFUSED if settled is Settled.DONE else settled

    async def _claim(
        self, update: str, attempt: Audit, staff: Staff, case: Case, arg: str
    ) -> Settled:
        notice = self.t(CLAIMED_BY, case=case.id, name=staff.name)
        settled = await self._settle(
            update,
            attempt,
            change=changes.claimed(staff.id, attempt.at),
            then=(Outgoing("card", case.id), Outgoing("desk", case.id, notice)),
        )
        if settled is Settled.DONE:
            # A statistic, kept after the claim: should Redis fail in between, one
            # sample is missing; a redelivery never wins the claim, so none is doubled.
            await self.store.record_claim_delay(case.priority, attempt.at - case.created_at)
        return settled

    async def _release(
        self, update: str, attempt: Audit, staff: Staff, case: Case, arg: str
    ) -> Settled:
        return await self._settle(
            update,
            attempt,
            change=changes.released(self._by(staff)),
            then=(
                Outgoing("card", case.id),
                Outgoing("desk", case.id, self.t(RELEASED, case=case.id)),
            ),
        )

    def _holds(self, staff: Staff, case: Case) -> bool:
        """The case is claimed, by this caseworker or with a supervisor acting."""
        return case.status is CaseStatus.CLAIMED and self._by(staff) in (None, case.claimed_by)

    async def _ask_outcome(
        self, update: str, attempt: Audit, staff: Staff, case: Case, arg: str
    ) -> Settled:
        if not self._holds(staff, case):
            return await self._refuse(update, attempt)
        buttons = tuple(
            (self.t(OUTCOME_LABELS[o]), button_data("outcome", case.id, o)) for o in OUTCOMES
        )
        ask = self.t(CHOOSE_OUTCOME, case=case.id)
        return await self._settle(
            update, attempt, then=(Outgoing("desk", case.id, ask, buttons=buttons),)
        )

    async def _close(
        self, update: str, attempt: Audit, staff: Staff, case: Case, arg: str
    ) -> Settled:
        if arg not in OUTCOMES:
            return await self._refuse(update, attempt)
        return await self._settle(
            update,
            attempt,
            change=changes.closed(self._by(staff), arg, attempt.at),
            then=(
                Outgoing("card", case.id),
                Outgoing("desk", case.id, self.t(CLOSED, case=case.id)),
            ),
        )

    async def _ask_transfer(
        self, update: str, attempt: Audit, staff: Staff, case: Case, arg: str
    ) -> Settled:
        if not self._holds(staff, case):
            return await self._refuse(update, attempt)
        names = await self.store.staff_names()
        others = sorted(self.caseworkers - {case.claimed_by or 0})
        if not others:
            notice = Outgoing("desk", case.id, self.t(NO_ONE, case=case.id))
            return await self._settle(update, attempt, then=(notice,))
        buttons = tuple((staff_name(i, names), button_data("to", case.id, str(i))) for i in others)
        ask = self.t(CHOOSE_CASEWORKER, case=case.id)
        return await self._settle(
            update, attempt, then=(Outgoing("desk", case.id, ask, buttons=buttons),)
        )

    async def _transfer(
        self, update: str, attempt: Audit, staff: Staff, case: Case, arg: str
    ) -> Settled:
        if not arg.isdigit() or int(arg) not in self.caseworkers:
            return await self._refuse(update, attempt)
        to = int(arg)
        names = await self.store.staff_names()
        notice = self.t(TRANSFERRED, case=case.id, name=staff_name(to, names))
        return await self._settle(
            update,
            attempt,
            change=changes.transferred(self._by(staff), to, attempt.at),
            then=(Outgoing("card", case.id), Outgoing("desk", case.id, notice)),
        )

    # --- cards sent before a crash recorded them ---------------------------------------

    async def adopt(self, case_id: str, message_id: int) -> None:
        """A card of ``case_id`` the store does not know: a twin posted before a crash
        recorded the first one. It is linked to its case, so a reply to it or a press on
        it reaches the case, and edited to point at the live card."""
        if await self.store.case_for_thread(message_id) is not None:
            return
        case = await self.store.get(case_id)
        if case is None:
            return
        notice = Outgoing("card", case.id, self.t(OBSOLETE, case=case.id), to=str(message_id))
        await self.store.change(case.id, changes.adopted(message_id), then=(notice,))

    # --- messages in a case's thread -----------------------------------------------------

    async def message(
        self, staff: Staff, reply_to: int, text: str, now: float, *, update: str
    ) -> None:
        case_id = await self.store.case_for_thread(reply_to)
        if case_id is None:
            return  # ordinary talk in the group, not about a case: nothing to repeat
        if not self._listed(staff):
            await self._settle(update, self._attempt(now, staff, "message", case_id), "denied")
            return
        await self.store.set_staff_name(staff.id, staff.name)
        case = await self.store.get(case_id)
        if case is None or case.status is CaseStatus.CLOSED:
            await self._settle(update, self._attempt(now, staff, "message", case_id), "no case")
            return
        if text.startswith(self.settings.note_prefix):
            await self._settle(
                update,
                self._attempt(now, staff, "note", case.id),
                change=changes.added(Entry(now, f"note:{staff.id}", text)),
                then=(Outgoing("desk", case.id, self.t(NOTE_KEPT, case=case.id)),),
            )
            return
        if case.claimed_by != staff.id:
            await self._settle(
                update,
                self._attempt(now, staff, "reply", case.id),
                "refused",
                then=(Outgoing("desk", case.id, self.t(CLAIM_FIRST, case=case.id)),),
            )
            return
        await self._reply(staff, case, text, now, update)

    async def not_text(self, staff: Staff, reply_to: int, now: float, *, update: str) -> None:
        case_id = await self.store.case_for_thread(reply_to)
        if case_id is None:
            return
        attempt = self._attempt(now, staff, "media", case_id)
        if not self._listed(staff):
            await self._settle(update, attempt, "denied")
            return
        notice = Outgoing("desk", case_id, self.t(ONLY_TEXT, case=case_id))
        await self._settle(update, attempt, "refused", then=(notice,))

    async def _reply(self, staff: Staff, case: Case, text: str, now: float, update: str) -> None:
        entry = Entry(now, f"caseworker:{staff.id}", text)
        attempt = self._attempt(now, staff, "reply", case.id)
        reason = hold_reason(
            case,
            now,
            reply_window_seconds=self.service.settings.reply_window_minutes * 60,
            zone=self.settings.timezone,
        )
        if reason is None:
            await self._settle(
                update,
                attempt,
                change=changes.added(entry),
                then=(Outgoing("person", case.id, text),),
            )
            return

        def hold(current: Case) -> Case:
            # Kept to be given when the person next writes, if they may be written to.
            noted = current.with_entry(entry)
            return replace(noted, held=(*noted.held, text)) if current.may_contact else noted

        window = WINDOW_NAMES.get(case.window)
        params = {"window": self.t(window)} if window else {}
        notice = f"{case.id}: {self.t(reason, **params)}"
        await self._settle(
            update, attempt, "held", change=hold, then=(Outgoing("desk", case.id, notice),)
        )

    # --- commands ------------------------------------------------------------------------

    async def command(self, staff: Staff, name: str, now: float, *, update: str) -> str | None:
        """The answer to a desk command; None when ``update`` was already answered.

        The answer only reads, so it is found first and the update marked after: its
        sending cannot be in the transaction, and the caller unmarks the update
        (``forget``) when sending fails, for the redelivery to answer it.
        """
        allowed = self._listed(staff) and (name != "breaches" or staff.id in self.supervisors)
        answer = await self._answer_command(name, now) if allowed else self.t(NOT_LISTED)
        attempt = self._attempt(now, staff, name, "")
        settled = await self._settle(update, attempt, None if allowed else "denied")
        return None if settled is Settled.REPEAT else answer

    async def _answer_command(self, name: str, now: float) -> str | None:
        if name == "queue":
            lines = [
                self.t(
                    QUEUE_LINE,
                    case=c.id,
                    priority=c.priority,
                    minutes=str(int((now - c.created_at) // 60)),
                )
                for c in await self.store.waiting()
            ]
            return "\n".join(lines) or self.t(QUEUE_EMPTY)
        if name == "breaches":
            found = await self.store.breaches()
            lines = [
                self.t(
                    BREACH_LINE,
                    case=str(b["case"]),
                    priority=str(b["priority"]),
                    waited=str(b["waited"]),
                    target=str(b["target"]),
                    date=dt.datetime.fromtimestamp(float(b["at"]), dt.UTC).strftime(
                        "%Y-%m-%d %H:%M UTC"
                    ),
                )
                for b in found
            ]
            return "\n".join(lines) or self.t(NO_BREACHES)
        return None
