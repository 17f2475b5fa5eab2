"""Contact ids become keyed hashes and sessions become encrypted blobs before storage.

Nothing identifying goes to Redis in the clear: not a phone number, not a Telegram
chat id, not what a person typed. A leaked Redis dump without ``SAFAR_DATA_KEY`` shows
only opaque keys and ciphertext.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from types import MappingProxyType
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config.secrets import DataKeys
from bot.engine.model import LanguageSource, Session, Status

FORMAT_VERSION = 1


class SessionCodec:
    def __init__(self, keys: DataKeys) -> None:
        self._hash_key = keys.hashing
        # The newest key encrypts; older ones (a rotation under way) still decrypt.
        self._fernet = MultiFernet([Fernet(k) for k in (keys.encryption, *keys.previous)])
        self._current = Fernet(keys.encryption)

    def contact_id(self, contact_key: str) -> str:
        """A stable, non-reversible id for "channel:address"."""
        digest = hmac.new(self._hash_key, contact_key.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def message_id(self, external_id: str) -> str:
        digest = hmac.new(self._hash_key, external_id.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def keyed_hash(self, purpose: str, value: str) -> str:
        """A keyed hash for lookups by a secret value (a case's code word)."""
        digest = hmac.new(self._hash_key, f"{purpose}\x00{value}".encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    def rotate(self, blob: bytes) -> bytes | None:
        """``blob`` encrypted under the newest key; None if it is not ours, or is already.

        Only tokens an older key made are rewritten, so a second run changes nothing.
        """
        try:
            self._current.decrypt(blob)
            return None
        except InvalidToken:
            pass
        try:
            return self._fernet.rotate(blob)
        except InvalidToken:
            return None

    def seal(self, record: dict[str, str]) -> bytes:
        """Any small record, encrypted (subscribers keep their address this way)."""
        return self.seal_json(record)

    def seal_json(self, value: object) -> bytes:
        """Any JSON value, encrypted (cases and outbound messages are kept this way)."""
        return self._fernet.encrypt(json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def unseal_json(self, blob: bytes) -> object | None:
        try:
            value: object = json.loads(self._fernet.decrypt(blob))
        except (InvalidToken, ValueError):
            return None
        return value

    def unseal(self, blob: bytes) -> dict[str, str] | None:
        data = self.unseal_json(blob)
        if not isinstance(data, dict):
            return None
        return {str(k): str(v) for k, v in data.items()}

    def encode(self, session: Session) -> bytes:

        data = {
            "v": FORMAT_VERSION,
            "language": session.language,
            "language_source": session.language_source.value,
            "flow": session.flow,
            "node": session.node,
            "vars": dict(session.vars),
            "status": session.status.value,
            "updated_at": session.updated_at,
        }
        return self._fernet.encrypt(json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def decode(self, blob: bytes) -> Session | None:
        """The session, or None if it cannot be read (a rotated key, a newer format)."""
        try:
            data = json.loads(self._fernet.decrypt(blob))
        except (InvalidToken, ValueError):
            return None
        if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
            return None
        try:
            return self._session(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    @staticmethod
    def _session(data: dict[str, Any]) -> Session:
        return Session(
            language=str(data["language"]),
            language_source=LanguageSource(data["language_source"]),
            flow=data["flow"],
            node=data["node"],
            vars=MappingProxyType({str(k): str(v) for k, v in data["vars"].items()}),
            status=Status(data["status"]),
            updated_at=float(data["updated_at"]),
        )
