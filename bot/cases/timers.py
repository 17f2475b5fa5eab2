"""Claim targets, safe hours and retention, checked every ``cases.timer_seconds``.

Each time a waiting case's claim target passes again (5, 10, 15 minutes for a P1 with
the default target), it is announced again in the caseworkers' group and escalated to
every supervisor; the first time is recorded as a breach (``/breaches``). A
caseworker's message held for the person's safe hours (mornings, evenings) is sent when
those hours begin. Nothing else ever reaches the person from a timer: Safar never
writes to them because time passed. Closed cases are erased
``cases.retention_days`` after they were closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.cases import changes
from bot.cases.contact_rules import hold_reason
from bot.cases.outbox import Outgoing
from bot.cases.service import PURGED, CaseService
from bot.i18n.marker import N_
from bot.store.base import StoreError

log = logging.getLogger(__name__)
DAY = 86400.0

REANNOUNCED = N_(
    "Still waiting: {case} ({priority}) for {waited} min; the target is {target} min."
    " Who can take it?"
)
ESCALATED = N_(
    "Escalation: {case} ({priority}) has waited {waited} min for a caseworker; the"
    " target is {target} min."
)


RELEASED_AT_SAFE_TIME = N_(
    "{case}: {count} held message(s) sent now, within the hours the person said are safe."
)


@dataclass(frozen=True)
class TickReport:
    escalated: int = 0
    purged: int = 0
    released: int = 0


class Timers:
    def __init__(self, service: CaseService, clock: Callable[[], float]) -> None:
        self.service = service
        self.store = service.store
        self.clock = clock
        self._stopping = asyncio.Event()

    async def tick(self, now: float | None = None) -> TickReport:
        now = self.clock() if now is None else now
        return TickReport(
            await self._escalate(now), await self._purge(now), await self._release(now)
        )

    async def _release(self, now: float) -> int:
        """Held messages go out when the person's safe hours begin (mornings, evenings).

        This is no reminder and no message of Safar's own: it is what the caseworker
        wrote, sent at the time the person chose. Delivery checks every rule again.
        """
        released = 0
        for case in await self.store.holding():
            if not case.may_contact or hold_reason(
                case,
                now,
                reply_window_seconds=self.service.settings.reply_window_minutes * 60,
                zone=self.service.desk.timezone,
            ):
                continue
            notice = self.service.desk_text(
                RELEASED_AT_SAFE_TIME, case=case.id, count=str(len(case.held))
            )
            sends = tuple(Outgoing("person", case.id, text) for text in case.held)
            _, applied = await self.store.change(
                case.id, changes.released_held, then=(*sends, Outgoing("desk", case.id, notice))
            )
            released += len(case.held) if applied else 0
        return released

    async def _escalate(self, now: float) -> int:
        escalated = 0
        supervisors = self.service.desk.supervisors
        for case in await self.store.waiting():
            target = self.service.settings.claim_minutes(case.priority) * 60.0
            level = int((now - case.created_at) // target)
            if level < 1 or level <= case.escalations:
                continue
            params = {
                "case": case.id,
                "priority": case.priority,
                "waited": str(int((now - case.created_at) // 60)),
                "target": str(int(target // 60)),
            }
            again = self.service.desk_text(REANNOUNCED, **params)
            up = self.service.desk_text(ESCALATED, **params)
            _, applied = await self.store.change(
                case.id,
                changes.escalated(level),
                then=(
                    Outgoing("desk", case.id, again),
                    *(Outgoing("staff", case.id, up, to=s) for s in supervisors),
                ),
            )
            if not applied:
                continue  # another server's timer got there first
            escalated += 1
            if level == 1:
                await self.store.record_breach(now, params)
            await self.store.audit(now, "system", "escalate", case.id, f"level {level}")
        return escalated

    async def _purge(self, now: float) -> int:
        cutoff = now - self.service.settings.retention_days * DAY
        purged = 0
        for case_id in await self.store.closed_before(cutoff):
            case = await self.store.get(case_id)
            if case is not None:
                await self.service.delete(case, PURGED)
                purged += 1
                await self.store.audit(now, "system", "purge", case_id, "ok")
        # A dead letter holds a message for a case: it is kept no longer than a case.
        await self.store.drop_dead_letters(cutoff)
        return purged

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.tick()
            except StoreError as error:
                log.warning("case timers: %s; trying again", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._stopping.wait(), timeout=self.service.settings.timer_seconds
                )

    def stop(self) -> None:
        self._stopping.set()
