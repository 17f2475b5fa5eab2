"""Secrets, read from the environment only, never from ``config.toml``.

``SAFAR_DATA_KEY`` protects what Safar keeps about people: contact identifiers are
stored as keyed hashes (HMAC-SHA256) and session contents are encrypted (Fernet). Both
keys are derived from the one data key with HKDF, so rotating it is one variable.
Generate one with ``python -m bot keygen``.
"""

from __future__ import annotations

import base64
import binascii
import os
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
