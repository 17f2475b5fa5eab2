"""The ASGI app of ``python -m bot serve``: webhooks, health and metrics in one server.

Routes:
* ``POST /telegram/webhook`` - Telegram updates; the secret token header is compared in
  constant time (403 if wrong or missing). 200 means handled; 503 asks Telegram to
  redeliver later (storage down), so no message is lost.
* ``GET /healthz`` - 200 with ``{"status": "ok", "redis": true}`` or 503 if Redis is down.
* ``GET /metrics`` - Prometheus text format.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.telegram.channel import TelegramChannel
from bot.conversation import Conversation
from bot.server.metrics import Metrics
from bot.store.base import StoreError

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MAX_BODY_BYTES = 1_000_000


@dataclass
class ServerState:
    conversation: Conversation
    metrics: Metrics
    telegram: TelegramChannel | None = None
    telegram_secret: str = ""
    on_start: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    on_stop: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


def create_app(state: ServerState) -> Starlette:
    async def telegram_webhook(request: Request) -> Response:
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

    async def healthz(request: Request) -> Response:
        redis_ok = await state.conversation.store.ping()
        body = {"status": "ok" if redis_ok else "degraded", "redis": redis_ok}
        return JSONResponse(body, status_code=200 if redis_ok else 503)

    async def metrics(request: Request) -> Response:
        try:
            since = state.conversation.clock() - state.conversation.resources.idle_seconds
            state.metrics.open_sessions.set(await state.conversation.store.active_count(since))
        except StoreError:
            pass  # the other metrics are still worth serving
        return Response(
            state.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8"
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        for start in state.on_start:
            await start()
        try:
            yield
        finally:
            for stop in state.on_stop:
                try:
                    await stop()
                except Exception:  # shutdown goes on whatever one part does
                    log.exception("error during shutdown")

    return Starlette(
        routes=[
            Route("/telegram/webhook", telegram_webhook, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
