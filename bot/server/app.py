"""The ASGI app of ``python -m bot serve``: every channel's webhooks in one server.

Routes:
* ``POST /telegram/webhook`` (``telegram_routes``)
* ``POST /sms/twilio/inbound`` and ``POST /sms/twilio/status`` (``twilio_routes``)
* ``GET /healthz`` - 200 with ``{"status": "ok", "redis": true}``, or 503 if Redis is down
  or does not take writes (a replica after a failover, a cluster node, a Sentinel port).
* ``GET /metrics`` - Prometheus text format, with the case queue and outbox backlog.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.cases.model import PRIORITIES
from bot.cases.store import RedisCaseStore
from bot.server.state import ServerState
from bot.server.telegram_routes import SECRET_HEADER, telegram_webhook
from bot.server.twilio_routes import twilio_inbound, twilio_status
from bot.store.base import StoreError

log = logging.getLogger(__name__)
__all__ = ["SECRET_HEADER", "ServerState", "create_app"]


async def _case_metrics(state: ServerState) -> None:
    if state.cases is None:
        return
    waiting = await state.cases.store.waiting()
    for priority in PRIORITIES:
        count = sum(1 for case in waiting if case.priority == priority)
        state.metrics.cases_waiting.labels(priority=priority).set(count)
    if isinstance(state.cases.store, RedisCaseStore):
        backlog, dead = await state.cases.store.outbox_lengths()
        state.metrics.outbox_backlog.set(backlog)
        state.metrics.outbox_dead.set(dead)


def create_app(state: ServerState) -> Starlette:
    async def healthz(request: Request) -> Response:
        redis_ok = await state.conversation.store.ping()
        body = {"status": "ok" if redis_ok else "degraded", "redis": redis_ok}
        return JSONResponse(body, status_code=200 if redis_ok else 503)

    async def metrics(request: Request) -> Response:
        try:
            since = state.conversation.clock() - state.conversation.resources.idle_seconds
            state.metrics.open_sessions.set(await state.conversation.store.active_count(since))
            await _case_metrics(state)
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

    app = Starlette(
        routes=[
            Route("/telegram/webhook", telegram_webhook, methods=["POST"]),
            Route("/sms/twilio/inbound", twilio_inbound, methods=["POST"]),
            Route("/sms/twilio/status", twilio_status, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.safar = state
    return app
