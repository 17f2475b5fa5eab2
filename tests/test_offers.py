"""Job offers: red flags found in free text, the scoring model, and `check-offer`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.offers.command import run, screen
from bot.offers.extract import analyse
from bot.offers.score import verdict


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # fees and deposits
        ("Оформление платное, предоплата 300$", "fee"),
        ("Нужен залог 200 долларов", "fee"),
        ("Pay a processing fee of 150 USD", "fee"),
        ("Пешпардохт 2000 сомонӣ", "fee"),
        ("Пули ҳуҷҷатҳо 1500 сомонӣ", "fee"),
        ("puli hujjat 1500", "fee"),
        # passport kept
        ("Паспорт сдаёте работодателю на хранение", "passport_kept"),
        ("We will keep your passport for registration", "passport_kept"),
        ("Шиносномаро корфармо нигоҳ медорад", "passport_kept"),
        ("shinosnomaro korfarmo nigoh medorad", "passport_kept"),
        ("Шиносномаро нигох медорем", "passport_kept"),
        # contracts
        ("Работа без договора, всё по-честному", "no_contract"),
        ("Договор на месте подпишете", "no_contract"),
        ("Бе шартнома кор мекунед", "no_contract"),
        # visas
        ("Едете по туристической визе, потом поменяем", "tourist_visa"),
        ("You come on a visit visa and we change the visa", "tourist_visa"),
        ("Бо раводиди сайёҳӣ меравед", "tourist_visa"),
        # unknown employer
        ("Подробности в лс", "unknown_employer"),
        ("Details in private, DM me", "unknown_employer"),
        # pay too good
        ("Без опыта, высокая зарплата 3000$", "pay_too_good"),
        ("No experience needed, big salary 2500 USD", "pay_too_good"),
        ("Бе таҷриба, маоши баланд 20000 сомонӣ", "pay_too_good"),
        # travel debt
        ("Билет бесплатно, потом вычтем из зарплаты", "travel_debt"),
        ("We pay your ticket, you pay back from your salary", "travel_debt"),
        ("Чиптаро мо медиҳем, аз музд мебарорем", "travel_debt"),
        # pressure and secrecy
        ("Места ограничены, решайте сегодня", "pressure"),
        ("Никому не говорите про эту вакансию", "pressure"),
        ("Ҷой кам, фавран нависед", "pressure"),
        # young women, photos
        ("Требуются девушки до 25 лет, фото в полный рост", "women_photos"),
        ("Girls only, send a full body photo", "women_photos"),
        ("Танҳо духтарони ҷавон лозим", "women_photos"),
        # wages held
        ("Зарплата в конце контракта", "wages_held"),
        ("Маош дар охири шартнома дода мешавад", "wages_held"),
        # scam centres
        ("Работа оператором онлайн в Таиланде", "scam_centre"),
        ("Casino job in Cambodia, good pay", "scam_centre"),
        ("Кори онлайн дар Мянма", "scam_centre"),
        # military
        ("Работа в зоне СВО, высокая оплата", "military"),
        ("Контракт с Минобороны, выплаты", "military"),
        # third country
        ("Летите в Россию через Дубай", "third_country"),
        ("Fly via Bangkok, then we move you", "third_country"),
        # Korea outside EPS
        ("Кор дар Корея бе EPS, ба агентӣ пул диҳед", "unofficial_channel"),
        ("Work in Korea without EPS test", "unofficial_channel"),
    ],
)
def test_flag_found_with_evidence(text: str, flag: str) -> None:
    """Each red flag is found in real-style phrasings and spellings, with its words."""
    found = analyse(text).flags
    assert flag in found, found
    assert found[flag]


@pytest.mark.parametrize(
    "text",
    [
        "Свой дом, свободный график, официальное трудоустройство по договору",
        "Ищем водителя в Алматы, трудовой договор, зарплата 350 000 тенге",
        "Кор дар Корея тавассути EPS, имтиҳони TOPIK",
        "We offer a written contract, the employer pays the visa and ticket",
    ],
)
def test_safe_wording_raises_no_flag(text: str) -> None:
    """Everyday words ("свой", "свободный") and safe offers do not trip the patterns."""
    assert analyse(text).flags == {}


@pytest.mark.parametrize(
    ("text", "destination", "amount", "currency"),
    [
        ("Работа в Москве, 150 000 руб. в месяц", "RU", 150000, "RUB"),
        ("Dubai, salary $1,200", "AE", 1200, "USD"),
        ("Кор дар Туркия, маош 800 доллар", "TR", 800, "USD"),
        ("kor dar Rusiya 70k rub", "RU", 70000, "RUB"),
        ("Алматы, 350 000 тенге", "KZ", 350000, "KZT"),
    ],
)
def test_destination_and_pay(text: str, destination: str, amount: float, currency: str) -> None:
    """Destination and pay with its currency are read from the text."""
    analysis = analyse(text)
    assert analysis.destination == destination
    assert analysis.pay is not None
    assert (analysis.pay.amount, analysis.pay.currency) == (amount, currency)


def test_contacts_are_collected() -> None:
    """Phone numbers, @usernames and t.me/wa.me links are listed."""
    contacts = analyse("Звоните +7 916 123-45-67 или @jobs_dubai, t.me/jobsdubai").contacts
    assert contacts == ("+7 916 123-45-67", "@jobs_dubai", "t.me/jobsdubai")


@pytest.mark.parametrize(
    ("flags", "risk", "score"),
    [
        ({}, "low", 0),
        ({"fee": "x"}, "caution", 2),
        ({"fee": "x", "no_contract": "x"}, "caution", 4),
        ({"fee": "x", "no_contract": "x", "pressure": "x"}, "high", 6),
        ({"passport_kept": "x"}, "high", 3),
        ({"passport_kept": "x", "fee": "x"}, "danger", 5),
        ({"scam_centre": "x", "military": "x"}, "danger", 6),
        ({"fee": "x", "no_contract": "x", "pressure": "x", "wages_held": "x"}, "danger", 8),
        ({"unknown-flag": "x"}, "low", 0),
    ],
)
def test_scoring_follows_the_delphi_combination_rule(
    flags: dict[str, str], risk: str, score: int
) -> None:
    """Strong flags weigh 3, medium 2; the levels follow the combination rule."""
    result = verdict(flags)
    assert (result.risk, result.score) == (risk, score)


def test_verdict_lists_strongest_first() -> None:
    """Flags are listed strongest first, so the worst reason is read first."""
    result = verdict({"fee": "a", "passport_kept": "b"})
    assert [flag.id for flag, _ in result.flags] == ["passport_kept", "fee"]


def test_screen_output_format() -> None:
    """One JSON-ready object with the documented fields."""
    result = screen("Дубай, девушки до 25, виза туристическая, предоплата 500$", offer_id="7")
    assert set(result) >= {"id", "lang", "risk", "score", "flags"}
    assert result["id"] == "7" and result["lang"] == "ru" and result["risk"] == "danger"
    assert {"name": "fee", "evidence": "предоплата"} in result["flags"]


def test_stdin_and_empty_stdin() -> None:
    """One offer from stdin; empty stdin is an error."""
    out, err = io.StringIO(), io.StringIO()
    assert run(None, io.StringIO("Бе шартнома, пешпардохт 100$"), out, err) == 0
    assert json.loads(out.getvalue())["risk"] == "caution"
    assert run(None, io.StringIO("  \n"), io.StringIO(), err) == 1
    assert "no text on stdin" in err.getvalue()


def test_batch_reports_malformed_lines(tmp_path: Path) -> None:
    """Malformed lines are named by number and skipped; the exit status says so."""
    path = tmp_path / "offers.jsonl"
    path.write_text(
        '{"id": "a", "text": "Паспорт сдаёте на хранение"}\n'
        "not json\n\n"
        '{"text": 5}\n'
        '{"text": "Job with contract", "lang": "en"}\n',
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    assert run(path, out=out, errors=err) == 1
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["id"], r["risk"]) for r in lines] == [("a", "high"), ("5", "low")]
    assert lines[1]["lang"] == "en"
    assert "line 2: not JSON" in err.getvalue()
    assert 'line 4: expected an object with a "text" string' in err.getvalue()
    assert "2 malformed line(s) skipped" in err.getvalue()
