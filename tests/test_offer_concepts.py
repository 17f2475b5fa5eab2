"""Concepts read by their parts rather than by example phrases (issue #12): pressure
from any time word, a second bare sum as a price, where the job is, and the places a
gazetteer must not see in common words. Each concept has a twin that must not raise it."""

from __future__ import annotations

import pytest

from bot.offers import money, urgency
from bot.offers.extract import analyse


@pytest.mark.parametrize(
    ("text", "hurried"),
    [
        ("EPS quota for Korea: $4,500. Offer valid 48 hours.", True),
        ("Casino marketing in Shwe Kokko, the team leaves on Monday.", True),
        ("Processing $1,200. This month only!", True),
        ("Guarding objects, 250,000 RUB. Call Aziz, decide by Sunday.", True),
        ("Warehouse work in Poland. Last 4 seats for the October group!", True),
        ("Departure within a week, write in DM.", True),
        ("Interviews TODAY, only 10 positions.", True),
        ("he keeps the passports, dont tell mom yet ok", True),
        ("IMRUZ FAQAT! 5 nafar borkash lozim", True),
        ("Ба хешу табор нагӯед, ки куҷо меравед", True),
        ("guruh pagoh meravad, tez navised", True),
        ("Строго конфиденциально, никому не рассказывайте.", True),
        ("Набор закрываем в воскресенье, пишите в личку.", True),
        # Twins: a pay day, a working week, a walk-in day and an honest notice.
        ("We pay every Friday, contract before departure.", False),
        ("Work Monday to Friday, 8 hours a day.", False),
        ("Take your time to decide; the contract is sent by post.", False),
        ("Никому не платите за место в списке!", False),
        ("Кор аз душанбе то ҷумъа, маош 4000 сомонӣ", False),
    ],
)
def test_pressure_is_read_from_any_time_or_scarcity_word(text: str, hurried: bool) -> None:
    assert (urgency.pressure(text) is not None) == hurried


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("Корея бе имтихон!!! визаи E-9 кафолат, 3000$. Завод, маош 2,8 млн вон", "3000$"),
        ("Israel via Jordan. 7000 shekel per month. 3000$ before departure.", "3000$"),
        ("Poland or Germany, 1300–1800 EUR. Tourist visa is enough. 900$ service.", "900$"),
        # Twins: the salary restated in another currency, and the salary alone.
        ("work permit, 204,000 roubles a month [about £1,900]", None),
        ("Cleaners in Dubai, 1,800 AED/month plus accommodation.", None),
    ],
)
def test_a_second_bare_sum_beside_the_salary_is_a_price(text: str, price: str | None) -> None:
    prices = money.prices(text)
    assert (prices[0].words if prices else None) == price


def test_a_second_sum_is_a_fee_unless_it_is_paid_back_from_wages() -> None:
    assert "fee" in analyse("Korea factory, 2,8 млн вон. Visa E-9 guaranteed, 3000$.").flags
    owed = analyse("Doha guards 2000 QAR. Ticket in advance, we deduct 300 QAR from salary.")
    assert "fee" not in owed.flags


@pytest.mark.parametrize(
    ("text", "destination"),
    [
        # Tajikistan is where the offer is made, not where the job is.
        ("An agent in Dushanbe promised him a job as a guard in Dubai for $1,500.", "AE"),
        ("Кор дар Душанбе, сехи нонпазӣ, 3000 сомонӣ", "TJ"),
        ("Drivers needed in Saint Petersburg, 150,000 rubles", "RU"),
        # A language is not a destination, nor is "per" Perth.
        ("Russian speakers for an online platform in Bangkok, Thailand", "TH"),
        ("Driver for humanitarian cargo, 250k rub per trip", None),
    ],
)
def test_where_the_job_is(text: str, destination: str | None) -> None:
    assert analyse(text).destination == destination
