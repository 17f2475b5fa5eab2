"""One typed settings object, read from ``config.toml`` and the environment.

Every key of ``config.toml`` can be overridden by ``SAFAR_<SECTION>_<KEY>`` (upper
case), e.g. ``SAFAR_SESSION_IDLE_MINUTES=10``. ``REDIS_URL`` overrides ``redis.url``
and ``TELEGRAM_API_BASE_URL`` overrides ``telegram.api_base_url``, as deployments
expect. Secrets never live in the file: they
come from the environment only (see ``bot.config.secrets``). A wrong value stops
start-up with the key's name and what was expected.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config.errors import ConfigError
from bot.config.redis_url import parse_redis_url

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = ROOT / "config.toml"


@dataclass(frozen=True)
class BotSettings:
    languages: tuple[str, ...] = ("tg", "ru", "en")
    default_language: str = "tg"
    flows_dir: Path = ROOT / "flows"
    locales_dir: Path = ROOT / "locales"
    data_dir: Path = ROOT / "data"


@dataclass(frozen=True)
class SessionSettings:
    idle_minutes: int = 30
    retention_days: int = 90
    lock_timeout_seconds: float = 10.0
    lock_lease_seconds: float = 3.0
    dedupe_hours: int = 48


@dataclass(frozen=True)
class RedisSettings:
    url: str = "redis://127.0.0.1:6379/0"
    key_prefix: str = "safar"
    max_connections: int = 64
    pool_timeout_seconds: float = 5.0
    health_check_seconds: int = 30
    retries: int = 3
    # A report is acknowledged only once this many replicas have it (Redis WAIT); 0: off.
    wait_replicas: int = 0
    wait_milliseconds: int = 1000


@dataclass(frozen=True)
class SmsSettings:
    segment_budget: int = 2
    from_number: str = ""
    messaging_service_sid: str = ""
    api_base_url: str = "https://api.twilio.com"
    max_retries: int = 3
    connection_overrides: str = ""  # the "#rc=…" fragment set on the Twilio webhook URL
    # An SMS that is not a reply fails rather than wait longer in Twilio's queue: a
    # caseworker's message sent at the start of safe hours must not arrive hours later.
    validity_seconds: int = 900


@dataclass(frozen=True)
class ContactsSettings:
    max_age_days: int = 180


@dataclass(frozen=True)
class ContentSettings:
    max_age_days: int = 180


@dataclass(frozen=True)
class ServerSettings:
    public_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8080
    shutdown_grace_seconds: int = 20


@dataclass(frozen=True)
class TelegramSettings:
    api_base_url: str = "https://api.telegram.org"
    webhook: bool = True
    poll_timeout_seconds: int = 25
    max_retries: int = 3
    chat_burst: int = 3
    chat_messages_per_second: float = 1.0
    overall_messages_per_second: float = 30.0
    group_messages_per_minute: float = 20.0
    deferred_max_hours: int = 24


@dataclass(frozen=True)
class CasesSettings:
    # Claim targets per priority: an unclaimed case is announced again and escalated
    # to supervisors each time its target passes.
    p1_claim_minutes: int = 5
    p2_claim_minutes: int = 60
    p3_claim_minutes: int = 1440
    p4_claim_minutes: int = 4320
    retention_days: int = 90  # closed cases are purged this long after closing
    reply_window_minutes: int = 30  # "only right after I write": this long after
    timer_seconds: int = 30  # how often timers and retention are checked
    outbox_retry_seconds: int = 30  # a failed delivery is tried again after this
    outbox_max_attempts: int = 20  # then it goes to the dead-letter stream

    def claim_minutes(self, priority: str) -> int:
        return int(getattr(self, f"{priority.lower()}_claim_minutes", self.p4_claim_minutes))


@dataclass(frozen=True)
class DeskSettings:
    chat_id: str = ""  # the caseworkers' private Telegram group, e.g. -1001234567890
    caseworkers: tuple[str, ...] = ()  # Telegram user ids who may act on cases
    supervisors: tuple[str, ...] = ()  # also get escalations and /breaches
    note_prefix: str = "//"  # a thread message starting with it is an internal note
    language: str = "ru"  # the language of cards and desk messages
    timezone: str = "Asia/Dushanbe"
    hours: str = "09:00-18:00"  # working hours, in ``timezone``
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")

    @property
    def staff(self) -> frozenset[int]:
        return frozenset(int(i) for i in (*self.caseworkers, *self.supervisors))


@dataclass(frozen=True)
class LogSettings:
    format: str = "text"  # "text": one line per record; "json": one JSON object per line
    level: str = "INFO"  # DEBUG, INFO, WARNING or ERROR


LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Settings:
    bot: BotSettings = field(default_factory=BotSettings)
    session: SessionSettings = field(default_factory=SessionSettings)
    redis: RedisSettings = field(default_factory=RedisSettings)
    sms: SmsSettings = field(default_factory=SmsSettings)
    contacts: ContactsSettings = field(default_factory=ContactsSettings)
    content: ContentSettings = field(default_factory=ContentSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    cases: CasesSettings = field(default_factory=CasesSettings)
    desk: DeskSettings = field(default_factory=DeskSettings)
    log: LogSettings = field(default_factory=LogSettings)

    def check(self) -> None:
        """Cross-field rules that a single value's type cannot express."""
        if self.bot.default_language not in self.bot.languages:
            msg = (
                f"bot.default_language: expected one of {list(self.bot.languages)}, "
                f"got {self.bot.default_language!r}"
            )
            raise ConfigError(msg)
        positive = {
            "session.idle_minutes": self.session.idle_minutes,
            "session.retention_days": self.session.retention_days,
            "session.lock_timeout_seconds": self.session.lock_timeout_seconds,
            "session.lock_lease_seconds": self.session.lock_lease_seconds,
            "redis.max_connections": self.redis.max_connections,
            "redis.pool_timeout_seconds": self.redis.pool_timeout_seconds,
            "redis.health_check_seconds": self.redis.health_check_seconds,
            "redis.wait_milliseconds": self.redis.wait_milliseconds,
            "session.dedupe_hours": self.session.dedupe_hours,
            "sms.segment_budget": self.sms.segment_budget,
            "sms.validity_seconds": self.sms.validity_seconds,
            "contacts.max_age_days": self.contacts.max_age_days,
            "content.max_age_days": self.content.max_age_days,
            "server.port": self.server.port,
            "telegram.poll_timeout_seconds": self.telegram.poll_timeout_seconds,
            "telegram.chat_burst": self.telegram.chat_burst,
            "telegram.chat_messages_per_second": self.telegram.chat_messages_per_second,
            "telegram.overall_messages_per_second": self.telegram.overall_messages_per_second,
            "telegram.group_messages_per_minute": self.telegram.group_messages_per_minute,
            "telegram.deferred_max_hours": self.telegram.deferred_max_hours,
            **{
                f"cases.{f.name}": getattr(self.cases, f.name)
                for f in dataclasses.fields(self.cases)
            },
        }
        for key, value in positive.items():
            if value <= 0:
                msg = f"{key}: expected a number above 0, got {value}"
                raise ConfigError(msg)
        if self.sms.validity_seconds > MAX_SMS_VALIDITY_SECONDS:
            msg = (
                f"sms.validity_seconds: expected at most {MAX_SMS_VALIDITY_SECONDS} (Twilio's"
                f" limit, 10 hours), got {self.sms.validity_seconds}"
            )
            raise ConfigError(msg)
        if self.redis.wait_replicas < 0:
            msg = f"redis.wait_replicas: expected 0 or more, got {self.redis.wait_replicas}"
            raise ConfigError(msg)
        _check_desk(self.desk, self.bot.languages)
        _check_log(self.log)
        parse_redis_url(self.redis.url)  # one server or Sentinel, or a clear error
        for key, url in (
            ("telegram.api_base_url", self.telegram.api_base_url),
            ("server.public_url", self.server.public_url),
            ("sms.api_base_url", self.sms.api_base_url),
        ):
            if url and not url.startswith(("https://", "http://")):
                msg = f"{key}: expected an http(s) URL, got {url!r}"
                raise ConfigError(msg)


