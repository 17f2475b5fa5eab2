"""An update's raw JSON, checked before python-telegram-bot or the engine sees it.

A right secret token proves an update came from Telegram (or from someone holding the
secret); it does not prove the update is well formed. python-telegram-bot checks no
types: a chat id ``true``, a date ``1e308`` or a text that is a list reach our code
as they are. So every field Safar reads is checked here, and texts are cut to
Telegram's own limits before any work is done on them. A failed check raises
``MalformedUpdateError`` with a short reason for the metrics; the webhook acknowledges
such updates (Telegram would redeliver a refused one forever) and counts them.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

# Telegram's own limits: a message text is at most 4096 characters, a caption 1024,
# a button's callback data 64 bytes. Nothing longer can be real; a longer text is cut
# before the engine reads it (a 990 kB text once held every other request for 2.5 s).
MAX_TEXT_CHARS = 4096
MAX_CAPTION_CHARS = 1024
MAX_CALLBACK_DATA_BYTES = 64
# Entities (bold, links, commands) are never read by Safar, but python-telegram-bot
# builds an object for each; a real text cannot carry many more than it has characters.
MAX_ENTITIES = MAX_TEXT_CHARS
# Real updates nest about ten levels (update > message > reply_to_message >
# reply_markup > inline_keyboard > row > button > login_url); 32 leaves room for what
# the Bot API adds, far below where json (recursion limit 1000) would overflow.
MAX_JSON_DEPTH = 32

_INT64 = 2**63
_MAX_DATE = 2**32  # Unix time up to 2106; python-telegram-bot turns dates into datetimes
_MAX_NAME_CHARS = 64  # first and last names, usernames
_MAX_LANGUAGE_CHARS = 35  # the longest IETF language tag
_MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json accepts "\ud800"; UTF-8 cannot hold it
# A JSON string, or an unterminated one running to the end: it always matches where it
# starts, so the scan is linear whatever the quotes and backslashes.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_OPEN = b"\x01"  # +1 as a signed byte; b"\xff" is -1
_STEPS = bytes.maketrans(b"[{]}", _OPEN * 2 + b"\xff" * 2)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class MalformedUpdateError(ValueError):
    """An update that cannot be handled; ``reason`` labels it in the metrics."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _BadFieldError(Exception):
    """A field of the wrong type or shape; the caller names the update kind."""


def _bad() -> NoReturn:
    raise _BadFieldError


def decode_update(body: bytes) -> dict[str, Any]:
    """The update a webhook body holds.

    Raises ``MalformedUpdateError``: ``not_json``, ``too_deep`` or ``not_an_update``.
    """
    try:
        text = body.decode("utf-8")  # Telegram sends UTF-8; it also keeps the scan exact
    except UnicodeDecodeError:
        raise MalformedUpdateError("not_json") from None
    if nesting_too_deep(body, MAX_JSON_DEPTH):
        raise MalformedUpdateError("too_deep")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except ValueError:  # bad JSON, NaN or Infinity, an integer of 4300 digits or more
        raise MalformedUpdateError("not_json") from None
    if not isinstance(data, dict):
        raise MalformedUpdateError("not_an_update")
    return data


def _no_constant(name: str) -> NoReturn:
    raise ValueError(name)


def nesting_too_deep(body: bytes, limit: int) -> bool:
    """Whether parsing ``body`` (UTF-8 JSON) would nest deeper than ``limit``, found
    without recursing and in C loops (a few tens of milliseconds for 1 MiB at worst).

    Strings are removed (a bracket in a text nests nothing), then all but the brackets,
    each turned into a step of +1 or -1; the deepest point is the largest running sum.
    Brackets never closed count as levels too.
    """
    steps = _STRING.sub(b"", body).translate(_STEPS, _NOT_BRACKETS)
    if _OPEN * (limit + 1) in steps:  # the usual deep body: a run of openers, found at once
        return True
    return max(itertools.accumulate(memoryview(steps).cast("b")), default=0) > limit


