"""Money in offers, in Russian, Tajik and English: amounts, salary against fee, non-money."""

from __future__ import annotations

import pytest

from bot.offers.money import Amount, amounts, fees, salary

NANNY = (
    "Nanny wanted in Riyadh. The family holds your passport so it does not get lost. "
    "Pay the agent $600 before the flight."
)
VAHTA = "Склад Подольск, вахта 60/30, зарплата 280 000 руб"

Read = tuple[float, str | None, str | None, str]

CASES: list[tuple[str, list[Read]]] = [
    # --- Russian: figures and multipliers
    ("Зарплата 250 000 руб в месяц", [(250_000, "RUB", "month", "salary")]),
    ("ЗП 250000р", [(250_000, "RUB", None, "salary")]),
    ("з/п 250к", [(250_000, None, None, "salary")]),
    ("Доход 250 k в месяц", [(250_000, None, "month", "salary")]),
    ("Оклад 250 тыс. руб.", [(250_000, "RUB", None, "salary")]),
    ("Заработок 250 тысяч рублей ежемесячно", [(250_000, "RUB", "month", "salary")]),
    ("Зарплата 250 т.р.", [(250_000, "RUB", None, "salary")]),
    ("Оплата труда: 1,5 млн вон", [(1_500_000, "KRW", None, "salary")]),
    ("Зарплата от 80 до 120 тыс", [(120_000, None, None, "salary")]),
    ("З/п 80-120к", [(120_000, None, None, "salary")]),
    ("Зарплата от 80 000 руб до 120 000 руб", [(120_000, "RUB", None, "salary")]),
    ("Зарплата 120 000 - 150 000 рублей", [(150_000, "RUB", None, "salary")]),
    ("Зарплата 80 000–120 000 руб", [(120_000, "RUB", None, "salary")]),
    ("Зарплата 120 000 к концу месяца", [(120_000, None, None, "salary")]),
    ("Оклад 5000 руб до 15 числа", [(5000, "RUB", None, "salary")]),
    # --- Russian typed in Latin
    ("betonshiki bez opyta 300k v mesyac", [(300_000, None, "month", "other")]),
    ("zarplata 80 tys v mesyac", [(80_000, None, "month", "salary")]),
    ("sklad 3500 za smenu", [(3500, None, "shift", "other")]),
    ("zp 5000 v den", [(5000, None, "day", "salary")]),
    # --- the recruiter's price is a fee, not pay
    ("Price $3000, half before the exam", [(3000, "USD", None, "fee")]),
    ("Narkh 3000$. Navised.", [(3000, "USD", None, "fee")]),
    ("Pay £3000 to me in Dushanbe", [(3000, "GBP", None, "fee")]),
    ("Посредник берёт 300 евро за запись", [(300, "EUR", None, "fee")]),
    ("Барои либоси корӣ 5000 рублро худатон медиҳед", [(5000, "RUB", None, "fee")]),
    # --- Russian: currencies
    ("З/п 1200 KWD", [(1200, "KWD", None, "salary")]),
    ("Salary KD 150 per month", [(150, "KWD", "month", "salary")]),
    ("маош 7000 шекел дар як моҳ", [(7000, "ILS", "month", "salary")]),
    ("Salary ₪6,500", [(6500, "ILS", None, "salary")]),
    ("Зарплата 260 000 иен", [(260_000, "JPY", None, "salary")]),
    ("1500 yen per hour", [(1500, "JPY", "hour", "other")]),
    ("Зарплата 1500$ в месяц", [(1500, "USD", "month", "salary")]),
    ("Зарплата $1500", [(1500, "USD", None, "salary")]),
    ("Зарплата 1 500 USD", [(1500, "USD", None, "salary")]),
    ("Зарплата 800 у.е.", [(800, "USD", None, "salary")]),
    ("Зарплата 2000 долларов", [(2000, "USD", None, "salary")]),
    ("Оплата 3000 AED в месяц", [(3000, "AED", "month", "salary")]),
    ("Зарплата 3000 дирхамов", [(3000, "AED", None, "salary")]),
    ("Зарплата 2500 SAR", [(2500, "SAR", None, "salary")]),
    ("Зарплата 2500 риялов", [(2500, "SAR", None, "salary")]),
    ("Зарплата 3000 катарских риялов", [(3000, "QAR", None, "salary")]),
    ("Работа в Катаре, зарплата 3000 риялов", [(3000, "QAR", None, "salary")]),
    ("Зарплата 4 млн KRW в месяц", [(4_000_000, "KRW", "month", "salary")]),
    ("Зарплата 2 000 000 вон", [(2_000_000, "KRW", None, "salary")]),
    ("Зарплата 60 000 тенге", [(60_000, "KZT", None, "salary")]),
    ("Зарплата 60 000 ₸ в месяц", [(60_000, "KZT", "month", "salary")]),
    ("Зарплата 12 £ в час", [(12, "GBP", "hour", "salary")]),
    ("Ставка 30 zł/h", [(30, "PLN", "hour", "salary")]),
    ("Зарплата 30 злотых в час", [(30, "PLN", "hour", "salary")]),
    ("Зарплата 1000 лир в неделю", [(1000, "TRY", "week", "salary")]),
    ("Зарплата 800 евро в месяц", [(800, "EUR", "month", "salary")]),
    ("Зарплата 5000 сомони", [(5000, "TJS", None, "salary")]),
    # --- Russian: periods
    ("Оплата 3500 в день", [(3500, None, "day", "salary")]),
    ("Оплата 3000 руб за смену", [(3000, "RUB", "shift", "salary")]),
    ("Ставка 500 р/ч", [(500, "RUB", "hour", "salary")]),
    ("Зарплата 140 000 за вахту", [(140_000, None, "season", "salary")]),
    ("Сбор яблок, 120 000 руб за сезон", [(120_000, "RUB", "season", "other")]),
    ("В месяц 120 000 руб", [(120_000, "RUB", "month", "other")]),
    ("Зарплата 90 000 руб на руки", [(90_000, "RUB", None, "salary")]),
    ("Зарплата:\n120 000 руб", [(120_000, "RUB", None, "salary")]),
    (VAHTA, [(280_000, "RUB", None, "salary")]),
    # --- Russian: fees and other costs
    ("Предоплата 5000 руб", [(5000, "RUB", None, "fee")]),
    ("За оформление 15 000 рублей", [(15_000, "RUB", None, "fee")]),
    ("Залог 10 000 руб за спецодежду", [(10_000, "RUB", None, "fee")]),
    ("Взнос 300$ до вылета", [(300, "USD", None, "fee")]),
    ("Комиссия агентства 20 000 руб", [(20_000, "RUB", None, "fee")]),
    ("Стоимость услуг 500 долларов", [(500, "USD", None, "fee")]),
    ("Виза 300$", [(300, "USD", None, "fee")]),
    ("Оплата 600$ за визу", [(600, "USD", None, "fee")]),
    ("Оформление визы - 300$", [(300, "USD", None, "fee")]),
    (
        "За визу 250 долларов, за билет 300 долларов",
        [(250, "USD", None, "fee"), (300, "USD", None, "fee")],
    ),
    ("Зарплата 2000$, за визу 300$", [(2000, "USD", None, "salary"), (300, "USD", None, "fee")]),
    (
        "Зарплата 120 000 руб. Предоплата 5000 руб за оформление",
        [(120_000, "RUB", None, "salary"), (5000, "RUB", None, "fee")],
    ),
    ("Проживание 5000 руб в месяц", [(5000, "RUB", "month", "other")]),
    ("Нужно оплатить 15000 рублей за патент", [(15_000, "RUB", None, "fee")]),
    ("Работа в Корее без EPS, оформление 2500$", [(2500, "USD", None, "fee")]),
    ("Официальное оформление, зарплата 90 000", [(90_000, None, None, "salary")]),
    ("Зарплата 90 000 руб, официальное оформление", [(90_000, "RUB", None, "salary")]),
    (
        "Зарплата 2000 долл. Виза 300 долл.",
        [(2000, "USD", None, "salary"), (300, "USD", None, "fee")],
    ),
    ("Выплаты от 200 000 руб.", [(200_000, "RUB", None, "salary")]),
    # --- Tajik, Cyrillic
    ("Маош 5000 сомонӣ дар як моҳ", [(5000, "TJS", "month", "salary")]),
    ("Маоши моҳона 8000 сомонӣ", [(8000, "TJS", "month", "salary")]),
    ("Музд 500 рубл соатӣ", [(500, "RUB", "hour", "salary")]),
    ("Маош рӯзона 3000 рубл", [(3000, "RUB", "day", "salary")]),
    ("Маош 2000 доллар дар як моҳ", [(2000, "USD", "month", "salary")]),
    ("Маош 3000 рубл дар як рӯз", [(3000, "RUB", "day", "salary")]),
    ("Маош 400 сомонӣ дар як ҳафта", [(400, "TJS", "week", "salary")]),
    ("Маош 5 ҳазор сомонӣ", [(5000, "TJS", None, "salary")]),
    ("Маош 120 ҳазор рубл дар як моҳ", [(120_000, "RUB", "month", "salary")]),
    ("Кор дар Маскав, маош аз 80 то 120 ҳазор рубл", [(120_000, "RUB", None, "salary")]),
    ("Дар як рӯз 2500 рубл", [(2500, "RUB", "day", "other")]),
    ("Пешпардохт 500 доллар", [(500, "USD", None, "fee")]),
    ("Пули ҳуҷҷат 3000 сомонӣ", [(3000, "TJS", None, "fee")]),
    ("Барои виза 400 доллар пардохт кунед", [(400, "USD", None, "fee")]),
    ("Маош 1500 дирҳам дар як моҳ", [(1500, "AED", "month", "salary")]),
    ("Маош 300 000 танга", [(300_000, "KZT", None, "salary")]),
    ("Кор дар Русия, пули хуччат 500 доллар", [(500, "USD", None, "fee")]),  # Russian keys
    ("Маош мохона 5000 сомони", [(5000, "TJS", "month", "salary")]),
    ("Маош 3000 рубл дар як руз", [(3000, "RUB", "day", "salary")]),
    (
        "Маоши баланд 2000$ дар як моҳ, пешпардохт 300$",
        [(2000, "USD", "month", "salary"), (300, "USD", None, "fee")],
    ),
    ("Кори онлайн, 2000 доллар. Чипта ройгон.", [(2000, "USD", None, "other")]),
    # --- Tajik, Latin
    ("Maosh 5000 somoni dar yak moh", [(5000, "TJS", "month", "salary")]),
    ("Maosh 1500 dollar har moh", [(1500, "USD", "month", "salary")]),
    ("Peshpardokht 300 dollar", [(300, "USD", None, "fee")]),
    ("Maosh 120 hazor rubl", [(120_000, "RUB", None, "salary")]),
    ("Muzd 500 rubl soati", [(500, "RUB", "hour", "salary")]),
    ("Kori onlayn dar Tailand, chipta royon, 2000 dollar.", [(2000, "USD", None, "other")]),
    ("Kor dar Koreya be EPS, puli hujjat 2000 dollar.", [(2000, "USD", None, "fee")]),
    # --- English
    ("Salary $1,500 per month", [(1500, "USD", "month", "salary")]),
    ("Salary: 3000 AED monthly", [(3000, "AED", "month", "salary")]),
    ("Wage £12.21 an hour", [(12.21, "GBP", "hour", "salary")]),
    ("Earn up to 2,500 SAR a month", [(2500, "SAR", "month", "salary")]),
    ("Pay: 30 PLN/h", [(30, "PLN", "hour", "salary")]),
    ("Salary 4 mln KRW", [(4_000_000, "KRW", None, "salary")]),
    ("Salary 1.5 mln won", [(1_500_000, "KRW", None, "salary")]),
    ("Salary ₩2,000,000 a month", [(2_000_000, "KRW", "month", "salary")]),
    ("Salary from $1,500 to $2,000 per month", [(2000, "USD", "month", "salary")]),
    ("Salary 250k per month", [(250_000, None, "month", "salary")]),
    ("Salary 3000 QAR per month plus food", [(3000, "QAR", "month", "salary")]),
    ("Salary 1200 TL per week", [(1200, "TRY", "week", "salary")]),
    ("Salary 60 000 tenge", [(60_000, "KZT", None, "salary")]),
    ("Visa fee $300", [(300, "USD", None, "fee")]),
    ("Deposit of $500 required", [(500, "USD", None, "fee")]),
    ("Pay the agent $600 before the flight", [(600, "USD", None, "fee")]),
    (NANNY, [(600, "USD", None, "fee")]),
    (
        "Salary 2000 USD, you pay $400 for the visa",
        [(2000, "USD", None, "salary"), (400, "USD", None, "fee")],
    ),
    ("Accommodation £80 per week", [(80, "GBP", "week", "other")]),
    ("Harvest work: 150 dirhams per day", [(150, "AED", "day", "other")]),
    ("£12.71 per hour, 40 hours a week", [(12.71, "GBP", "hour", "other")]),
    ("1500 EUR net per month", [(1500, "EUR", "month", "other")]),
    ("€800 a month", [(800, "EUR", "month", "other")]),
    # --- Money next to numbers that are not money
    ("Зарплата 250 000 руб 89991234567", [(250_000, "RUB", None, "salary")]),
    (
        "Тел. 8 (926) 311-52-53, зарплата 90 000 руб",
        [(90_000, "RUB", None, "salary")],
    ),
    ("Возраст до 35 лет, зарплата до 150 000", [(150_000, None, None, "salary")]),
    ("Смена 12 часов, 3500 руб за смену", [(3500, "RUB", "shift", "other")]),
    ("$1500 (около 135 000 руб)", [(1500, "USD", None, "other"), (135_000, "RUB", None, "other")]),
]

