"""Turning engine texts into the words one user reads, in their language."""

from __future__ import annotations

import string
from collections.abc import Iterable

from bot.engine.model import ParamValue, Text
from bot.i18n.catalogs import Catalogs

_FORMATTER = string.Formatter()


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` placeholders of a message (``{{`` escapes are not placeholders)."""
    try:
        return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name)
    except ValueError:
        return frozenset({"<unbalanced braces>"})


class _Params(dict[str, str]):
    """Leaves an unknown placeholder visible instead of raising mid-conversation."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _param(catalogs: Catalogs, language: str, value: ParamValue, sms: bool) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Text):
        return translate(catalogs, language, value, sms=sms)
    return "\n".join(translate(catalogs, language, text, sms=sms) for text in value)


def translate(catalogs: Catalogs, language: str, text: Text, *, sms: bool = False) -> str:
    """The text in ``language``: the SMS variant when asked and present, params filled."""
    msgid = text.sms if sms and text.sms else text.msgid
    template = msgid if text.verbatim else catalogs.gettext(language, msgid)
    if not text.params:
        return template
    values = _Params({k: _param(catalogs, language, v, sms) for k, v in text.params.items()})
    # A broken translation must not crash a conversation: fall back to the source text.
    # The validator reports it.
    return _format(template, values) or _format(msgid, values) or msgid


def _format(template: str, values: _Params) -> str | None:
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return None


def translate_all(
    catalogs: Catalogs, language: str, texts: Iterable[Text], *, sms: bool = False
) -> list[str]:
    return [translate(catalogs, language, text, sms=sms) for text in texts]
