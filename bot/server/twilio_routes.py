"""Twilio's webhooks: inbound SMS and delivery reports, both signature-checked.

Each request's ``X-Twilio-Signature`` is checked with Twilio's algorithm against
``server.public_url`` plus the path, as Twilio computed it; a missing or forged one
gets 403 and is logged without its body. Inbound SMS are answered with TwiML.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from bot.channels.sms.twilio_form import parse_form, signature_is_valid, to_inbound
from bot.channels.sms.twiml import twiml
from bot.logs import log_storage_failure
from bot.server.body import read_capped
from bot.server.state import ServerState
from bot.store.base import StoreError

log = logging.getLogger(__name__)
TWILIO_SIGNATURE = "X-Twilio-Signature"
TWIML = "application/xml"
# 64 KiB. Twilio's form is some twenty short fields, a Body of at most 1600 characters
# (12 bytes each when percent-encoded: under 20 kB) and up to ten media URLs: well
# under 64 KiB. A bigger one is refused with 413 before its signature is checked (that
# needs the whole body); Twilio does not retry it, and nothing real is lost.
TWILIO_MAX_BODY_BYTES = 64 * 1024


async def signed_twilio_fields(request: Request) -> dict[str, str] | Response:
    """The posted fields if Twilio signed them, else the response to give."""
    state: ServerState = request.app.state.safar
    if state.sms is None:
        return PlainTextResponse("sms is not configured", status_code=404)
    body = await read_capped(request, TWILIO_MAX_BODY_BYTES)
    if body is None:
        state.metrics.errors.labels(channel="sms", stage="too_large").inc()
        return PlainTextResponse("too large", status_code=413)
    fields = parse_form(body)
    query = f"?{request.url.query}" if request.url.query else ""
    url = f"{state.public_url}{request.url.path}{query}"
    # With connection overrides on the webhook URL, Twilio's documentation does not say
    # whether the fragment is signed: both readings are accepted, nothing else.
    urls = [url, f"{url}#{state.twilio_overrides}"] if state.twilio_overrides else [url]
    signature = request.headers.get(TWILIO_SIGNATURE)
    if not any(signature_is_valid(state.twilio_auth_token, u, fields, signature) for u in urls):
        log.warning("twilio request with a missing or wrong signature refused")
        state.metrics.errors.labels(channel="sms", stage="forbidden").inc()
        return PlainTextResponse("forbidden", status_code=403)
    return fields


async def twilio_inbound(request: Request) -> Response:
    state: ServerState = request.app.state.safar
    fields = await signed_twilio_fields(request)
    if isinstance(fields, Response):
        return fields
    parsed = to_inbound(fields)
    if parsed is None or state.sms is None:
        state.metrics.errors.labels(channel="sms", stage="parse").inc()
        return Response(twiml([]), media_type=TWIML)
    try:
        texts = await state.sms.receive(parsed.inbound, opt_out=parsed.opt_out)
    except StoreError as error:
        state.metrics.errors.labels(channel="sms", stage="store").inc()
        log_storage_failure(log, request, error)
        return PlainTextResponse("storage unavailable, retry", status_code=503)
    return Response(twiml(texts), media_type=TWIML)


async def twilio_status(request: Request) -> Response:
    state: ServerState = request.app.state.safar
    fields = await signed_twilio_fields(request)
    if isinstance(fields, Response):
        return fields
    if state.sms is not None:
        try:
            await state.sms.status(fields)
        except StoreError as error:
            log_storage_failure(log, request, error)
            return PlainTextResponse("storage unavailable, retry", status_code=503)
    return PlainTextResponse("ok")
