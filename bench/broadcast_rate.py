"""Sustained broadcast rate against a strict 30-a-second Bot API (issue #15).

Three workers, each with its own Redis client and python-telegram-bot bot, send one
tip to each of N chats, side by side in the same run with the same three bots on
per-process limits (python-telegram-bot's AIORateLimiter, what Safar used before).
The stand-in refuses, with 429 and retry_after 1, any sendMessage above 30 in the
trailing second, as Telegram does. Every path sends the same N messages; the table
shows messages a second until the last one, and how many Telegram refused.

Run: python -m bench.broadcast_rate [--chats 300] [--workers 3]
Goal: the shared limits sustain at least 28 messages a second with no 429.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid

from redis.asyncio import Redis

from bot.config.settings import ROOT, load_settings
from bot.server.serve import shared_limits, telegram_bot
from tests.conftest import make_store
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.servers import serve_in_thread

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


async def _run(
    api_url: str, telegram: FakeTelegram, chats: int, workers: int, shared: bool
) -> tuple[float, int]:
    settings = load_settings(ROOT / "config.toml", env={"TELEGRAM_API_BASE_URL": api_url})
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    stores = [make_store(Redis.from_url(REDIS_URL), prefix) for _ in range(workers)]
    bots = [telegram_bot(settings, TOKEN, shared_limits(s) if shared else None) for s in stores]
    for bot in bots:
        await bot.initialize()
    before = len(telegram.sent())
    refused_before = telegram.refused()
    started = time.monotonic()

    async def worker(n: int) -> None:
        for chat in range(n, chats, workers):
            await bots[n].send_message(7300000000 + chat, "Паспортро ба касе надиҳед.")

    await asyncio.gather(*(worker(n) for n in range(workers)))
    elapsed = time.monotonic() - started
    assert len(telegram.sent()) - before == chats  # every path did the same work
    for bot in bots:
        await bot.shutdown()
    for store in stores:
        await store.close()
    return chats / elapsed, telegram.refused() - refused_before


async def main(chats: int, workers: int) -> None:
    telegram = FakeTelegram(strict_per_second=30)
    with serve_in_thread(telegram.app()) as api_url:
        print(f"{chats} tips, {workers} workers, Bot API strict at 30 a second")
        print(f"{'limits':<22}{'messages/s':>12}{'429s':>8}")
        for name, shared in (("shared (Redis)", True), ("per process (PTB)", False)):
            await asyncio.sleep(1.1)  # the stand-in's window empties between paths
            rate, refused = await _run(api_url, telegram, chats, workers, shared)
            print(f"{name:<22}{rate:>12.1f}{refused:>8}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.chats, arguments.workers))