def checked_update(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the update with every field Safar reads checked and texts cut.

    Raises ``MalformedUpdateError``: ``not_an_update`` without a proper ``update_id``, else
    ``bad_<kind>`` (``bad_message``, ``bad_callback_query``, ...). Fields Safar never
    reads are left to python-telegram-bot; the caller's dictionaries are not changed.
    """
    update_id = data.get("update_id")
    if not _is_int(update_id, 0):
        raise MalformedUpdateError("not_an_update")
    update = dict(data)
    for kind, check in _CHECKS.items():
        if update.get(kind) is None:
            continue
        try:
            update[kind] = check(update[kind])
        except _BadFieldError:
            raise MalformedUpdateError(f"bad_{kind}") from None
    return update


def _is_int(value: object, low: int = -_INT64, high: int = _INT64) -> bool:
    return type(value) is int and low <= value < high  # not bool, not float


def _object(value: object) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else _bad()


def _string(value: object, limit: int) -> str:
    """The string cut to ``limit`` characters, lone surrogates replaced."""
    if not isinstance(value, str):
        _bad()
    return _LONE_SURROGATE.sub("\ufffd", value[:limit])


def _optional(data: dict[str, Any], key: str, check: Callable[[object], object]) -> None:
    if data.get(key) is not None:
        data[key] = check(data[key])


def _date(value: object) -> int:
    if isinstance(value, int) and _is_int(value, 0, _MAX_DATE):
        return value
    _bad()


def _name(value: object) -> str:
    return _string(value, _MAX_NAME_CHARS)


def _chat(value: object) -> dict[str, Any]:
    chat = _object(value)
    if not _is_int(chat.get("id")):
        _bad()
    chat["type"] = _name(chat.get("type"))
    return chat


def _user(value: object) -> dict[str, Any]:
    user = _object(value)
    if not _is_int(user.get("id")) or not isinstance(user.get("is_bot"), bool):
        _bad()
    user["first_name"] = _name(user.get("first_name"))
    _optional(user, "last_name", _name)
    _optional(user, "username", _name)
    _optional(user, "language_code", lambda code: _string(code, _MAX_LANGUAGE_CHARS))
    return user


def _entities(value: object) -> object:
    # Their shape is python-telegram-bot's to read; only their number is ours to bound.
    return value[:MAX_ENTITIES] if isinstance(value, list) else value


def _message(value: object, *, reply: bool = True) -> dict[str, Any]:
    message = _object(value)
    if not _is_int(message.get("message_id")):
        _bad()
    message["date"] = _date(message.get("date"))  # 0 for a message no longer accessible
    message["chat"] = _chat(message.get("chat"))
    _optional(message, "from", _user)
    _optional(message, "edit_date", _date)
    _optional(message, "text", lambda text: _string(text, MAX_TEXT_CHARS))
    _optional(message, "caption", lambda text: _string(text, MAX_CAPTION_CHARS))
    _optional(message, "entities", _entities)
    _optional(message, "caption_entities", _entities)
    _optional(message, "forward_origin", _object)
    if reply:
        # Telegram never nests a reply in a reply, so one level is checked.
        _optional(message, "reply_to_message", lambda inner: _message(inner, reply=False))
    return message


def _callback_data(value: object) -> str:
    if not isinstance(value, str):
        _bad()
    limit = MAX_CALLBACK_DATA_BYTES
    if len(value) > limit or len(value.encode("utf-8", "surrogatepass")) > limit:
        return ""  # longer than Telegram allows: none of our buttons; the engine calls it stale
    return _string(value, limit)


def _callback_query(value: object) -> dict[str, Any]:
    query = _object(value)
    if not isinstance(query.get("id"), str) or not isinstance(query.get("chat_instance"), str):
        _bad()
    query["from"] = _user(query.get("from"))
    _optional(query, "data", _callback_data)
    _optional(query, "message", _message)
    return query


def _chat_member(value: object) -> dict[str, Any]:
    member = _object(value)
    member["status"] = _name(member.get("status"))
    member["user"] = _user(member.get("user"))
    return member


def _my_chat_member(value: object) -> dict[str, Any]:
    change = _object(value)
    change["chat"] = _chat(change.get("chat"))
    change["from"] = _user(change.get("from"))
    change["date"] = _date(change.get("date"))
    change["old_chat_member"] = _chat_member(change.get("old_chat_member"))
    change["new_chat_member"] = _chat_member(change.get("new_chat_member"))
    return change


_CHECKS: dict[str, Callable[[object], dict[str, Any]]] = {
    **dict.fromkeys(_MESSAGE_KINDS, _message),
    "callback_query": _callback_query,
    "my_chat_member": _my_chat_member,
}
