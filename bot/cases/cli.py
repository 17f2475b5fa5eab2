"""``python -m bot cases list|show|export|purge|audit``: the case store, for supervisors.

What it prints is what a supervisor needs, never a way to reach the person: no phone
number, chat id or code word. ``show`` adds the thread; ``export`` writes JSON lines
for reporting (indicators, priority, times, outcome; no words of the person). Every
use is written to the audit log, under the operating-system user who ran it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from bot.cases.base import CaseStore
from bot.cases.masking import masked
from bot.cases.model import Case, CaseStatus
from bot.cases.service import PURGED, CaseService

DAY = 86400.0


def _when(at: float | None) -> str:
    if not at:
        return "-"
    return dt.datetime.fromtimestamp(at, dt.UTC).strftime("%Y-%m-%d %H:%M")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def summary(case: Case) -> dict[str, Any]:
    """What may leave the store for reporting: nothing that identifies or reaches anyone."""
    return {
        "id": case.id,
        "priority": case.priority,
        "status": case.status.value,
        "language": case.language,
        "channel": case.channel,
        "source": case.source,
        "indicators": list(case.indicators),
        "offer_flags": list(case.offer_flags),
        "who": case.who,
        "country": case.country,
        "consent": case.consent,
        "created_at": _when(case.created_at),
        "claimed_at": _when(case.claimed_at),
        "closed_at": _when(case.closed_at),
        "outcome": case.outcome,
        "escalations": case.escalations,
        "claim_minutes": (
            round((case.claimed_at - case.created_at) / 60) if case.claimed_at else None
        ),
    }


class CasesCommand:
    def __init__(
        self,
        service: CaseService,
        out: TextIO | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.service = service
        self.store: CaseStore = service.store
        self.retention_days = service.settings.retention_days
        self.out = out or sys.stdout
        self.clock = clock

    def _print(self, line: str) -> None:
        self.out.write(line + "\n")

    async def _audit(self, action: str, case_id: str = "") -> None:
        await self.store.audit(self.clock(), _actor(), f"cli {action}", case_id, "ok")

    async def list(self, status: str | None) -> int:
        await self._audit("list")
        cases = await self.store.all_cases()
        shown = [c for c in cases if status is None or c.status.value == status]
        for case in sorted(shown, key=lambda c: (c.status is CaseStatus.CLOSED, c.priority)):
            self._print(
                f"{case.id:8} {case.priority} {case.status.value:8} {case.language} "
                f"{case.channel:8} opened {_when(case.created_at)}  "
                f"{','.join(case.indicators) or '-'}"
            )
        print(f"{len(shown)} case(s)", file=sys.stderr)
        return 0

    async def show(self, case_id: str) -> int:
        await self._audit("show", case_id)
        case = await self.store.get(case_id)
        if case is None:
            print(f"error: no case {case_id}", file=sys.stderr)
            return 1
        for key, value in summary(case).items():
            self._print(f"{key}: {value}")
        self._print(f"city: {masked(case.city) or '-'}")
        self._print(f"words: {masked(case.text) or '-'}")
        self._print(f"contact allowed now: {'yes' if case.may_contact else 'no'}")
        for entry in case.thread:
            author = entry.author.split(":")[0]
            self._print(f"  {_when(entry.at)} {author}: {masked(entry.text)}")
        return 0

    async def export(self, status: str | None) -> int:
        await self._audit("export")
        for case in await self.store.all_cases():
            if status is None or case.status.value == status:
                self._print(json.dumps(summary(case), ensure_ascii=False))
        return 0

    async def purge(self, *, dry_run: bool) -> int:
        cutoff = self.clock() - self.retention_days * DAY
        due = await self.store.closed_before(cutoff)
        await self._audit("purge --dry-run" if dry_run else "purge")
        if not dry_run:
            for case_id in due:
                case = await self.store.get(case_id)
                if case is not None:
                    await self.service.delete(case, PURGED)  # its card is blanked too
                    await self._audit("purge", case_id)
        verb = "would be erased" if dry_run else "erased"
        self._print(f"{len(due)} closed case(s) older than {self.retention_days} days {verb}")
        return 0

    async def audit(self, count: int) -> int:
        await self._audit("audit")
        for entry in reversed(await self.store.audit_log(count)):
            self._print(
                f"{_when(float(entry.get('at', 0)))} {entry.get('actor', '?'):24} "
                f"{entry.get('action', '?'):12} {entry.get('case') or '-':8} "
                f"{entry.get('result', '')}"
            )
        return 0