NOT_MONEY = [
    "Возраст до 35 лет",
    "Требуются мужчины от 18 до 45 лет",
    "Смена 12 часов",
    "График 2/2, смены по 12 часов",
    "Вахта 60/30",
    "Вахта 30/30, требуется 15 человек",
    "Звоните +7 999 123-45-67",
    "Тел: 8 (926) 311-52-53",
    "WhatsApp +992 93 880 28 19",
    "Номер 918-85-3434",
    "Выезд 15.12.2026 в 10:00",
    "Начало работы с 1 декабря 2026 года",
    "Опыт работы от 2-3 лет",
    "Требуется 100 человек на склад",
    "Работа 6 дней в неделю",
    "Зарплата 2 раза в месяц",
    "В 2026 году зарплата выросла",
    "ИНН 7701234567",
    "Синну сол аз 18 то 40 сол",
    "12 соат дар як рӯз",
    "Age 18-40, 12 hours a day",
    "Call +44 7700 900123",
    "Flight on 01/12/2026 at 09:30",
    "Shifts of 12-hour, 5/2 schedule",
    "Telegram @job_moscow_2026, t.me/rabota12345",
    "Номер счёта 40817810099910004312",
]


def _read(found: Amount) -> Read:
    return (found.value, found.currency, found.period, found.kind)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_amounts(text: str, expected: list[Read]) -> None:
    """Each amount's value, currency, period and kind, and its span in the text."""
    found = amounts(text)
    assert [_read(a) for a in found] == expected
    for amount in found:
        assert text[amount.start : amount.end] == amount.words


