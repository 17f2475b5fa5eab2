"""What the hotline needs of a case store: Redis in deployment, memory in the terminal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from bot.cases.model import Case, NewCase
from bot.cases.outbox import Outgoing

Change = Callable[[Case], Case | None]


@dataclass(frozen=True)
class Audit:
    """One audit line: who did what to which case, and whether it was allowed."""

    at: float
    actor: str
    action: str
    case: str
    result: str


class Settled(Enum):
    """What ``CaseStore.settle`` did with one desk update."""

    DONE = "done"  # carried out (the change applied, or there was none to make)
    REFUSED = "refused"  # the change did not apply to the case as it is; audited as such
    REPEAT = "repeat"  # already carried out before: nothing written


class CaseStore(Protocol):
    def code_hash(self, word: str) -> str: ...

    def contact_ref(self, contact: str) -> str: ...

    async def get(self, case_id: str) -> Case | None: ...

    async def open_case_of(self, contact: str) -> Case | None: ...

    async def waiting(self) -> list[Case]: ...

    async def all_cases(self) -> list[Case]: ...

    async def holding(self) -> list[Case]: ...

    async def position(self, case_id: str) -> int | None: ...

    async def case_for_thread(self, message_id: int) -> str | None: ...

    async def open(self, new: NewCase, build: Callable[[str], Case]) -> tuple[Case, bool]: ...

    async def opened_by(self, message_id: str) -> Case | None:
        """The case this inbound message already opened or added to, if any."""
        ...

    async def remember_opened(self, message_id: str, case_id: str) -> None: ...

    async def change(
        self, case_id: str, change: Change, *, then: tuple[Outgoing, ...] = ()
    ) -> tuple[Case, bool]:
        """Apply ``change`` atomically: the case afterwards, and whether this call did."""
        ...

    async def enqueue(self, item: Outgoing) -> None: ...

    async def seen(self, update: str) -> bool:
        """Whether the desk update ``update`` was already carried out (``settle``)."""
        ...

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
        """Carry out one desk update at most once, in one transaction with its mark.

        With ``change``: the case is changed and ``then`` queued only if it applies;
        otherwise ``audit`` is written with the result ``refused``. REPEAT when
        ``update`` was already settled: nothing is written then.
        """
        ...

    async def forget_seen(self, update: str) -> None:
        """Unmark a settled update whose answer could not be sent, so it is retried."""
        ...

    async def delete(self, case_id: str) -> Case | None: ...

    async def closed_before(self, when: float) -> list[str]: ...

    async def drop_dead_letters(self, before: float) -> int: ...

    async def remember_sms(self, sid: str, case_id: str) -> None: ...

    async def case_of_sms(self, sid: str) -> str | None: ...

    async def audit(
        self, at: float, actor: str, action: str, case_id: str, result: str
    ) -> None: ...

    async def audit_log(self, count: int = 100) -> list[dict[str, str]]: ...

    async def record_claim_delay(self, priority: str, seconds: float) -> None: ...

    async def usual_claim_seconds(self, priority: str) -> float | None: ...

    async def record_breach(self, at: float, breach: dict[str, str]) -> None: ...

    async def breaches(self, since: float = 0.0) -> list[dict[str, Any]]: ...

    async def set_staff_name(self, user_id: int, name: str) -> None: ...

    async def staff_names(self) -> dict[int, str]: ...
