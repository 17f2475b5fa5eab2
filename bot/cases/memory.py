"""Cases in this process's memory, for the terminal chat: no server, nothing kept.

The terminal has no caseworkers' group, so what would be sent is kept in ``sent`` for
the terminal to show ("the caseworkers would see: ...").
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Callable
from typing import Any

from bot.cases.base import Audit, Change, Settled
from bot.cases.model import FIRST_CASE_NUMBER, Case, CaseStatus, NewCase, queue_score, unlinks
from bot.cases.outbox import Outgoing


class MemoryCaseStore:
    def __init__(self) -> None:
        self.cases: dict[str, Case] = {}
        self.sent: list[Outgoing] = []
        self._by_contact: dict[str, str] = {}
        self._opened: dict[str, str] = {}
        self._audit: list[dict[str, str]] = []
        self._delays: dict[str, list[float]] = {}
        self._breaches: list[dict[str, Any]] = []
        self._staff: dict[int, str] = {}
        self._seen: set[str] = set()
        self.sms: dict[str, str] = {}  # SMS sid -> case

    def code_hash(self, word: str) -> str:
        return hashlib.sha256(word.encode()).hexdigest()  # memory only: never stored

    def contact_ref(self, contact: str) -> str:
        return contact

    async def get(self, case_id: str) -> Case | None:
        return self.cases.get(case_id)

    async def open_case_of(self, contact: str) -> Case | None:
        case = self.cases.get(self._by_contact.get(contact, ""))
        return case if case is not None and case.status is not CaseStatus.CLOSED else None

    async def waiting(self) -> list[Case]:
        found = [c for c in self.cases.values() if c.status is CaseStatus.WAITING]
        return sorted(found, key=lambda c: queue_score(c.priority, c.created_at))

    async def all_cases(self) -> list[Case]:
        return sorted(self.cases.values(), key=lambda c: c.created_at)

    async def holding(self) -> list[Case]:
        return [c for c in self.cases.values() if c.held and c.status is not CaseStatus.CLOSED]

    async def position(self, case_id: str) -> int | None:
        ids = [c.id for c in await self.waiting()]
        return ids.index(case_id) + 1 if case_id in ids else None

    async def case_for_thread(self, message_id: int) -> str | None:
        return next((c.id for c in self.cases.values() if message_id in c.desk_messages), None)

    async def open(self, new: NewCase, build: Callable[[str], Case]) -> tuple[Case, bool]:
        existing = await self.opened_by(new.idempotency)
        if existing is not None:
            return existing, False
        case = build(f"C-{FIRST_CASE_NUMBER + len(self.cases) + 1}")
        self.cases[case.id] = case
        self._by_contact[new.contact] = case.id
        self._opened[new.idempotency] = case.id
        self.sent.append(Outgoing("card", case.id))
        return case, True

    async def opened_by(self, message_id: str) -> Case | None:
        return self.cases.get(self._opened.get(message_id, ""))

    async def remember_opened(self, message_id: str, case_id: str) -> None:
        self._opened[message_id] = case_id

    async def change(
        self, case_id: str, change: Change, *, then: tuple[Outgoing, ...] = ()
    ) -> tuple[Case, bool]:
        case = self.cases[case_id]
        changed = change(case)
        if changed is None:
            return case, False
        self.cases[case_id] = changed
        if unlinks(case, changed):
            self._by_contact = {k: v for k, v in self._by_contact.items() if v != case_id}
        self.sent.extend(then)
        return changed, True

    async def enqueue(self, item: Outgoing) -> None:
        self.sent.append(item)

    async def seen(self, update: str) -> bool:
        return update in self._seen

    async def settle(
        self,
        update: str,
        audit: Audit,
        *,
        then: tuple[Outgoing, ...] = (),
        case_id: str = "",
        change: Change | None = None,
        refused: str = "refused",
    ) -> Settled:
        if update in self._seen:
            return Settled.REPEAT
        applied = True
        if change is not None:
            _, applied = await self.change(case_id, change, then=then)
        elif then:
            self.sent.extend(then)
        self._seen.add(update)
        result = audit.result if applied else refused
        await self.audit(audit.at, audit.actor, audit.action, audit.case, result)
        return Settled.DONE if applied else Settled.REFUSED

    async def forget_seen(self, update: str) -> None:
        self._seen.discard(update)

    async def delete(self, case_id: str) -> Case | None:
        self._by_contact = {k: v for k, v in self._by_contact.items() if v != case_id}
        return self.cases.pop(case_id, None)

    async def closed_before(self, when: float) -> list[str]:
        return [
            c.id
            for c in self.cases.values()
            if c.status is CaseStatus.CLOSED and (c.closed_at or 0) <= when
        ]

    async def drop_dead_letters(self, before: float) -> int:
        return 0  # no outbox in memory: nothing is ever dead-lettered here

    async def remember_sms(self, sid: str, case_id: str) -> None:
        self.sms[sid] = case_id

    async def case_of_sms(self, sid: str) -> str | None:
        return self.sms.get(sid)

    async def audit(self, at: float, actor: str, action: str, case_id: str, result: str) -> None:
        entry = {"at": f"{at:.3f}", "actor": actor, "action": action, "case": case_id}
        self._audit.append({**entry, "result": result})

    async def audit_log(self, count: int = 100) -> list[dict[str, str]]:
        return list(reversed(self._audit))[:count]

    async def record_claim_delay(self, priority: str, seconds: float) -> None:
        self._delays.setdefault(priority, []).append(seconds)

    async def usual_claim_seconds(self, priority: str) -> float | None:
        found = self._delays.get(priority)
        return statistics.median(found) if found else None

    async def record_breach(self, at: float, breach: dict[str, str]) -> None:
        self._breaches.append({**breach, "at": at})

    async def breaches(self, since: float = 0.0) -> list[dict[str, Any]]:
        return [b for b in self._breaches if b["at"] >= since]

    async def set_staff_name(self, user_id: int, name: str) -> None:
        self._staff[user_id] = name

    async def staff_names(self) -> dict[int, str]:
        return dict(self._staff)