@pytest.mark.parametrize("text", NOT_MONEY)
def test_numbers_that_are_not_money(text: str) -> None:
    """Phones, dates, times, ages, schedules, hours and counts are never amounts."""
    assert amounts(text) == []


def test_enough_cases() -> None:
    """The table covers the three languages well."""
    assert len(CASES) + len(NOT_MONEY) >= 70


@pytest.mark.parametrize(
    ("text", "low", "value"),
    [
        ("Зарплата от 80 до 120 тыс", 80_000, 120_000),
        ("З/п 80-120к", 80_000, 120_000),
        ("Salary from $1,500 to $2,000 per month", 1500, 2000),
        ("Маош аз 80 то 120 ҳазор рубл", 80_000, 120_000),
    ],
)
def test_a_range_reads_as_its_upper_end(text: str, low: float, value: float) -> None:
    """The upper end lures and is the most a fee costs; the lower end is kept."""
    (amount,) = amounts(text)
    assert (amount.low, amount.value) == (low, value)


def test_words_keep_the_period() -> None:
    """The span covers the figure, multiplier, currency and period as written."""
    text = "Работа в Москве: 250 тыс. руб в месяц, жильё бесплатно"
    (amount,) = amounts(text)
    assert amount.words == "250 тыс. руб в месяц"
    assert (amount.start, amount.end) == (17, 37)


