"""A local stand-in of Twilio's REST API (Messages.json) and a signer for webhooks."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode
from xml.etree import ElementTree

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-not-real"
SMS_NUMBER = "+15005550006"


@dataclass
class FakeTwilio:
    created: list[dict[str, str]] = field(default_factory=list)
    sids: list[str] = field(default_factory=list)  # the SID of each created message
    attempts: int = 0
    failures: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    _sids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, status: int, code: int | None = None, message: str = "error") -> None:
        body: dict[str, Any] = {"status": status, "message": message}
        if code is not None:
            body["code"] = code
        self.failures.append((status, body))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/2010-04-01/Accounts/{sid}/Messages.json", self._create, methods=["POST"])
            ]
        )

    async def _create(self, request: Request) -> JSONResponse:
        self.attempts += 1
        if request.path_params["sid"] != ACCOUNT_SID:
            return JSONResponse({"status": 404, "message": "not found"}, status_code=404)
        if self.failures:
            status, body = self.failures.pop(0)
            return JSONResponse(body, status_code=status)
        fields = dict(parse_qsl((await request.body()).decode()))
        sid = f"SM{next(self._sids):032d}"
        self.created.append(fields)
        self.sids.append(sid)
        return JSONResponse(
            {
                "sid": sid,
                "status": "queued",
                "to": fields.get("To"),
                "body": fields.get("Body"),
                "account_sid": ACCOUNT_SID,
            },
            status_code=201,
        )


def signed(
    url: str, fields: dict[str, str], token: str = AUTH_TOKEN
) -> tuple[bytes, dict[str, str]]:
    """A form body and headers as Twilio would post them to ``url``."""
    signature = RequestValidator(token).compute_signature(url, fields)
    headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
    return urlencode(fields).encode(), headers


def messages_of(response: httpx.Response) -> list[str]:
    """The <Message> texts of a TwiML answer."""
    root = ElementTree.fromstring(response.text)  # noqa: S314 - our own server's TwiML
    return [element.text or "" for element in root.iter("Message")]
