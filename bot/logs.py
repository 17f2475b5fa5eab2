"""Logging for ``serve`` and the terminal chat: no secret and nothing personal in a record.

``configure_logging`` installs one handler on the root logger, as text or JSON lines
(``log.format``), and redacts **every record** the process creates, whatever logger
or handler it goes to: the message with its arguments, the traceback and the stack
are rendered once and masked before any handler sees them. What is masked:

* the Telegram bot token: the configured one, and any ``bot<digits>:<secret>`` (the
  Bot API puts the token in every URL) or bare ``<digits>:<30 or more characters>``;
* the other configured secrets (Twilio auth token and account SID, the webhook secret,
  the data key) and ``Authorization: Basic/Bearer`` values;
* Twilio SIDs (``AC…``, ``SM…``, ``MM…``: two capitals and 32 hex digits);
* e-mail addresses and phone numbers: E.164 (``+992 93 123 4567``, ``%2B7916…``,
  ``00992…``), local ones with separators (``8 (916) 123-45-67``) and bare runs of 9 to
  15 digits, which also covers Telegram chat and user ids;
* chat and user ids by their key (``chat_id=…``, ``"chat": {"id": …}``,
  ``from_user=User(…, id=…)``), however short;
* message texts and names by their key (``"text": "…"``, ``caption='…'``,
  ``first_name``, ``username``, ``Body=…``, ``From``, ``To``).

Libraries that log whole requests are capped: httpx and httpcore at WARNING (httpx
logs each request's URL at INFO, and a Bot API URL holds the token), python-telegram-
bot at INFO (at DEBUG it logs every call's parameters and answer), Twilio's library at
WARNING (it logs request parameters at INFO).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

from bot.config.errors import ConfigError
from bot.config.secrets import (
    DATA_KEY_ENV,
    TELEGRAM_TOKEN_ENV,
    TELEGRAM_WEBHOOK_SECRET_ENV,
    TWILIO_ACCOUNT_SID_ENV,
    TWILIO_AUTH_TOKEN_ENV,
    telegram_webhook_secret,
)
from bot.config.settings import LogSettings

if TYPE_CHECKING:
    from starlette.requests import Request

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers of libraries that log request URLs, parameters or answers, and their floor.
LIBRARY_LEVELS = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "twilio": logging.WARNING,
}
MIN_SECRET_LENGTH = 8  # shorter configured "secrets" would mask ordinary words

_TEXT_KEYS = (
    "text|caption|first_name|last_name|full_name|username|phone_number|email|"
    "body|from|to|quote|address"
)
_ID_KEYS = "chat_id|user_id|from_id|sender_chat_id|from_chat_id"
_OWNER_KEYS = "chat|from|from_user|user|sender_chat|forward_from|forward_from_chat|contact"
_Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]


def _phone_with_separators(match: re.Match[str]) -> str:
    digits = sum(c.isdigit() for c in match.group(0))
    return "<phone>" if 9 <= digits <= 15 else match.group(0)


def _quoted(match: re.Match[str]) -> str:
    quote = match.group("value")[0]
    return f"{match.group('key')}{quote}<text>{quote}"


# In this order: secrets before the digit rules that would cut them in pieces; keyed
# texts before e-mails and phone numbers inside them; keyed ids before bare numbers.
_RULES: tuple[_Rule, ...] = (
    (re.compile(r"\bbot\d+:[A-Za-z0-9_-]+"), "bot<token>"),
    (re.compile(r"(?<![\w:])\d{5,}:[A-Za-z0-9_-]{30,}"), "<token>"),
    (
        re.compile(r"(?i)\b(authorization[\"']?\s*[:=]\s*[\"']?(?:basic|bearer)\s+)[\w+/=.~-]+"),
        r"\1<secret>",
    ),
    (re.compile(r"\b([A-Z]{2})[0-9a-fA-F]{32}\b"), r"\1<sid>"),
    (
        re.compile(
            rf"(?i)(?P<key>(?<!\w)[\"']?(?:{_TEXT_KEYS})[\"']?\s*[:=]\s*)"
            r"(?P<value>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
        ),
        _quoted,
    ),
    (re.compile(r"(?<![\w.])(Body|From|To)=(?![\"'<])[^&\s]+"), r"\1=<text>"),
    (re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}"), "<email>"),
    (re.compile(rf"(?i)((?<![\w.])[\"']?(?:{_ID_KEYS})[\"']?\s*[:=]\s*[\"']?)-?\d+"), r"\1<id>"),
    (
        re.compile(
            rf"(?i)((?<![\w.])[\"']?(?:{_OWNER_KEYS})[\"']?\s*[:=]\s*(?:\{{|\w+\()"
            r"[^{}()]*?[\"']?\bid[\"']?\s*[:=]\s*)-?\d+"
        ),
        r"\1<id>",
    ),
    (re.compile(r"(?<![\w+])(?:\+|%2[Bb]|(?<!\d)00)\d(?:[\s()./-]{0,2}\d){6,14}(?!\d)"), "<phone>"),
    (
        re.compile(r"(?<![\w+.:-])\(?\d{1,5}\)?(?:[ -]\(?\d{2,4}\)?){2,5}(?![\w:-])"),
        _phone_with_separators,
    ),
    # A Redis stream id (13 digits, a dash, a sequence) and decimals are left alone.
    (re.compile(r"(?<![\w.+])\d{9,15}(?!\w|[.-]\d)"), "<number>"),
)


_PLAIN = logging.Formatter()


class Redactor:
    """Masks secrets and personal data in text; see the module's docstring."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so that a secret containing another is masked whole.
        self.secrets = sorted(
            {s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True
        )

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<secret>")
        for pattern, replacement in _RULES:
            text = pattern.sub(replacement, text)
        return text

    def record(self, record: logging.LogRecord) -> None:
        """Render the record's message, traceback and stack once, masked (idempotent)."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not stop the program
            message = f"{record.msg!r} (arguments that do not fit the format)"
        record.msg, record.args = self(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = _PLAIN.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self(record.exc_text)
        if record.stack_info:
            record.stack_info = self(record.stack_info)


def configured_secrets(env: Mapping[str, str] | None = None) -> list[str]:
    """The secrets ``serve`` reads from the environment, and those derived from them."""
    env = os.environ if env is None else env
    names = (
        TELEGRAM_TOKEN_ENV,
        TELEGRAM_WEBHOOK_SECRET_ENV,
        TWILIO_ACCOUNT_SID_ENV,
        TWILIO_AUTH_TOKEN_ENV,
        DATA_KEY_ENV,
    )
    found = [value for name in names if (value := env.get(name, "").strip())]
    token = env.get(TELEGRAM_TOKEN_ENV, "").strip()
    if token:
        # A malformed explicit secret stops serve; its raw value is masked anyway.
        with contextlib.suppress(ConfigError):
            found.append(telegram_webhook_secret(token, env))
    sid = env.get(TWILIO_ACCOUNT_SID_ENV, "").strip()
    auth = env.get(TWILIO_AUTH_TOKEN_ENV, "").strip()
    if sid and auth:  # HTTP Basic credentials, as a logged header would show them
        found.append(base64.b64encode(f"{sid}:{auth}".encode()).decode("ascii"))
    return found


def log_storage_failure(log: logging.Logger, request: Request, error: BaseException) -> None:
    """A storage failure that answers 503 (the platform redelivers): WARNING, with the
    route and the error's class and its cause's, never its text or the request's."""
    cause = error.__cause__ or error.__context__
    log.warning(
        "storage unavailable on %s %s: %s%s; answered 503 for redelivery",
        request.method,
        request.url.path,
        type(error).__name__,
        f" ({type(cause).__name__})" if cause is not None else "",
    )


class TextFormatter(logging.Formatter):
    """One line per record: time, level, logger, the masked message."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__(TEXT_FORMAT)
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        self.redactor.record(record)  # again, in case another record factory replaced ours
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``,
    ``message``, and ``exception`` or ``stack`` when the record has them."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        self.redactor.record(record)
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler[IO[str]]):
    """Writes to whatever ``sys.stderr`` is at the time of each record."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


_state: dict[str, Any] = {}  # what configure_logging changed, for reset_logging


def configure_logging(
    settings: LogSettings,
    secrets: Iterable[str] = (),
    stream: IO[str] | None = None,
) -> Redactor:
    """Log to ``stream`` (stderr by default) in ``settings.format``, at ``settings.level``,
    every record redacted. Calling it again replaces the previous configuration."""
    reset_logging()
    redactor = Redactor(secrets)
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redactor.record(record)
        return record

    logging.setLogRecordFactory(factory)
    handler: logging.Handler = _StderrHandler() if stream is None else logging.StreamHandler(stream)
    formatter = JsonFormatter(redactor) if settings.format == "json" else TextFormatter(redactor)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    _state.update(
        factory=previous,
        handler=handler,
        root_level=root.level,
        library_levels={name: logging.getLogger(name).level for name in LIBRARY_LEVELS},
    )
    root.addHandler(handler)
    root.setLevel(settings.level.upper())
    for name, level in LIBRARY_LEVELS.items():
        logging.getLogger(name).setLevel(level)
    return redactor


def reset_logging() -> None:
    """Undo ``configure_logging`` (tests call it after each use)."""
    if not _state:
        return
    logging.setLogRecordFactory(_state["factory"])
    root = logging.getLogger()
    root.removeHandler(_state["handler"])
    root.setLevel(_state["root_level"])
    for name, level in _state["library_levels"].items():
        logging.getLogger(name).setLevel(level)
    _state.clear()
