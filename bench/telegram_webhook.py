"""Updates per second and p50/p99 latency through the Telegram webhook route.

Two paths side by side, in the same run, against the same local Bot API stand-in
(its own process on 127.0.0.1, so it does not share our GIL):

* safar: the real webhook route with full flow logic, the real Redis (lock, load,
  encrypted save, dedupe) and replies sent through python-telegram-bot;
* echo: a bare python-telegram-bot Application whose one handler echoes the text.

Run: python -m bench.telegram_webhook [--updates 2000] [--users 200] [--concurrency 16]
Telegram's own rate limits are lifted for both paths: this measures our processing
cost, not Telegram's pacing.

Every update id is used once in the whole run (a repeated id would be dropped by Safar
as a redelivery while the echo answers it, flattering Safar), and the stand-in counts
the messages each path sent, so the table shows that both did the work asked of them.
CPU per update is this process's CPU time (the webhook path runs in it; the stand-in
and Redis run elsewhere) divided by the updates handled.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import uvicorn
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.config.settings import ROOT, load_settings
from bot.server.app import SECRET_HEADER
from bot.server.serve import build_server
from bot.store.codec import SessionCodec
from bot.store.redis import RedisStore
from tests.conftest import TEST_KEYS
from tests.support.fake_telegram import TOKEN, FakeTelegram, message_update
from tests.support.servers import free_port

SCRIPT = ["salom", "xyz", "3", "1", "2", "hello", "/menu", "7"]
Post = Callable[[dict[str, Any]], Awaitable[None]]


def _run_stand_in(port: int) -> None:
    fake = FakeTelegram()

    async def count(_: Request) -> PlainTextResponse:
        return PlainTextResponse(str(len(fake.sent())))

    app = Starlette(routes=[Route("/sent", count), Mount("/", fake.app())])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error")


UPDATE_IDS = itertools.count(1)  # one sequence for the whole run: no id is used twice


def _updates(count: int, users: int, first_chat: int) -> list[dict[str, Any]]:
    """A realistic mix: each user walks the script, users interleaved."""
    steps = itertools.cycle(SCRIPT)
    ids = UPDATE_IDS
    out = []
    for index in range(count):
        chat = first_chat + index % users
        text = next(steps) if index % users == 0 else SCRIPT[(index // users) % len(SCRIPT)]
        out.append(message_update(chat, text, language_code="tg", update_id=next(ids)))
    return out


async def _measure(post: Post, updates: list[dict[str, Any]], concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(update: dict[str, Any]) -> None:
        async with gate:
            started = time.perf_counter()
            await post(update)
            latencies.append(time.perf_counter() - started)

    started, cpu = time.perf_counter(), time.process_time()
    # One user's updates must not overtake each other, as with Telegram: chain per user.
    by_user: dict[int, list[dict[str, Any]]] = {}
    for update in updates:
        by_user.setdefault(update["message"]["chat"]["id"], []).append(update)

    async def user_chain(items: list[dict[str, Any]]) -> None:
        for item in items:
            await one(item)

    await asyncio.gather(*(user_chain(items) for items in by_user.values()))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    ordered = sorted(latencies)
    return {
        "cpu_ms_per_update": cpu / len(updates) * 1000,
        "updates_per_second": len(updates) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1000,
    }


async def _safar(api_url: str, redis_url: str) -> tuple[Post, Callable[[], Awaitable[None]]]:
    settings = load_settings(
        ROOT / "config.toml",
        env={
            "TELEGRAM_API_BASE_URL": api_url,
            "SAFAR_SERVER_PUBLIC_URL": "https://bench.invalid",
            "SAFAR_TELEGRAM_CHAT_BURST": "1000000",
            "SAFAR_TELEGRAM_OVERALL_MESSAGES_PER_SECOND": "1000000",
        },
    )
    store = RedisStore(
        Redis.from_url(redis_url),
        SessionCodec(TEST_KEYS),
        prefix=f"safar-bench-{uuid.uuid4().hex[:8]}",
        retention_seconds=600,
        dedupe_seconds=600,
        lock_timeout=10,
    )
    server = build_server(settings, env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=store)
    for start in server.state.on_start:
        await start()
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=server.app), base_url="http://safar"
    )
    headers = {SECRET_HEADER: server.state.telegram_secret}

    async def post(update: dict[str, Any]) -> None:
        response = await client.post(
            "/telegram/webhook", content=json.dumps(update), headers=headers
        )
        response.raise_for_status()

    async def close() -> None:
        await client.aclose()
        async for key in store._redis.scan_iter(match=f"{store._prefix}:*"):
            await store._redis.delete(key)
        for stop in server.state.on_stop:
            await stop()

    return post, close


async def _echo(api_url: str) -> tuple[Post, Callable[[], Awaitable[None]]]:
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{api_url}/bot")
        .connection_pool_size(64)
        .updater(None)
        .build()
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message and update.message.text:
            await update.message.reply_text(update.message.text)

    application.add_handler(MessageHandler(filters.TEXT, echo))
    await application.initialize()

    async def webhook(request: Request) -> PlainTextResponse:
        update = Update.de_json(await request.json(), application.bot)
        await application.process_update(update)
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/webhook", webhook, methods=["POST"])])
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://echo")

    async def post(update: dict[str, Any]) -> None:
        (await client.post("/webhook", content=json.dumps(update))).raise_for_status()

    async def close() -> None:
        await client.aclose()
        await application.shutdown()

    return post, close


async def main(count: int, users: int, concurrency: int) -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    port = free_port()
    stand_in = multiprocessing.Process(target=_run_stand_in, args=(port,), daemon=True)
    stand_in.start()
    api_url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient() as probe:
        for _ in range(200):
            try:
                await probe.post(f"{api_url}/bot{TOKEN}/getMe")
                break
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

    async def sent() -> int:
        async with httpx.AsyncClient() as probe:
            return int((await probe.get(f"{api_url}/sent")).text)

    results = {}
    for n, (name, build) in enumerate(
        (("echo", lambda: _echo(api_url)), ("safar", lambda: _safar(api_url, redis_url)))
    ):
        post, close = await build()
        chats = 1_000_000 * (n + 1)  # each path its own new people
        await _measure(post, _updates(200, 50, chats), concurrency)  # warm-up
        before = await sent()
        sequential = await _measure(post, _updates(count // 2, users, chats + 10_000), 1)
        parallel = await _measure(post, _updates(count, users, chats + 20_000), concurrency)
        replies = await sent() - before
        await close()
        results[name] = {
            "p50_ms": sequential["p50_ms"],
            "p99_ms": sequential["p99_ms"],
            "updates_per_second": parallel["updates_per_second"],
            "cpu_ms_per_update": parallel["cpu_ms_per_update"],
            "replies_per_update": replies / (count // 2 + count),
        }
    stand_in.terminate()
    print(f"{'path':8} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'cpu ms':>8} {'replies':>8}")
    for name, row in results.items():
        print(
            f"{name:8} {row['updates_per_second']:10.0f} {row['p50_ms']:8.2f} {row['p99_ms']:8.2f}"
            f" {row['cpu_ms_per_update']:8.2f} {row['replies_per_update']:8.2f}"
        )
    for name, row in results.items():
        # Every update answered: echo once each, Safar at least once each.
        assert row["replies_per_update"] >= 1.0, f"{name} left updates unanswered"
    ratio_latency = results["safar"]["p50_ms"] / results["echo"]["p50_ms"]
    ratio_rate = results["echo"]["updates_per_second"] / results["safar"]["updates_per_second"]
    ratio_cpu = results["safar"]["cpu_ms_per_update"] / results["echo"]["cpu_ms_per_update"]
    print(
        f"cost ratio safar/echo: p50 latency x{ratio_latency:.2f}, "
        f"throughput x{ratio_rate:.2f}, CPU per update x{ratio_cpu:.2f} "
        "(target: at most x2; p99 under 20 ms)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.users, args.concurrency))
