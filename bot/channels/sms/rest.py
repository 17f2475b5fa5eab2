"""Outbound SMS through Twilio's REST client, on an httpx transport of ours.

The Twilio client is given our ``AsyncHttpClient`` (the library's own seam) so that:
* the API base URL is configurable (``sms.api_base_url`` / ``TWILIO_API_BASE_URL``) for
  regional edges and tests;
* transient refusals are retried with backoff: 429 and 503 (Twilio did not take the
  message) and connection failures before anything was sent. A timeout after sending is
  not retried: the message may exist, and a second copy would be worse than none;
* nothing is logged: the stock client logs request parameters, i.e. numbers and texts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

import httpx
from twilio.base.exceptions import TwilioRestException
from twilio.http import AsyncHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.channels.errors import ContactUnreachableError

TWILIO_API = "https://api.twilio.com"
RETRY_STATUSES = frozenset({429, 503})
# Twilio error codes that mean the person cannot be reached by SMS
# (unreachable, unknown or landline handset, blocked, opted out).
UNREACHABLE_CODES = frozenset({21610, 21612, 30003, 30004, 30005, 30006})


class HttpxTwilioClient(AsyncHttpClient):  # type: ignore[misc]
    def __init__(
        self,
        base_url: str = TWILIO_API,
        *,
        retries: int = 3,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(logger=logging.getLogger("safar.twilio"), is_async=True, timeout=15)
        self._base = base_url.rstrip("/")
        self._retries = retries
        self._sleep = sleep
        self._client = httpx.AsyncClient(transport=transport, timeout=15)

    def _url(self, uri: str) -> str:
        return self._base + uri[len(TWILIO_API) :] if uri.startswith(TWILIO_API) else uri

    async def request(  # noqa: PLR0917 - the signature is Twilio's
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - Twilio's signature
        allow_redirects: bool = False,
    ) -> Response:
        attempt = 0
        while True:
            try:
                answer = await self._client.request(
                    method,
                    self._url(uri),
                    params=cast(Any, params),
                    data=data,
                    headers=headers,
                    auth=auth,
                    timeout=timeout or self.timeout,
                    follow_redirects=allow_redirects,
                )
            except httpx.ConnectError:
                if attempt >= self._retries:
                    raise
            else:
                if answer.status_code not in RETRY_STATUSES or attempt >= self._retries:
                    return Response(answer.status_code, answer.text, answer.headers)
            attempt += 1
            await self._sleep(min(2.0 ** (attempt - 1), 30.0))

    async def aclose(self) -> None:
        await self._client.aclose()


class SmsSender:
    """Sends one SMS that is not a reply (a caseworker's answer, a tip)."""

    def __init__(
        self,
        client: Client,
        *,
        from_number: str,
        messaging_service_sid: str,
        status_callback: str | None,
        validity_seconds: int = 900,
    ) -> None:
        self.client = client
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.status_callback = status_callback
        # Twilio's ValidityPeriod: a message queued longer fails (status callback 30036)
        # instead of arriving late, perhaps outside the hours the person chose.
        self.validity_seconds = validity_seconds

    async def send(self, to: str, text: str) -> str:
        """The new message's SID; raises ContactUnreachableError when SMS cannot reach them."""
        fields: dict[str, str | int] = {
            "to": to,
            "body": text,
            "validity_period": self.validity_seconds,
        }
        if self.messaging_service_sid:
            fields["messaging_service_sid"] = self.messaging_service_sid
        else:
            fields["from_"] = self.from_number
        if self.status_callback:
            fields["status_callback"] = self.status_callback
        try:
            message = await self.client.messages.create_async(**fields)
        except TwilioRestException as error:
            if error.code in UNREACHABLE_CODES:
                raise ContactUnreachableError(f"twilio error {error.code}") from error
            raise
        return str(message.sid)
