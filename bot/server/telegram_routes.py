"""``POST /telegram/webhook``: Telegram's updates, secret token checked in constant time.

403 means a wrong or missing secret, checked before the body is read. 503 asks Telegram
to redeliver later (storage down), so no message is lost. Every other authenticated
update gets 200: handled, deliberately ignored, or malformed. A malformed one (too
large, not JSON, nested too deep, fields of the wrong type, or one whose handling
raised) is counted in ``safar_malformed_updates_total`` by reason, never refused with a
4xx or 500: Telegram redelivers anything but a 2xx, so a refusal would come back
forever and hold up the updates behind it.
"""

from __future__ import annotations

import hmac
import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.wire import MalformedUpdateError, decode_update
from bot.logs import log_storage_failure
from bot.server.body import read_capped
from bot.server.state import ServerState
from bot.store.base import StoreError

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
# 1 MiB. The largest real update is a 4096-character text (up to 12 bytes a character
# as JSON escapes) with its entities, replying to another such message: some hundreds
# of kilobytes. A bigger body cannot be real; it is counted and acknowledged unread
# (a 413 would be redelivered forever).
TELEGRAM_MAX_BODY_BYTES = 1024 * 1024


def _acknowledge(channel: TelegramChannel, reason: str, update_id: object = None) -> Response:
    channel.count_malformed(reason, update_id)
    return PlainTextResponse(f"ignored: {reason}")


async def telegram_webhook(request: Request) -> Response:
    state: ServerState = request.app.state.safar
    channel = state.telegram
    if channel is None:
        return PlainTextResponse("telegram is not configured", status_code=404)
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode(), state.telegram_secret.encode()):
        state.metrics.errors.labels(channel="telegram", stage="forbidden").inc()
        return PlainTextResponse("forbidden", status_code=403)
    body = await read_capped(request, TELEGRAM_MAX_BODY_BYTES)
    if body is None:
        return _acknowledge(channel, "too_large")
    try:
        data = decode_update(body)
    except MalformedUpdateError as error:
        return _acknowledge(channel, error.reason)
    update = channel.parse_json(data)  # counts what it cannot read
    if update is None:
        return PlainTextResponse("ignored")
    try:
        await channel.process(update)
    except StoreError as error:
        state.metrics.errors.labels(channel="telegram", stage="store").inc()
        log_storage_failure(log, request, error)
        return PlainTextResponse("storage unavailable, retry", status_code=503)
    except Exception:
        # A 500 would bring the same update back forever; it is logged for a fix instead.
        log.exception("telegram update %s failed", update.update_id)
        return _acknowledge(channel, "failed", update.update_id)
    return PlainTextResponse("ok")
