"""Secrets, read from the environment only, never from ``config.toml``.

``SAFAR_DATA_KEY`` protects what Safar keeps about people: contact identifiers are
stored as keyed hashes (HMAC-SHA256) and session contents are encrypted (Fernet). Both
keys are derived from the one data key with HKDF. Generate one with
``python -m bot keygen``.

Rotation (README, "Rotating the data key"): the encryption key rotates, the hashing key
stays, because every stored key is named by a contact's hash and a hash cannot be
recomputed without the address. ``SAFAR_HASH_KEY`` pins the hashing key (print the
current one with ``python -m bot keys hash-key``), ``SAFAR_DATA_KEY`` becomes the new
key, ``SAFAR_DATA_KEY_PREVIOUS`` lists old ones that may still decrypt, and
``python -m bot keys reencrypt`` re-encrypts everything at rest under the new key;
then the previous keys can be dropped.
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
PREVIOUS_KEYS_ENV = "SAFAR_DATA_KEY_PREVIOUS"
HASH_KEY_ENV = "SAFAR_HASH_KEY"


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
    previous: tuple[bytes, ...] = ()  # older encryption keys, accepted for decrypting only

    @classmethod
    def from_master(cls, master: bytes) -> DataKeys:
        encryption = base64.urlsafe_b64encode(_derive(master, b"safar session encryption"))
        return cls(hashing=_derive(master, b"safar contact hashing"), encryption=encryption)

    def hash_key_text(self) -> str:
        """The hashing key as ``SAFAR_HASH_KEY`` takes it, to pin it before a rotation."""
        return base64.urlsafe_b64encode(self.hashing).decode("ascii")


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
    keys = DataKeys.from_master(_key_bytes(DATA_KEY_ENV, value))
    previous = tuple(
        DataKeys.from_master(_key_bytes(PREVIOUS_KEYS_ENV, old.strip())).encryption
        for old in env.get(PREVIOUS_KEYS_ENV, "").split(",")
        if old.strip()
    )
    pinned = env.get(HASH_KEY_ENV, "").strip()
    hashing = _key_bytes(HASH_KEY_ENV, pinned) if pinned else keys.hashing
    return DataKeys(hashing=hashing, encryption=keys.encryption, previous=previous)


def _key_bytes(name: str, value: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        msg = f"{name}: expected URL-safe base64 of at least 32 bytes"
        raise ConfigError(msg) from error
    if len(raw) < 32:
        msg = f"{name}: expected at least 32 bytes of key, got {len(raw)}"
        raise ConfigError(msg)
    return raw


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