def test_no_break_spaces_and_dashes() -> None:
    """Typographic spaces and dashes read like plain ones; spans still fit the text."""
    text = "Зарплата 80\u00a0000\u2013120\u00a0000\u00a0₽"
    (amount,) = amounts(text)
    assert (amount.low, amount.value, amount.currency) == (80_000, 120_000, "RUB")
    assert amount.words == text[9:]


def test_nanny_offer_is_a_fee_and_no_salary() -> None:
    """Paying the agent is a fee; the offer promises no salary at all."""
    assert salary(NANNY) is None
    (fee,) = fees(NANNY)
    assert (fee.value, fee.currency, fee.words) == (600, "USD", "$600")


def test_vahta_salary_has_no_period() -> None:
    """The "60/30" is the vahta schedule; the salary states no period (wages: a month)."""
    found = salary(VAHTA)
    assert found is not None
    assert (found.value, found.currency, found.period) == (280_000, "RUB", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Оплата 3500 руб за смену, зарплата в месяц до 90 000 руб", (90_000, "month")),
        ("Работа в Москве, 120 000 руб в месяц", (120_000, "month")),
        ("Salary $2,000; visa fee $300", (2000, None)),
        ("Маош 3000 рубл дар як рӯз", (3000, "day")),
    ],
)
def test_salary_prefers_a_monthly_pay_word(text: str, expected: tuple[float, str | None]) -> None:
    """A pay word and a monthly figure make the most likely salary."""
    found = salary(text)
    assert found is not None
    assert (found.value, found.period) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Предоплата 5000 руб",
        "Проживание 5000 руб в месяц",
        "Возраст до 35 лет, смена 12 часов",
        "Pay the agent $600",
    ],
)
def test_no_salary(text: str) -> None:
    """Fees, housing costs and non-money numbers are never the salary."""
    assert salary(text) is None


def test_fees_lists_every_fee() -> None:
    """Every fee is listed, in order; the salary is not."""
    text = "Зарплата 2000$, за визу 300$, за билет 250$, пешпардохт 100 доллар"
    assert [(f.value, f.currency) for f in fees(text)] == [(300, "USD"), (250, "USD"), (100, "USD")]
