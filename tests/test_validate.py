"""``flows check``: each kind of fault is found and named by file and node."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from bot.config.settings import load_settings
from bot.engine.validate import Fault, validate
from tests.conftest import FIXED_NOW


def _faults(root: Path) -> list[Fault]:
    return validate(load_settings(root / "config.toml", env={}), now=FIXED_NOW)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _set_translation(root: Path, language: str, msgid: str, msgstr: str) -> None:
    po = root / "locales" / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    assert msgid in catalog, msgid
    catalog[msgid].string = msgstr
    with po.open("wb") as handle:
        write_po(handle, catalog)


def test_shipped_content_is_valid(content_copy: Path) -> None:
    """The repository's own flows, catalogs and contacts pass."""
    assert _faults(content_copy) == []


def test_missing_goto_target(content_copy: Path) -> None:
    """A goto to a node that does not exist names file and node."""
    _edit(content_copy / "flows" / "main.toml", 'goto = "language" }', 'goto = "langauge" }')
    faults = _faults(content_copy)
    assert Fault("main.toml", "node 'menu'", "goto target 'langauge' does not exist") in faults


def test_unreachable_node(content_copy: Path) -> None:
    """A node nothing leads to is reported."""
    with (content_copy / "flows" / "privacy.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[nodes.orphan]\nsay = "Menu"\nend = true\n')
    assert Fault("privacy.toml", "node 'orphan'", "unreachable: no goto leads here") in _faults(
        content_copy
    )


def test_unknown_action(content_copy: Path) -> None:
    """An action name that is not registered is reported."""
    _edit(content_copy / "flows" / "emergency.toml", '"emergency_contacts"', '"call_police"')
    assert Fault("emergency.toml", "node 'contacts'", "unknown action 'call_police'") in _faults(
        content_copy
    )


def test_missing_translation(content_copy: Path) -> None:
    """An empty Russian msgstr is a fault naming the language and the place."""
    _set_translation(content_copy, "ru", "Choose your language:", "")
    faults = _faults(content_copy)
    assert any(
        f.file == "main.toml" and f.where == "node 'language'" and "no ru translation" in f.problem
        for f in faults
    ), faults


def test_new_flow_text_without_translation(content_copy: Path) -> None:
    """A text added to a flow but not to the catalogs is reported for every language."""
    _edit(
        content_copy / "flows" / "emergency.toml",
        'say = "In danger now? Call:"',
        'say = "Are you safe? Call:"',
    )
    problems = [f.problem for f in _faults(content_copy) if f.where == "node 'contacts'"]
    assert any("no tg translation" in p for p in problems)
    assert any("no ru translation" in p for p in problems)
    assert any("no en translation" in p for p in problems)


def test_placeholders_differ(content_copy: Path) -> None:
    """A translation that drops or renames a placeholder is reported."""
    _set_translation(content_copy, "tg", "{name}: {phone}", "{nom}: {phone}")
    faults = _faults(content_copy)
    assert any("tg placeholders ['nom', 'phone'] differ" in f.problem for f in faults), faults


def test_sms_over_budget(content_copy: Path) -> None:
    """A Tajik text longer than the SMS budget is reported with its cost."""
    long_tajik = "Ҳозир дар хатар ҳастед? " * 8
    _set_translation(content_copy, "tg", "In danger now? Call:", long_tajik)
    faults = _faults(content_copy)
    assert any(
        f.file == "emergency.toml" and "tg SMS costs" in f.problem and "budget 2" in f.problem
        for f in faults
    ), faults


def test_tajik_letters_tajik_lacks(content_copy: Path) -> None:
    """A Tajik string with ы, щ, ь or ц (Russian left in) is reported."""
    _set_translation(content_copy, "tg", "Choose your language:", "Выберите язык:")
    assert any("letters Tajik lacks (ы)" in f.problem for f in _faults(content_copy))


def test_colliding_intent_keywords(content_copy: Path) -> None:
    """One keyword in two intents is reported."""
    _edit(
        content_copy / "flows" / "intents.toml",
        'keywords.ru = ["язык"]',
        'keywords.ru = ["язык", "стоп"]',
    )
    assert any(
        f.where in ("intent 'stop'", "intent 'language'") and "is also intent" in f.problem
        for f in _faults(content_copy)
    )


def test_choice_caught_by_an_intent(content_copy: Path) -> None:
    """A choice whose label an intent leading elsewhere would catch is reported."""
    _set_translation(content_copy, "ru", "Language", "Стоп")
    assert any(
        f.where == "node 'menu'" and "caught by intent 'stop'" in f.problem
        for f in _faults(content_copy)
    )


def test_two_choices_with_one_name(content_copy: Path) -> None:
    """Two choices of one node answering to the same word are reported."""
    _set_translation(content_copy, "tg", "Privacy and safety", "Рақамҳои кумак")
    assert any(
        f.where == "node 'menu'" and "both answer to" in f.problem for f in _faults(content_copy)
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[nodes.contacts]", '[nodes.contacts]\ngotto = "x"', "unknown key 'gotto'"),
        ('goto = "countries"', 'end = "yes"', "'end' must be true or false"),
        ('action = "emergency_contacts"\ngoto = "countries"', "", "dead end"),
        ('start = "contacts"', 'start = "nowhere"', "start node 'nowhere' does not exist"),
    ],
)
def test_structural_faults_name_file_and_node(
    content_copy: Path, old: str, new: str, message: str
) -> None:
    """A malformed flow file is reported with its name instead of crashing."""
    _edit(content_copy / "flows" / "emergency.toml", old, new)
    faults = _faults(content_copy)
    assert len(faults) == 1
    assert "emergency.toml" in faults[0].problem and message in faults[0].problem


