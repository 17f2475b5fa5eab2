"""Twilio's inbound webhook: the signed form it posts, turned into an ``Inbound``.

Fields used: ``From`` (the person), ``Body``, ``MessageSid`` (dedupe), ``NumMedia``
(MMS pictures are acknowledged, never fetched) and ``OptOutType`` (STOP, START or HELP,
sent when the account uses Advanced Opt-Out and Twilio has already answered).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from twilio.request_validator import RequestValidator

from bot.channels.sms.numbers import normalise_number
from bot.engine.model import Contact, Inbound

CHANNEL = "sms"
MAX_BODY_CHARS = 5000  # Twilio concatenates up to 10 segments (1600 characters)


@dataclass(frozen=True)
class TwilioInbound:
    inbound: Inbound
    opt_out: str | None  # "STOP", "START" or "HELP" when Twilio handled the keyword


def parse_form(body: bytes) -> dict[str, str]:
    """The posted fields; invalid UTF-8 is replaced rather than refused."""
    text = body.decode("utf-8", errors="replace")
    return dict(parse_qsl(text, keep_blank_values=True))


def signature_is_valid(
    auth_token: str, url: str, fields: Mapping[str, str], signature: str | None
) -> bool:
    """Twilio's own algorithm (HMAC-SHA1 over the URL and sorted fields)."""
    if not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, dict(fields), signature))


def to_inbound(fields: Mapping[str, str]) -> TwilioInbound | None:
    """None when the post names no usable sender."""
    sender = normalise_number(fields.get("From", ""))
    if sender is None:
        return None
    body = fields.get("Body", "")[:MAX_BODY_CHARS]
    try:
        media_count = int(fields.get("NumMedia", "0") or 0)
    except ValueError:
        media_count = 0
    opt_out = fields.get("OptOutType", "").upper() or None
    command = {"STOP": "stop", "START": "start", "HELP": "help"}.get(opt_out or "")
    inbound = Inbound(
        contact=Contact(CHANNEL, sender),
        text="" if command else body,
        command=command,
        media="mms" if media_count and not body.strip() else None,
        external_id=fields.get("MessageSid") or fields.get("SmsSid") or None,
        sticky_stop=True,
    )
    return TwilioInbound(inbound, opt_out)
