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


@pytest.mark.parametrize(
    ("text", "go_between"),
    [
        ("Brothers, I am not agency, I just help our people. Job in Berlin, 2300 euro.", True),
        ("Мы не военкомат, мы помогаем с оформлением контракта.", True),
        ("Мо агентӣ нестем, танҳо кӯмак мекунем. Кор дар Қазон.", True),
        ("Contact Dilshod, I work together with agency in Warsaw.", True),
        ("Я посредник, лицензии нет. Комиссия 20%.", True),
        # Twins: honest notices that warn against go-betweens.
        ("EPS-TOPIK only through the Migration Agency. Do not pay any middleman.", False),
        ("Регистрация только в офисах Службы. Посредники не нужны.", False),
        ("Бақайдгирӣ ройгон, ба ягон миёнарав пул надиҳед.", False),
    ],
)
def test_a_go_between_is_told_by_what_he_says_he_is_not(text: str, go_between: bool) -> None:
    assert ("unlicensed_agency" in analyse(text).flags) == go_between


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("Job in Serbia, 1800 euro. After 3 months they move you to Croatia.", True),
        ("Работа в Сербии, стройка. Через 3 месяца переезд в Хорватию.", True),
        ("Work in Thailand, $2000. Fly to Bangkok, our driver meets you at the border.", True),
        # Twins: one city named twice, and a move within one country.
        ("NevaMontazh, Kolpino, St Petersburg: installers. The office is in St Petersburg.", False),
        ("Need 3 guys for moving work in St Petersburg, text me.", False),
    ],
)
def test_a_route_or_a_later_move_abroad_is_a_third_country(text: str, route: bool) -> None:
    assert ("third_country" in analyse(text).flags) == route


@pytest.mark.parametrize(
    "text",
    [
        "Faqat to juma qabul mekunem",  # "qabul" (accepted) is not Kabul
        "OOO SibTrans (sh. Krasnoyarsk, kuch. Partizana 18)",  # "kuch" (street), not Kuching
        "Ba Irkutsk ba sexi chub kor hast",  # "chub" (wood), not Juba
        "Няня в семью, проживание с семьёй",  # "семья", not the town Semey
    ],
)
def test_common_words_are_not_places_of_the_gazetteer(text: str) -> None:
    places = {analyse(text).destination}
    assert places <= {None, "RU"}


@pytest.mark.parametrize(
    ("text", "visa"),
    [
        ("Korea factory jobs, we bring you in on a C-3-9 and you start next week.", True),
        ("Израиль, сиделки. Въезд по гостевой, 1000$ за оформление.", True),
        ("Work visa E-9 through EPS, contract signed before departure.", False),
    ],
)
def test_a_visa_that_is_not_for_work_by_its_code_or_class(text: str, visa: bool) -> None:
    assert ("tourist_visa" in analyse(text).flags) == visa


@pytest.mark.parametrize(
    ("text", "flag", "raised"),
    [
        # Pay held to the end, in words no example used; twin: a monthly wage.
        ("Earnings are paid out when the season closes.", "wages_held", True),
        (
            "Wages go to an internal account and are transferred when the 12 months are over.",
            "wages_held",
            True,
        ),
        (
            "Salary 95,000 roubles, settled in one payment once the building is handed over.",
            "wages_held",
            True,
        ),
        ("Salary paid monthly; a bonus when the contract ends.", "wages_held", False),
        # A working day by its ends; twin: an ordinary day.
        ("Work 6am to 7pm daily, Sunday also.", "excessive_hours", True),
        ("Work 8 in morning to 9 in night.", "excessive_hours", True),
        ("Pickers work from 6 am until dark while the harvest lasts.", "excessive_hours", True),
        ("Shifts 9am to 5pm, two days off.", "excessive_hours", False),
        # No written contract; twins: one signed before leaving, and "no contract fees".
        (
            "The employment agreement is drawn up at the site office after you arrive.",
            "no_contract",
            True,
        ),
        (
            "He says a written contract isn't needed because they all work on trust.",
            "no_contract",
            True,
        ),
        ("Nothing is written down, we work on trust.", "no_contract", True),
        ("The contract is signed in Dushanbe before departure.", "no_contract", False),
        ("No contract fees; the employer pays the visa.", "no_contract", False),
        ("The contract is in Russian and Czech, sent before the visa.", "no_contract", False),
        # Documents held, softly put; twins: the passport stays in the worker's hands.
        (
            "New staff deposit their passports with HR for the probation period.",
            "passport_kept",
            True,
        ),
        (
            "Your passport goes to the company PRO and stays in the company file.",
            "passport_kept",
            True,
        ),
        ("Passports remain in the workers' own hands throughout.", "passport_kept", False),
        ("Workers keep their own passports at all times.", "passport_kept", False),
    ],
)
def test_flags_softly_worded_and_their_twins(text: str, flag: str, raised: bool) -> None:
    assert (flag in analyse(text).flags) == raised


@pytest.mark.parametrize(
    ("text", "flag", "raised"),
    [
        # A negation before a pattern's words denies it, as it does a lexicon term.
        ("No need to decide today, take your time.", "pressure", False),
        ("You don't have to answer by Friday.", "pressure", False),
        ("We do not pay only when the contract ends.", "wages_held", False),
        ("We never work 6am to 7pm, shifts are 8 hours.", "excessive_hours", False),
        # An account in the past tense still tells the offer (docs/labelling.md §2).
        ("They told me I must decide today.", "pressure", True),
        ("He said the salary is paid only when the season ends.", "wages_held", True),
    ],
)
def test_negated_and_past_twins_of_pattern_signals(text: str, flag: str, raised: bool) -> None:
    assert (flag in analyse(text).flags) == raised