def test_contacts_without_source_are_rejected(content_copy: Path) -> None:
    """A contact entry missing its source is a fault naming the entry."""
    _edit(
        content_copy / "data" / "contacts.toml",
        'source = "Russian municipal pages on calling emergency services'
        ' (sergiev.ru, moyaokruga.ru) [S70]"\n',
        "",
    )
    faults = _faults(content_copy)
    assert faults and "'ru-emergency-112': missing source" in faults[0].problem


def test_glossary_catches_russian_terms_in_tajik(content_copy: Path) -> None:
    """Tajik text that says "паспорт" instead of "шиноснома" is reported."""
    _set_translation(content_copy, "tg", "Menu", "Паспорт")
    assert any(
        "uses Russian 'паспорт' where the glossary says 'шиноснома'" in f.problem
        for f in _faults(content_copy)
    )


def test_word_mixing_latin_and_cyrillic(content_copy: Path) -> None:
    """A translated word with Latin letters inside ("Meню") is reported."""
    _set_translation(content_copy, "ru", "Menu", "Meню")
    assert any(
        "mixes Latin and Cyrillic letters: 'Meню'" in f.problem for f in _faults(content_copy)
    )


def test_topic_sms_part_over_budget(content_copy: Path) -> None:
    """A topic's SMS part that does not fit the budget is reported for that topic."""
    part = (
        "Аломатҳо: шиносномаро гирифтанд, музд намедиҳанд, қарз зиёд мешавад, қулф ё "
        "назорат, таҳдид, фиреб. Як аломат кофист. ЁРӢ"
    )
    _set_translation(content_copy, "tg", _first_sms_msgid(content_copy), part * 2)
    assert any(
        f.where == "topic 'signs'" and "tg SMS costs" in f.problem for f in _faults(content_copy)
    )


def _first_sms_msgid(root: Path) -> str:
    data = tomllib.loads((root / "data" / "topics.toml").read_text(encoding="utf-8"))
    return str(data["topic"][0]["sms"][0])


def test_unknown_choice_source_and_fallback(content_copy: Path) -> None:
    """Generated choices and fallbacks must name registered hooks."""
    _edit(
        content_copy / "flows" / "learn.toml",
        'choices_from = "topic_nav"',
        'choices_from = "topic_navigation"',
    )
    _edit(
        content_copy / "flows" / "main.toml",
        'action = "search_topics"',
        'action = "search_everything"',
    )
    problems = [f.problem for f in _faults(content_copy)]
    assert "unknown choices_from 'topic_navigation'" in problems
    assert "unknown fallback action 'search_everything'" in problems
