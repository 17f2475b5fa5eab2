"""Gettext catalogs, compiled in memory from ``locales/<lang>/LC_MESSAGES/*.po``.

The ``.po`` files are the source of truth and are read at start-up, so no build step
is needed and a translator's edit shows on the next start; ``pybabel compile`` still
works for tools that want ``.mo`` files. Fuzzy and empty translations do not count: the
English source text is shown instead, and ``python -m bot flows check`` reports them.

Tajik plural rule: CLDR defines no plural categories for Tajik, and after a numeral a
Tajik noun stays singular ("7 сол"), so the Tajik catalog declares
``nplurals=1; plural=0;`` (Babel's fallback for unknown locales would add a second form).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class LanguageCatalog:
    language: str
    translations: Mapping[str, str]  # msgid -> msgstr, translated and not fuzzy
    present: frozenset[str]  # every msgid in the file, translated or not
    plural_forms: str


def _read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def compile_catalog(language: str, paths: Iterable[Path]) -> LanguageCatalog:
    translations: dict[str, str] = {}
    present: set[str] = set()
    plural_forms = ""
    for path in sorted(paths):
        catalog = _read(path, language)
        plural_forms = plural_forms or catalog.plural_forms
        for message in catalog:
            if not message.id or not isinstance(message.id, str):
                continue  # the header entry, and plural entries (none are used yet)
            present.add(message.id)
            if isinstance(message.string, str) and message.string and not message.fuzzy:
                translations[message.id] = message.string
    return LanguageCatalog(
        language, MappingProxyType(translations), frozenset(present), plural_forms
    )


@dataclass(frozen=True)
class Catalogs:
    """Translations for every configured language."""

    by_language: Mapping[str, LanguageCatalog]

    @classmethod
    def load(cls, locales_dir: Path, languages: Iterable[str]) -> Catalogs:
        loaded = {
            language: compile_catalog(
                language, (locales_dir / language / "LC_MESSAGES").glob("*.po")
            )
            for language in languages
        }
        return cls(MappingProxyType(loaded))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.by_language)

    def gettext(self, language: str, msgid: str) -> str:
        catalog = self.by_language.get(language)
        if catalog is None:
            return msgid
        return catalog.translations.get(msgid, msgid)

    def is_translated(self, language: str, msgid: str) -> bool:
        """In the catalog and usable; English may keep the source text as it is."""
        catalog = self.by_language.get(language)
        if catalog is None or msgid not in catalog.present:
            return False
        return language == SOURCE_LANGUAGE or msgid in catalog.translations
