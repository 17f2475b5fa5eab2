"""Catalogs: compiled at start-up, the Tajik plural rule, extraction from flow files."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir

from bot.config.settings import ROOT
from bot.engine.model import Text
from bot.i18n.catalogs import Catalogs
from bot.i18n.extract import extract_toml
from bot.i18n.render import placeholders, translate

PO_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalog(root: Path, language: str, entries: str) -> Catalogs:
    folder = root / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(PO_HEADER + entries, encoding="utf-8")
    return Catalogs.load(root, [language])


def test_tajik_catalog_declares_one_plural_form(resources: object) -> None:
    """CLDR has no Tajik plural categories; the catalog says so instead of Babel's default."""
    catalogs = Catalogs.load(ROOT / "locales", ["tg", "ru"])
    assert catalogs.by_language["tg"].plural_forms == "nplurals=1; plural=0;"
    assert catalogs.by_language["ru"].plural_forms.startswith("nplurals=3;")


def test_fuzzy_and_empty_translations_fall_back_to_english(tmp_path: Path) -> None:
    """A fuzzy entry is not shown; the English source is, and it counts as missing."""
    entries = '#, fuzzy\nmsgid "Menu"\nmsgstr "Меню?"\n\nmsgid "Yes"\nmsgstr ""\n'
    catalogs = _catalog(tmp_path, "ru", entries)
    assert catalogs.gettext("ru", "Menu") == "Menu"
    assert not catalogs.is_translated("ru", "Menu")
    assert not catalogs.is_translated("ru", "Yes")


def test_translate_fills_nested_placeholders(resources: object) -> None:
    """Placeholders may be texts themselves, each translated in the same language."""
    catalogs = Catalogs.load(ROOT / "locales", ["tg"])
    line = Text("{name}: {phone}", {"name": Text("Police, Tajikistan"), "phone": "102"})
    assert translate(catalogs, "tg", line) == "Милитсия, Тоҷикистон: 102"


def test_broken_translation_does_not_crash(tmp_path: Path) -> None:
    """A translation with unbalanced braces falls back to the source text."""
    catalogs = _catalog(tmp_path, "tg", 'msgid "Hi {name}"\nmsgstr "Салом {name"\n')
    assert translate(catalogs, "tg", Text("Hi {name}", {"name": "Ali"})) == "Hi Ali"


def test_placeholders() -> None:
    """Placeholders are found; escaped braces are not placeholders."""
    assert placeholders("{name}: {phone} {{literal}}") == {"name", "phone"}


def test_extractor_finds_flow_texts_with_comments() -> None:
    """The Babel extractor yields say, sms and labels of a flow file with where they are."""
    source = (
        b'[flow]\nid = "x"\nstart = "a"\nmenu_label = "Entry"\n\n'
        b'[nodes.a]\nsay = "Question?"\nsms = "Q?"\n'
        b'choices = [{ id = "y", label = "Yes", goto = "a" }]\n'
    )
    found = {m[2]: (m[0], m[3]) for m in extract_toml(io.BytesIO(source), [], [], {})}
    assert set(found) == {"Entry", "Question?", "Q?", "Yes"}
    assert found["Question?"][0] == 7
    assert "safar: nodes.a.say" in found["Question?"][1]
    assert any("SMS variant" in c for c in found["Q?"][1])


def test_pybabel_mapping_covers_flows_data_and_code() -> None:
    """babel.cfg's mapping extracts messages from flows, data and Python alike."""
    method_map = [
        ("bot/**.py", "python"),
        ("flows/**.toml", "safar_toml"),
        ("data/**.toml", "safar_toml"),
    ]
    found = {
        (filename.split("/")[0], message)
        for filename, _, message, _, _ in extract_from_dir(
            str(ROOT), method_map, keywords={"N_": None}, strip_comment_tags=True
        )
    }
    assert ("flows", "Choose your language:") in found
    assert ("data", "Police, Tajikistan") in found
    assert ("bot", "Menu") in found


def test_every_catalog_has_the_same_messages() -> None:
    """tg, ru and en catalogs list the same message ids as the template."""
    catalogs = Catalogs.load(ROOT / "locales", ["tg", "ru", "en"])
    ids = {lang: c.present for lang, c in catalogs.by_language.items()}
    assert ids["tg"] == ids["ru"] == ids["en"]
