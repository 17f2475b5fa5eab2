"""Secrets, read from the environment only, never from ``config.toml``.

``SAFAR_DATA_KEY`` protects what Safar keeps about people: contact identifiers are
stored as keyed hashes (HMAC-SHA256) and session contents are encrypted (Fernet). Both
keys are derived from the one data key with HKDF, so rotating it is one variable.
Generate one with ``python -m bot keygen``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.config.errors import ConfigError

DATA_KEY_ENV = "SAFAR_DATA_KEY"


def new_data_key() -> str:
    """A fresh random data key, URL-safe base64 of 32 bytes."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@dataclass(frozen=True)
class DataKeys:
    """The keys derived from ``SAFAR_DATA_KEY``."""

    hashing: bytes
    encryption: bytes  # URL-safe base64, as Fernet expects

    @classmethod
    def from_master(cls, master: bytes) -> DataKeys:
        encryption = base64.urlsafe_b64encode(_derive(master, b"safar session encryption"))
        return cls(hashing=_derive(master, b"safar contact hashing"), encryption=encryption)


def data_keys(env: Mapping[str, str] | None = None, *, ephemeral_ok: bool) -> DataKeys:
    """The configured keys; a throwaway key when none is set and that is acceptable.

    The terminal chat keeps everything in memory, so a key that dies with the process
    is right there. A server must have a real key, or stored sessions become unreadable
    after a restart.
    """
    env = os.environ if env is None else env
    value = env.get(DATA_KEY_ENV, "").strip()
    if not value:
        if ephemeral_ok:
            return DataKeys.from_master(secrets.token_bytes(32))
        msg = f"{DATA_KEY_ENV}: not set; generate one with `python -m bot keygen`"
        raise ConfigError(msg)
    try:
        master = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        msg = f"{DATA_KEY_ENV}: expected URL-safe base64 of at least 32 bytes"
        raise ConfigError(msg) from error
    if len(master) < 32:
        msg = f"{DATA_KEY_ENV}: expected at least 32 bytes of key, got {len(master)}"
        raise ConfigError(msg)
    return DataKeys.from_master(master)


# Names of environment variables, not secrets.
TELEGRAM_TOKEN_ENV = "TELEGRAM_BOT_TOKEN"  # noqa: S105
TELEGRAM_WEBHOOK_SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"  # noqa: S105
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def telegram_token(env: Mapping[str, str] | None = None) -> str | None:
    """The bot token from BotFather, or None when Telegram is not configured."""
    env = os.environ if env is None else env
    return env.get(TELEGRAM_TOKEN_ENV, "").strip() or None


def telegram_webhook_secret(token: str, env: Mapping[str, str] | None = None) -> str:
    """The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token with each update.

    Set it explicitly, or let it be derived from the token, so that every worker behind
    a load balancer agrees on it without more configuration.
    """
    env = os.environ if env is None else env
    value = env.get(TELEGRAM_WEBHOOK_SECRET_ENV, "").strip()
    if value:
        if not _WEBHOOK_SECRET.match(value):
            msg = f"{TELEGRAM_WEBHOOK_SECRET_ENV}: 1-256 characters of A-Z, a-z, 0-9, _ and -"
            raise ConfigError(msg)
        return value
    return hmac.new(token.encode(), b"safar telegram webhook", hashlib.sha256).hexdigest()


TWILIO_ACCOUNT_SID_ENV = "TWILIO_ACCOUNT_SID"
TWILIO_AUTH_TOKEN_ENV = "TWILIO_AUTH_TOKEN"  # noqa: S105 - a variable's name


@dataclass(frozen=True)
class TwilioCredentials:
    account_sid: str
    auth_token: str


def twilio_credentials(env: Mapping[str, str] | None = None) -> TwilioCredentials | None:
    """Twilio's account SID and auth token, or None when SMS is not configured."""
    env = os.environ if env is None else env
    sid = env.get(TWILIO_ACCOUNT_SID_ENV, "").strip()
    token = env.get(TWILIO_AUTH_TOKEN_ENV, "").strip()
    if not sid and not token:
        return None
    if not sid or not token:
        missing = TWILIO_ACCOUNT_SID_ENV if not sid else TWILIO_AUTH_TOKEN_ENV
        msg = f"{missing}: not set (SMS needs both {TWILIO_ACCOUNT_SID_ENV} and the auth token)"
        raise ConfigError(msg)
    return TwilioCredentials(sid, token)
