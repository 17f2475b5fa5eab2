"""Licensed agencies: matching names as people write them, importing a CSV, and the
guided check's answer when an agency is or is not on the list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from bot.engine.resources import Resources
from bot.offers.agencies import (
    AGENCIES_FILE,
    AgenciesError,
    Agency,
    load_agencies,
    match,
)
from bot.offers.agencies_cli import import_csv
from tests.support.dialogue import Dialogue
from tests.support.menu import menu_number

# Made-up agencies for the tests; none is a real company.
LISTED = (
    Agency("Барака Кор", "L-0001", "test", dt.date(2026, 11, 1), ("Baraka Kor",)),
    Agency("Сафари Бехатар", "L-0002", "test", dt.date(2026, 11, 1)),
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Барака Кор", "L-0001"),
        ("ООО «Барака кор»", "L-0001"),  # legal form and quotes
        ("baraka kor llc", "L-0001"),  # Latin
        ("Барака Кор агентство", "L-0001"),
        ("Барака Кop", "L-0001"),  # a Latin look-alike letter
        ("Баракa Кор", "L-0001"),
        ("Сафари Бехатар", "L-0002"),
        ("сафари бехатар", "L-0002"),
        ("Safari Behatar", "L-0002"),
        ("Сафари Бехатр", "L-0002"),  # a typo
        ("Барака Трэвел", None),
        ("Бехатар", None),
        ("0", None),
        ("", None),
    ],
)
def test_fuzzy_matching(typed: str, expected: str | None) -> None:
    """Spellings, scripts, legal forms and small typos match; other names do not."""
    found = match(LISTED, typed)
    assert (found.licence if found else None) == expected


def test_nothing_matches_an_empty_list() -> None:
    """With no list, no licence can be confirmed."""
    assert match((), "Барака Кор") is None


def _csv(path: Path, rows: str) -> Path:
    path.write_text("name,licence,source,verified_on,aliases\n" + rows, encoding="utf-8")
    return path


def test_import_merges_and_keeps_the_header(tmp_path: Path) -> None:
    """Imported rows are merged by name; the file's comment header is kept."""
    (tmp_path / AGENCIES_FILE).write_text("# header kept\n", encoding="utf-8")
    first = _csv(tmp_path / "a.csv", "Барака Кор,L-1,Ministry letter,2026-10-01,Baraka Kor\n")
    assert import_csv(tmp_path, first, replace=False) == 0
    second = _csv(
        tmp_path / "b.csv",
        "ООО Барака Кор,L-9,Ministry list,2026-11-01,\n"
        "Сафари Бехатар,L-2,Ministry list,2026-11-01,\n",
    )
    import_csv(tmp_path, second, replace=False)
    agencies = load_agencies(tmp_path)
    assert [(a.name, a.licence) for a in agencies] == [
        ("ООО Барака Кор", "L-9"),
        ("Сафари Бехатар", "L-2"),
    ]
    assert (tmp_path / AGENCIES_FILE).read_text(encoding="utf-8").startswith("# header kept")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Барака,L-1,,2026-11-01,\n", "line 2: 'source' is required"),
        ("Барака,L-1,src,01.11.2026,\n", "line 2: verified_on must be a date"),
        (",L-1,src,2026-11-01,\n", "line 2: 'name' is required"),
    ],
)
def test_import_refuses_rows_without_source_or_date(tmp_path: Path, row: str, message: str) -> None:
    """No agency is listed without a source and a date; the file is left unchanged."""
    with pytest.raises(AgenciesError, match=message):
        import_csv(tmp_path, _csv(tmp_path / "bad.csv", row), replace=False)
    assert not (tmp_path / AGENCIES_FILE).exists()


def _agency_path(resources: Resources, name: str) -> Dialogue:
    custom = replace(resources, agencies=LISTED)
    chat = Dialogue(custom, hint="en")
    chat.send("hello")
    chat.send(menu_number("@job"))
    for answer in ["1", "3", "1", "2", "2", "1", "1", "2", "2", "2", "2"]:  # Russia, an agency
        chat.send(answer)
    assert chat.session is not None and chat.session.node == "agency"
    chat.send(name)
    return chat


def test_a_listed_agency_is_confirmed(resources: Resources) -> None:
    """A listed agency is named with its licence; the licence question is skipped."""
    chat = _agency_path(resources, "baraka kor")
    assert "Барака Кор is on Safar's list of licensed agencies (licence L-0001)" in chat.text()
    assert chat.session is not None and chat.session.vars["a_licence"] == "yes"
    assert chat.session.vars["a_agency"] == "listed"  # the typed name is not kept


def test_an_unknown_agency_cannot_be_confirmed(resources: Resources) -> None:
    """An unlisted name gets the honest answer and how to check, then the question."""
    chat = _agency_path(resources, "Some Agency")
    assert "Safar cannot confirm this agency's licence" in chat.text()
    assert "migration.tj" in chat.text()
    assert chat.session is not None and chat.session.node == "licence"
