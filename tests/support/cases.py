"""A case built by hand, for store tests that open one directly."""

from __future__ import annotations

from collections.abc import Callable

from bot.cases.model import Case, CaseStatus

WORDS = "Шиносномаамро гирифтанд"  # "they took my passport"


def waiting_case(contact: str) -> Callable[[str], Case]:
    """The builder ``RedisCaseStore.open`` takes: a waiting P2 case of ``contact``."""

    def build(case_id: str) -> Case:
        return Case(
            id=case_id,
            priority="P2",
            status=CaseStatus.WAITING,
            language="tg",
            channel="telegram",
            created_at=1.0,
            contact=contact,
            text=WORDS,
        )

    return build
