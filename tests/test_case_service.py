"""What the report flow's requests do to cases, on the real Redis store."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from bot.cases.service import ADDED, RECEIVED, CaseService
from bot.cases.store import RedisCaseStore
from bot.config.settings import Settings
from bot.engine.model import CaseRequest, Contact
from bot.engine.resources import CASE_VAR, Resources
from tests.support.hotline import WORKING_TIME

PERSON = Contact("sms", "+992900000001")


@pytest.fixture
def service(case_store: RedisCaseStore, resources: Resources, settings: Settings) -> CaseService:
    return CaseService(case_store, resources, settings.cases, settings.desk)


def _report(priority: str, text: str) -> CaseRequest:
    data = {"priority": priority, "text": text, "consent": "contact", "window": "any"}
    return CaseRequest("open", MappingProxyType(data))


async def test_a_report_redelivered_after_it_was_stored_is_not_merged_into_itself(
    service: CaseService, case_store: RedisCaseStore
) -> None:
    """Stored, then the session save failed: the redelivery gets the same receipt."""
    first = await service.apply(_report("P2", "Музд намедиҳанд"), PERSON, "tg", "m1", WORKING_TIME)
    again = await service.apply(_report("P2", "Музд намедиҳанд"), PERSON, "tg", "m1", WORKING_TIME)
    (case,) = await case_store.all_cases()
    assert first.vars[CASE_VAR] == again.vars[CASE_VAR] == case.id
    assert again.says[0].texts[0].msgid == RECEIVED
    assert case.thread == ()


async def test_a_second_report_joins_the_open_case_and_raises_it(
    service: CaseService, case_store: RedisCaseStore
) -> None:
    """A new report while one is open is added to it: P2 becomes P1, never the reverse."""
    await service.apply(_report("P2", "Музд намедиҳанд"), PERSON, "tg", "m1", WORKING_TIME)
    added = await service.apply(_report("P1", "Маро заданд"), PERSON, "tg", "m2", WORKING_TIME)
    assert added.says[0].texts[0].msgid == ADDED
    await service.apply(_report("P3", "Боз як чиз"), PERSON, "tg", "m3", WORKING_TIME)
    await service.apply(_report("P3", "Боз як чиз"), PERSON, "tg", "m3", WORKING_TIME)
    (case,) = await case_store.all_cases()
    assert case.priority == "P1"
    assert [entry.text for entry in case.thread] == ["Маро заданд", "Боз як чиз"]
