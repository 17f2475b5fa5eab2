"""One masker for the person's words wherever staff read them: card, thread, `cases`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.cases.card import card_text
from bot.cases.masking import MASK, masked
from bot.cases.model import Case, CaseStatus
from bot.engine.resources import Resources


@pytest.mark.parametrize(
    ("typed", "kept", "gone"),
    [
        ("Подольск, мой номер 8916 123-45-67", "Подольск", "8916"),
        ("Маскав, рақамам +992 93 123 45 67", "Маскав", "123 45"),
        ("Kazan, call me on +7 (999) 000-11-22", "Kazan", "000-11-22"),
        ("пишите t.me/rustam_kz или https://wa.me/79990001122", "пишите", "rustam_kz"),
        ("instagram.com/dilya.dubai", "", "dilya"),
        ("www.example.com/job", "", "example"),
        ("mail me rustam.k@example.com", "mail me", "rustam.k"),
        ("мой ник @sklad_job_msk", "мой ник", "sklad_job"),
        ("паспорт № 400123456 у хозяина", "у хозяина", "400123456"),
        ("шиносномаи ман A 1234567 дар дасти бригадир", "дар дасти бригадир", "1234567"),
        ("passport AB1234567 kept by the agency", "kept by the agency", "1234567"),
        ("Екатеринбург", "Екатеринбург", None),
        ("since 12.05, 3 months, 40 000 roubles owed", "3 months", None),
        ("вакансия на sklad-job.ru/vacancy/12", "вакансия на", "sklad-job"),
        ("пиши vk.me/rustam_kz", "пиши", "rustam_kz"),
        ("tg://resolve?domain=rustam_kz", "", "rustam_kz"),
        ("89161234567 звони", "звони", "89161234567"),
        # Dates and money are what happened: they stay.
        ("с 12.05.2024 не платят", "12.05.2024", None),
        ("должны мне 1 200 000 рублей", "1 200 000 рублей", None),
        ("owed $1,250,000 by the agency", "$1,250,000", None),
        ("аз 01.03.2025 то ҳол", "01.03.2025", None),
        # A number beside a money word is still a phone or a card when it is one.
        ("мой номер 89161234567 тг", "мой номер", "89161234567"),
        ("+7 916 123-45-67 сумма 5000", "сумма 5000", "123-45-67"),
        ("карта 4276 1234 5678 9012 rub", "карта", "5678"),
    ],
)
def test_identifying_parts_are_masked(typed: str, kept: str, gone: str | None) -> None:
    """Numbers, e-mails, handles, links and passport-like numbers go; the rest stays."""
    result = masked(typed)
    assert kept in result
    if gone is not None:
        assert gone not in result and MASK in result
    else:
        assert MASK not in result


def test_the_card_masks_the_city_answer(resources: Resources) -> None:
    """What the person typed as their city reaches the desk masked too."""
    case = Case(
        id="C-1001",
        priority="P2",
        status=CaseStatus.WAITING,
        language="ru",
        channel="sms",
        created_at=0.0,
        country="RU",
        city="Подольск, мой номер 8916 123-45-67",
        text="не платят, пишите t.me/rustam_kz",
    )
    card = card_text(case, resources.catalogs, "en", ZoneInfo("Asia/Dushanbe"), {})
    assert "Подольск" in card
    assert "8916" not in card and "rustam_kz" not in card