MAX_SMS_VALIDITY_SECONDS = 36_000  # Twilio's ValidityPeriod range is 1 to 36,000 seconds
_TELEGRAM_ID = re.compile(r"^-?[0-9]{1,20}$")
_HOURS = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _check_desk(desk: DeskSettings, languages: tuple[str, ...]) -> None:
    ids: dict[str, tuple[str, ...]] = {"desk.chat_id": (desk.chat_id,)} if desk.chat_id else {}
    ids |= {"desk.caseworkers": desk.caseworkers, "desk.supervisors": desk.supervisors}
    for key, values in ids.items():
        for value in values:
            if not _TELEGRAM_ID.match(value):
                msg = f"{key}: expected Telegram ids (whole numbers), got {value!r}"
                raise ConfigError(msg)
    if desk.language not in languages:
        msg = f"desk.language: expected one of {list(languages)}, got {desk.language!r}"
        raise ConfigError(msg)
    if not _HOURS.match(desk.hours) or desk.hours[:5] >= desk.hours[6:]:
        msg = f"desk.hours: expected HH:MM-HH:MM, start before end, got {desk.hours!r}"
        raise ConfigError(msg)
    unknown = [d for d in desk.days if d not in WEEKDAYS]
    if unknown:
        msg = f"desk.days: expected some of {list(WEEKDAYS)}, got {unknown[0]!r}"
        raise ConfigError(msg)
    try:
        ZoneInfo(desk.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        msg = f"desk.timezone: expected a time zone such as Asia/Dushanbe, got {desk.timezone!r}"
        raise ConfigError(msg) from error


def _check_log(log: LogSettings) -> None:
    if log.format not in LOG_FORMATS:
        msg = f"log.format: expected one of {list(LOG_FORMATS)}, got {log.format!r}"
        raise ConfigError(msg)
    if log.level.upper() not in LOG_LEVELS:
        msg = f"log.level: expected one of {list(LOG_LEVELS)}, got {log.level!r}"
        raise ConfigError(msg)


def _describe(kind: Any) -> str:
    names = {
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        str: "text",
        Path: "a path",
    }
    if typing.get_origin(kind) is tuple:
        return "a list of text"
    return names.get(kind, str(kind))


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _as_bool(value: Any, from_env: bool) -> bool:
    if isinstance(value, bool):
        return value
    if from_env and str(value).lower() in _TRUE | _FALSE:
        return str(value).lower() in _TRUE
    raise ValueError(value)


def _as_int(value: Any, from_env: bool) -> int:
    if isinstance(value, bool) or not (from_env or isinstance(value, int)):
        raise ValueError(value)
    return int(value)


def _as_float(value: Any, from_env: bool) -> float:
    if isinstance(value, bool) or not (from_env or isinstance(value, int | float)):
        raise ValueError(value)
    return float(value)


def _as_str(value: Any, from_env: bool) -> str:
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def _as_path(value: Any, from_env: bool) -> Path:
    # Made absolute in _build_section, against the config file's folder.
    return Path(_as_str(value, from_env))


def _as_texts(value: Any, from_env: bool) -> tuple[str, ...]:
    items = [v.strip() for v in str(value).split(",")] if from_env else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ValueError(value)
    return tuple(v for v in items if v)


_COERCERS: dict[Any, Any] = {
    bool: _as_bool,
    int: _as_int,
    float: _as_float,
    str: _as_str,
    Path: _as_path,
}


def _coerce(key: str, kind: Any, value: Any, *, from_env: bool) -> Any:
    """Turn a TOML or environment value into the field's type, or say what was wrong."""
    coercer = _as_texts if typing.get_origin(kind) is tuple else _COERCERS[kind]
    try:
        return coercer(value, from_env)
    except (ValueError, TypeError) as error:
        msg = f"{key}: expected {_describe(kind)}, got {value!r}"
        raise ConfigError(msg) from error


def _section_types(section_class: type) -> dict[str, Any]:
    hints = typing.get_type_hints(section_class)
    return {f.name: hints[f.name] for f in dataclasses.fields(section_class)}


def _build_section(
    name: str,
    section_class: type,
    table: Mapping[str, Any],
    env: Mapping[str, str],
    base: Path,
) -> Any:
    types_by_key = _section_types(section_class)
    unknown = set(table) - set(types_by_key)
    if unknown:
        msg = f"{name}.{sorted(unknown)[0]}: unknown key (known: {sorted(types_by_key)})"
        raise ConfigError(msg)
    values: dict[str, Any] = {}
    for key, kind in types_by_key.items():
        env_name = f"SAFAR_{name}_{key}".upper()
        if env_name in env:
            values[key] = _coerce(f"{name}.{key} ({env_name})", kind, env[env_name], from_env=True)
        elif key in table:
            values[key] = _coerce(f"{name}.{key}", kind, table[key], from_env=False)
        if isinstance(values.get(key), Path) and not values[key].is_absolute():
            # Relative paths mean "next to config.toml", wherever the package is installed.
            values[key] = base / values[key]
    return section_class(**values)


_ALIASES = {
    "REDIS_URL": "SAFAR_REDIS_URL",
    "TELEGRAM_API_BASE_URL": "SAFAR_TELEGRAM_API_BASE_URL",
    "TWILIO_API_BASE_URL": "SAFAR_SMS_API_BASE_URL",
}


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the TOML file (if it exists), apply the environment, check the result."""
    env = os.environ if env is None else env
    path = Path(env.get("SAFAR_CONFIG", DEFAULT_CONFIG)) if path is None else path
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except tomllib.TOMLDecodeError as error:
        msg = f"{path}: not valid TOML ({error})"
        raise ConfigError(msg) from error
    section_types = _section_types(Settings)
    unknown = set(data) - set(section_types)
    if unknown:
        msg = f"[{sorted(unknown)[0]}]: unknown section (known: {sorted(section_types)})"
        raise ConfigError(msg)
    # Names the wider tooling already uses stand in for their SAFAR_ twins.
    for plain, ours in _ALIASES.items():
        if plain in env and ours not in env:
            env = {**env, ours: env[plain]}
    sections = {}
    for name, section_class in section_types.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            msg = f"[{name}]: expected a table"
            raise ConfigError(msg)
        sections[name] = _build_section(name, section_class, table, env, path.parent)
    settings = Settings(**sections)
    settings.check()
    return settings


def known_environment_names() -> list[str]:
    """Every ``SAFAR_<SECTION>_<KEY>`` name, for the README and for error messages."""
    return [
        f"SAFAR_{section}_{key}".upper()
        for section, section_class in _section_types(Settings).items()
        for key in _section_types(section_class)
    ]
