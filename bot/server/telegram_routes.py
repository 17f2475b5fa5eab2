"""``POST /telegram/webhook``: Telegram's updates, secret token checked in constant time.

200 means handled (or deliberately ignored); 403 a wrong or missing secret; 400 a body
that is no update; 503 asks Telegram to redeliver later (storage down), so no message
is lost.
"""

from __future__ import annotations

import hmac
import json

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from bot.server.state import MAX_BODY_BYTES, ServerState
from bot.store.base import StoreError

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


async def telegram_webhook(request: Request) -> Response:
    state: ServerState = request.app.state.safar
    channel = state.telegram
    if channel is None:
        return PlainTextResponse("telegram is not configured", status_code=404)
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode(), state.telegram_secret.encode()):
        state.metrics.errors.labels(channel="telegram", stage="forbidden").inc()
        return PlainTextResponse("forbidden", status_code=403)
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return PlainTextResponse("too large", status_code=413)
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        state.metrics.errors.labels(channel="telegram", stage="parse").inc()
        return PlainTextResponse("not an update", status_code=400)
    update = channel.parse_json(data)
    if update is None:
        return PlainTextResponse("ignored")
    try:
        await channel.process(update)
    except StoreError:
        state.metrics.errors.labels(channel="telegram", stage="store").inc()
        return PlainTextResponse("storage unavailable, retry", status_code=503)
    return PlainTextResponse("ok")
