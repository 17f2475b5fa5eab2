"""The real server's app in-process, in Telegram webhook mode against the Bot API
stand-in, and a way to post it an update as Telegram does."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from bot.config.settings import ROOT, load_settings
from bot.server.app import SECRET_HEADER
from bot.server.serve import Server, build_server
from bot.store.redis import RedisStore
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.servers import in_process


@asynccontextmanager
async def webhook(
    bot_api: tuple[FakeTelegram, str], store: RedisStore
) -> AsyncIterator[tuple[Server, httpx.AsyncClient]]:
    settings = load_settings(
        ROOT / "config.toml",
        env={"TELEGRAM_API_BASE_URL": bot_api[1], "SAFAR_SERVER_PUBLIC_URL": "https://safar.test"},
    )
    server = build_server(settings, env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=store)
    async with in_process(server) as client:
        yield server, client


async def post(client: httpx.AsyncClient, server: Server, update: dict[str, Any]) -> int:
    """POST one update with the webhook's secret; the status code."""
    headers = {SECRET_HEADER: server.state.telegram_secret}
    answer = await client.post("/telegram/webhook", content=json.dumps(update), headers=headers)
    return answer.status_code
