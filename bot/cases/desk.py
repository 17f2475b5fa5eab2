"""The caseworker desk: what listed caseworkers and supervisors can do with cases.

Events come from the caseworkers' Telegram group (bot/channels/telegram/desk.py):
button presses on case cards, messages in a case's thread (replies to the card or to
any message of the case), and commands. Only the Telegram ids in ``desk.caseworkers``
and ``desk.supervisors`` can act; every attempt, allowed or refused, is audited with
who, what, which case and when, never with content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from bot.cases import changes
from bot.cases.base import CaseStore
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

    async def _audit(self, now: float, staff: Staff, action: str, case: str, result: str) -> None:
        await self.store.audit(now, f"telegram:{staff.id}", action, case, result)

    # --- buttons ---------------------------------------------------------------------

    async def press(self, staff: Staff, action: str, case_id: str, arg: str, now: float) -> str:
        """Carry out a card button; the short answer the caseworker sees."""
        if not self._listed(staff):
            await self._audit(now, staff, action, case_id, "denied")
            return self.t(NOT_LISTED)
        await self.store.set_staff_name(staff.id, staff.name)
        case = await self.store.get(case_id)
        if case is None:
            await self._audit(now, staff, action, case_id, "no case")
            return self.t(NO_CASE)
        handler = {
            "claim": self._claim,
            "release": self._release,
            "close": self._ask_outcome,
            "outcome": self._close,
            "transfer": self._ask_transfer,
            "to": self._transfer,
        }.get(action)
        if handler is None:
            await self._audit(now, staff, action, case_id, "unknown")
            return self.t(NO_CASE)
        allowed = await handler(staff, case, arg, now)
        await self._audit(now, staff, action, case_id, "ok" if allowed else "refused")
        if allowed:
            return self.t(DONE)
        return self.t(ALREADY_CLAIMED if action == "claim" else NOT_YOURS)

    async def _claim(self, staff: Staff, case: Case, arg: str, now: float) -> bool:
        notice = self.t(CLAIMED_BY, case=case.id, name=staff.name)
        _, won = await self.store.change(
            case.id,
            changes.claimed(staff.id, now),
            then=(Outgoing("card", case.id), Outgoing("desk", case.id, notice)),
        )
        if won:
            await self.store.record_claim_delay(case.priority, now - case.created_at)
        return won

    async def _release(self, staff: Staff, case: Case, arg: str, now: float) -> bool:
        _, done = await self.store.change(
            case.id,
            changes.released(self._by(staff)),
            then=(
                Outgoing("card", case.id),
                Outgoing("desk", case.id, self.t(RELEASED, case=case.id)),
            ),
        )
        return done

    def _holds(self, staff: Staff, case: Case) -> bool:
        """The case is claimed, by this caseworker or with a supervisor acting."""
        return case.status is CaseStatus.CLAIMED and self._by(staff) in (None, case.claimed_by)

    async def _ask_outcome(self, staff: Staff, case: Case, arg: str, now: float) -> bool:
        if not self._holds(staff, case):
            return False
        buttons = tuple(
            (self.t(OUTCOME_LABELS[o]), button_data("outcome", case.id, o)) for o in OUTCOMES
        )
        ask = self.t(CHOOSE_OUTCOME, case=case.id)
        await self.store.enqueue(Outgoing("desk", case.id, ask, buttons=buttons))
        return True

    async def _close(self, staff: Staff, case: Case, arg: str, now: float) -> bool:
        if arg not in OUTCOMES:
            return False
        _, done = await self.store.change(
            case.id,
            changes.closed(self._by(staff), arg, now),
            then=(
                Outgoing("card", case.id),
                Outgoing("desk", case.id, self.t(CLOSED, case=case.id)),
            ),
        )
        return done

    async def _ask_transfer(self, staff: Staff, case: Case, arg: str, now: float) -> bool:
        if not self._holds(staff, case):
            return False
        names = await self.store.staff_names()
        others = sorted(self.caseworkers - {case.claimed_by or 0})
        if not others:
            await self.store.enqueue(Outgoing("desk", case.id, self.t(NO_ONE, case=case.id)))
            return True
        buttons = tuple((staff_name(i, names), button_data("to", case.id, str(i))) for i in others)
        ask = self.t(CHOOSE_CASEWORKER, case=case.id)
        await self.store.enqueue(Outgoing("desk", case.id, ask, buttons=buttons))
        return True

    async def _transfer(self, staff: Staff, case: Case, arg: str, now: float) -> bool:
        if not arg.isdigit() or int(arg) not in self.caseworkers:
            return False
        to = int(arg)
        names = await self.store.staff_names()
        notice = self.t(TRANSFERRED, case=case.id, name=staff_name(to, names))
        _, done = await self.store.change(
            case.id,
            changes.transferred(self._by(staff), to, now),
            then=(Outgoing("card", case.id), Outgoing("desk", case.id, notice)),
        )
        return done

    # --- messages in a case's thread -----------------------------------------------------

    async def message(self, staff: Staff, reply_to: int, text: str, now: float) -> None:
        case_id = await self.store.case_for_thread(reply_to)
        if case_id is None:
            return  # ordinary talk in the group, not about a case
        if not self._listed(staff):
            await self._audit(now, staff, "message", case_id, "denied")
            return
        await self.store.set_staff_name(staff.id, staff.name)
        case = await self.store.get(case_id)
        if case is None or case.status is CaseStatus.CLOSED:
            await self._audit(now, staff, "message", case_id, "no case")
            return
        if text.startswith(self.settings.note_prefix):
            await self.store.change(
                case.id,
                changes.added(Entry(now, f"note:{staff.id}", text)),
                then=(Outgoing("desk", case.id, self.t(NOTE_KEPT, case=case.id)),),
            )
            await self._audit(now, staff, "note", case.id, "ok")
            return
        if case.claimed_by != staff.id:
            await self.store.enqueue(Outgoing("desk", case.id, self.t(CLAIM_FIRST, case=case.id)))
            await self._audit(now, staff, "reply", case.id, "refused")
            return
        await self._reply(staff, case, text, now)

    async def not_text(self, staff: Staff, reply_to: int, now: float) -> None:
        case_id = await self.store.case_for_thread(reply_to)
        if case_id is None:
            return
        if not self._listed(staff):
            await self._audit(now, staff, "media", case_id, "denied")
            return
        await self.store.enqueue(Outgoing("desk", case_id, self.t(ONLY_TEXT, case=case_id)))
        await self._audit(now, staff, "media", case_id, "refused")

    async def _reply(self, staff: Staff, case: Case, text: str, now: float) -> None:
        entry = Entry(now, f"caseworker:{staff.id}", text)
        reason = hold_reason(
            case,
            now,
            reply_window_seconds=self.service.settings.reply_window_minutes * 60,
            zone=self.settings.timezone,
        )
        if reason is None:
            await self.store.change(
                case.id, changes.added(entry), then=(Outgoing("person", case.id, text),)
            )
            await self._audit(now, staff, "reply", case.id, "ok")
            return

        def hold(current: Case) -> Case:
            # Kept to be given when the person next writes, if they may be written to.
            noted = current.with_entry(entry)
            return replace(noted, held=(*noted.held, text)) if current.may_contact else noted

        window = WINDOW_NAMES.get(case.window)
        params = {"window": self.t(window)} if window else {}
        notice = f"{case.id}: {self.t(reason, **params)}"
        await self.store.change(case.id, hold, then=(Outgoing("desk", case.id, notice),))
        await self._audit(now, staff, "reply", case.id, "held")

    # --- commands ------------------------------------------------------------------------

    async def command(self, staff: Staff, name: str, now: float) -> str | None:
        """The answer to a desk command, or None when it is not for this person."""
        if not self._listed(staff) or (name == "breaches" and staff.id not in self.supervisors):
            await self._audit(now, staff, name, "", "denied")
            return self.t(NOT_LISTED)
        await self._audit(now, staff, name, "", "ok")
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
