"""The wage table's sources and checks, and the too-good verdict for each destination."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.offers.money import Amount, amounts, salary
from bot.offers.wages import (
    DATA_DIR,
    FACTOR,
    WAGES_FILE,
    WORK_KINDS,
    Rate,
    WageRow,
    WagesError,
    WageTable,
    default_table,
    load_wages,
    per_month,
    too_good,
)

MAIN_DESTINATIONS = {"RU", "KZ", "TR", "AE", "SA", "QA", "KR", "GB", "PL"}

GOOD_ROW = """
[[wage]]
country = "RU"
work = "construction"
low = 60000
high = 175834
currency = "RUB"
source = "test source, 2025"
verified_on = 2026-12-01
confidence = "medium"
"""


def _pay(value: float, currency: str | None, period: str | None = None) -> Amount:
    return Amount(value, currency, period, "salary", 0, 1, "x")


def _table(tmp_path: Path, text: str) -> WageTable:
    (tmp_path / WAGES_FILE).write_text(text, encoding="utf-8")
    return load_wages(tmp_path)


# --- The shipped table ------------------------------------------------------------


def test_shipped_table_loads_with_a_source_for_every_row() -> None:
    """Every row and rate says where it was read and when."""
    table = load_wages(DATA_DIR)
    assert table.rows and table.rates
    for item in (*table.rows, *table.rates):
        assert isinstance(item, WageRow | Rate)
        assert item.source.strip()
        assert item.verified_on <= dt.date(2026, 12, 1)
    assert {row.country for row in table.rows} >= MAIN_DESTINATIONS


def test_every_main_destination_has_a_fallback_row() -> None:
    """Any kind of work finds a row in each main destination."""
    table = default_table()
    for country in MAIN_DESTINATIONS:
        for work in WORK_KINDS:
            assert table.row(country, work) is not None, (country, work)


def test_minimum_only_rows_say_so() -> None:
    """Where only a legal minimum was found, the note says so and confidence is capped."""
    for row in default_table().rows:
        if row.low == row.high:
            assert "minimum" in row.note.lower()
            assert row.confidence != "high"


# --- Validation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (GOOD_ROW.replace('source = "test source, 2025"\n', ""), "missing source"),
        (GOOD_ROW.replace("verified_on = 2026-12-01\n", ""), "missing verified_on"),
        (GOOD_ROW.replace('source = "test source, 2025"', 'source = ""'), "missing source"),
        (GOOD_ROW.replace("2026-12-01", '"2026-12-01"'), "verified_on must be a date"),
        (GOOD_ROW.replace("2026-12-01", "2026-12-01T10:00:00"), "verified_on must be a date"),
        (GOOD_ROW.replace('"medium"', '"sure"'), "confidence must be one of"),
        (GOOD_ROW.replace('"RU"', '"Russia"'), "country must be a two-letter code"),
        (GOOD_ROW.replace('"construction"', '"mining"'), "work must be one of"),
        (GOOD_ROW.replace('"RUB"', '"RUR"'), "currency must be one of"),
        (GOOD_ROW.replace("low = 60000", "low = 200000"), "low is above high"),
        (GOOD_ROW.replace("low = 60000", "low = -5"), "low must be a positive number"),
        (GOOD_ROW.replace("high = 175834", 'high = "lots"'), "high must be a positive number"),
        (GOOD_ROW.replace("high = 175834", "high = true"), "high must be a positive number"),
        (GOOD_ROW + 'period = "year"\n', "period must be one of"),
        (GOOD_ROW + 'region = ""\n', "region must be a name"),
        (GOOD_ROW + 'salary = "high"\n', "unknown key 'salary'"),
        (GOOD_ROW + "note = 5\n", "note must be text"),
    ],
)
def test_a_bad_row_is_refused_by_its_index(tmp_path: Path, bad_row: str, message: str) -> None:
    """A faulty second row stops loading with its number and what is wrong."""
    with pytest.raises(WagesError, match=message) as error:
        _table(tmp_path, GOOD_ROW + bad_row)
    assert "wage #2" in str(error.value)


def test_a_duplicate_row_is_refused(tmp_path: Path) -> None:
    """The same country, region and work twice would hide one of them."""
    with pytest.raises(WagesError, match="appears twice"):
        _table(tmp_path, GOOD_ROW + GOOD_ROW)


def test_the_same_work_in_another_region_is_no_duplicate(tmp_path: Path) -> None:
    """A regional row sits beside the country row."""
    table = _table(tmp_path, GOOD_ROW + GOOD_ROW + 'region = "Moscow"\n')
    assert len(table.rows) == 2


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (
            '[[rate]]\ncurrency = "RUB"\nper_usd = 77.1\nverified_on = 2026-12-01\n',
            "missing source",
        ),
        (
            '[[rate]]\ncurrency = "RUB"\nper_usd = 0\nsource = "x"\nverified_on = 2026-12-01\n',
            "per_usd",
        ),
        (
            '[[rate]]\ncurrency = "USD"\nper_usd = 1\nsource = "x"\nverified_on = 2026-12-01\n',
            "USD",
        ),
        (
            '[[rate]]\ncurrency = "XYZ"\nper_usd = 1\nsource = "x"\nverified_on = 2026-12-01\n',
            "currency",
        ),
    ],
)
def test_a_bad_rate_is_refused_by_its_index(tmp_path: Path, rate: str, message: str) -> None:
    """Rates are checked like rows: sourced, dated, positive, per US dollar."""
    with pytest.raises(WagesError, match=message) as error:
        _table(tmp_path, GOOD_ROW + rate)
    assert "rate #1" in str(error.value)


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    """Broken TOML and a missing file are faults naming the file."""
    with pytest.raises(WagesError, match=WAGES_FILE):
        _table(tmp_path, "[[wage]\n")
    with pytest.raises(WagesError, match=WAGES_FILE):
        load_wages(tmp_path / "nowhere")


def test_a_row_that_is_not_a_table(tmp_path: Path) -> None:
    """`wage = [1, 2]` is refused too."""
    with pytest.raises(WagesError, match="wage #1: must be a table"):
        _table(tmp_path, "wage = [1, 2]\n")


# --- Too good, per destination ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "work", "region", "expected"),
    [
        ("Стройка в Москве, зарплата 500 000 руб в месяц", "RU", "construction", None, True),
        ("Стройка в Москве, зарплата 120 000 руб в месяц", "RU", "construction", None, False),
        ("Склад, зарплата 300 000 руб", "RU", "warehouse", None, True),
        ("Склад, зарплата 95 000 руб", "RU", "warehouse", None, False),
        ("Уборщица, 200 000 руб в месяц", "RU", "cleaning", None, True),
        ("Уборщица, 55 000 руб в месяц", "RU", "cleaning", None, False),
        ("Водитель в Алматы, 1 500 000 тенге", "KZ", "driving", "Almaty", True),
        ("Водитель в Алматы, 350 000 тенге", "KZ", "driving", "Almaty", False),
        ("Кор дар Туркия, маош 100 000 лир", "TR", "hospitality", None, True),
        ("Кор дар Туркия, маош 30 000 лир", "TR", "hospitality", None, False),
        ("Nanny in Dubai, salary 5000 AED a month", "AE", "domestic", None, True),
        ("Nanny in Dubai, salary 1200 AED a month", "AE", "domestic", None, False),
        ("Housemaid in Riyadh, 6000 SAR per month", "SA", "domestic", None, True),
        ("Housemaid in Riyadh, 1800 SAR per month", "SA", "domestic", None, False),
        ("Construction in Doha, 5000 QAR monthly", "QA", "construction", None, True),
        ("Construction in Doha, 1500 QAR monthly", "QA", "construction", None, False),
        ("Корея, завод, зарплата 6 млн вон", "KR", "factory", None, True),
        ("Корея, завод, зарплата 2,5 млн вон", "KR", "factory", None, False),
        ("Fruit picking in Kent, £30 per hour", "GB", "agriculture", None, True),
        ("Fruit picking in Kent, £12.71 per hour", "GB", "agriculture", None, False),
        ("Magazyn, 15 000 zł miesięcznie, wynagrodzenie", "PL", "warehouse", None, True),
        ("Работа в Польше, зарплата 5000 злотых", "PL", "warehouse", None, False),
    ],
)
def test_too_good_and_normal_offers(
    text: str, country: str, work: str, region: str | None, expected: bool
) -> None:
    """Far above what the work pays is too good; around it is not."""
    (amount,) = amounts(text)
    check = too_good(amount, country, work, region=region)
    assert check is not None
    assert check.too_good is expected
    assert check.limit == pytest.approx(FACTOR * check.row.monthly_high)


def test_the_vahta_salary_reads_as_a_month() -> None:
    """A vahta salary with no period is taken per month; for a warehouse it is too good."""
    amount = salary("Склад Подольск, вахта 60/30, зарплата 280 000 руб")
    assert amount is not None
    check = too_good(amount, "RU", "warehouse")
    assert check is not None
    assert check.monthly == 280_000
    assert check.too_good
    assert "no period stated: read as a month" in check.assumptions


def test_a_fee_is_never_judged_as_pay() -> None:
    """The nanny offer asks for money and promises none: no wage verdict."""
    text = (
        "Nanny wanted in Riyadh. The family holds your passport so it does not get lost. "
        "Pay the agent $600 before the flight."
    )
    (fee,) = amounts(text)
    assert too_good(fee, "SA", "domestic") is None


# --- Periods ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "monthly"),
    [
        ("hour", 100 * 8 * 26),
        ("day", 100 * 26),
        ("shift", 100 * 26),
        ("week", 100 * 52 / 12),
        ("month", 100),
        ("season", 100 / 3),
        (None, 100),
    ],
)
def test_periods_become_months(period: str | None, monthly: float) -> None:
    """8 h a day, 26 days a month, a shift is a day, a season 3 months, none a month."""
    assert per_month(100, period) == pytest.approx(monthly)


def test_an_hourly_offer_against_a_monthly_row() -> None:
    """500 руб в час is 104,000 a month: normal for a Russian warehouse."""
    (amount,) = amounts("Склад, оплата 500 руб в час")
    check = too_good(amount, "RU", "warehouse")
    assert check is not None
    assert check.monthly == pytest.approx(104_000)
    assert not check.too_good
    assert check.assumptions == ("per hour x 8 h x 26 days",)


def test_a_shift_rate_counts_one_shift_a_day() -> None:
    """15 000 руб за смену is 390,000 a month: too good for a labourer."""
    (amount,) = amounts("Разнорабочий, 15 000 руб за смену")
    check = too_good(amount, "RU", None)
    assert check is not None
    assert check.monthly == pytest.approx(390_000)
    assert check.too_good
    assert check.row.work == "general"


def test_an_hourly_row_against_a_monthly_offer() -> None:
    """The UK minimum is hourly in the table and compared per month."""
    row = default_table().row("GB", "general")
    assert row is not None
    assert row.monthly_high == pytest.approx(12.71 * 8 * 26)
    check = too_good(_pay(2500, "GBP", "month"), "GB", "general")
    assert check is not None
    assert not check.too_good


def test_a_season_lump_sum() -> None:
    """A lump sum for the season is spread over three months."""
    check = too_good(_pay(450_000, "RUB", "season"), "RU", "agriculture")
    assert check is not None
    assert check.monthly == pytest.approx(150_000)
    assert not check.too_good


# --- Currencies -------------------------------------------------------------------


def test_dollars_offered_for_russia_are_converted() -> None:
    """$5000 a month in Moscow converts at the stored rate and is too good."""
    amount = salary("Стройка в Москве, зарплата $5000 в месяц")
    assert amount is not None
    check = too_good(amount, "RU", "construction")
    assert check is not None
    assert [rate.currency for rate in check.rates] == ["RUB"]
    assert check.monthly == pytest.approx(5000 * check.rates[0].per_usd)
    assert check.too_good
    assert any(a.startswith("converted from USD") for a in check.assumptions)


def test_dollars_for_russia_at_a_normal_level() -> None:
    """$1500 a month is about 116,000 RUB: normal for construction."""
    check = too_good(_pay(1500, "USD", "month"), "RU", "construction")
    assert check is not None
    assert not check.too_good


def test_cross_currency_goes_through_dollars() -> None:
    """Euros offered for Türkiye convert EUR -> USD -> TRY with both rates named."""
    check = too_good(_pay(800, "EUR", "month"), "TR", "general")
    assert check is not None
    assert [rate.currency for rate in check.rates] == ["EUR", "TRY"]
    table = default_table()
    eur, tr = table.rate("EUR"), table.rate("TRY")
    assert eur is not None and tr is not None
    assert check.monthly == pytest.approx(800 / eur.per_usd * tr.per_usd)


def test_no_rate_no_verdict() -> None:
    """Without a stored rate the currencies are not compared (no tenge rate is stored)."""
    assert too_good(_pay(1_000_000, "KZT"), "RU", "construction") is None
    assert too_good(_pay(5000, "TJS"), "KZ", "general") is None


def test_no_currency_means_the_local_one() -> None:
    """ "Зарплата 280 000" in Russia is roubles."""
    check = too_good(_pay(280_000, None), "RU", "general")
    assert check is not None
    assert "no currency stated: read as RUB" in check.assumptions


# --- Choosing the row -------------------------------------------------------------


def test_region_then_country_then_general() -> None:
    """A regional row wins for its city; other cities fall back to the country row."""
    table = default_table()
    almaty = table.row("KZ", "driving", "almaty")
    assert almaty is not None and almaty.region == "Almaty"
    elsewhere = table.row("KZ", "driving", "Shymkent")
    assert elsewhere is not None and elsewhere.region is None
    assert table.row("RU", "warehouse", "Moscow") == table.row("RU", "warehouse")


def test_work_beats_region() -> None:
    """The country row for the work beats a regional general row."""
    row = WageRow("KZ", "driving", 1, 2, "KZT", "s", dt.date(2026, 12, 1), "low")
    general = WageRow("KZ", "general", 1, 9, "KZT", "s", dt.date(2026, 12, 1), "low", region="X")
    assert WageTable((row, general)).row("KZ", "driving", "X") == row


def test_nothing_to_compare_with() -> None:
    """No destination, or one without rows, gives no verdict."""
    assert too_good(_pay(1000, "USD"), None, "general") is None
    assert too_good(_pay(1000, "USD"), "VN", "general") is None


def test_south_east_asian_pay_is_judged_in_baht_and_ringgit_too() -> None:
    """A scam compound's "operator, $1,500" is far above what work pays in Cambodia, and
    Thai and Malaysian rows compare an offer in dollars through the stored rates."""
    cambodia = too_good(_pay(1500, "USD"), "KH", "general")
    assert cambodia is not None and cambodia.too_good
    thailand = too_good(_pay(2000, "USD"), "TH", "general")
    assert thailand is not None and thailand.too_good and thailand.rates
    assert thailand.row.currency == "THB"
    local = too_good(_pay(12000, "THB"), "TH", "general")
    assert local is not None and not local.too_good  # about the Bangkok minimum
    malaysia = too_good(_pay(1800, "MYR"), "MY", "general")
    assert malaysia is not None and not malaysia.too_good


def test_an_unknown_kind_of_work_is_a_caller_error() -> None:
    """A misspelt kind of work is a bug, not a verdict."""
    with pytest.raises(ValueError, match="work must be one of"):
        too_good(_pay(1000, "USD"), "RU", "builders")


def test_a_table_can_be_passed_in() -> None:
    """Callers and tests can supply their own table and rates."""
    row = WageRow("RU", "general", 50, 100, "RUB", "s", dt.date(2026, 12, 1), "low")
    rate = Rate("RUB", 100.0, "s", dt.date(2026, 12, 1))
    check = too_good(_pay(3, "USD"), "ru", "general", table=WageTable((row,), (rate,)))
    assert check is not None
    assert (check.monthly, check.too_good, check.ratio) == (300, True, 3)
