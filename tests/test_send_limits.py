"""Telegram's limits for the deployment as a whole (#15, item 3): token buckets in the
real Redis, shared by several workers, and python-telegram-bot's rate limiter on them
against the Bot API stand-in. Each "worker" here has its own Redis client and its own
limiter object, as separate processes would; only Redis is shared."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from telegram.ext import ExtBot

from bot.config.settings import ROOT, load_settings
from bot.server.serve import shared_limits, telegram_bot
from bot.store.buckets import Bucket, SharedBuckets
from bot.store.redis import RedisStore
from tests.conftest import make_store
from tests.support.fake_telegram import TOKEN, FakeTelegram

WORKERS = 3


def _most_in_any_second(times: list[float]) -> int:
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + 1.0) for start in times)


async def _take_together(
    workers: list[SharedBuckets], bucket: Bucket, *, each: int
) -> tuple[float, list[float]]:
    """Every worker takes ``each`` tokens at once; when they started, and each token's time."""
    taken: list[float] = []

    async def worker(buckets: SharedBuckets) -> None:
        for _ in range(each):
            await buckets.acquire([bucket])
            taken.append(time.monotonic())

    started = time.monotonic()
    await asyncio.gather(*(worker(w) for w in workers))
    return started, taken


@pytest.fixture
async def workers(redis_url: str, key_prefix: str) -> AsyncIterator[list[SharedBuckets]]:
    clients = [Redis.from_url(redis_url) for _ in range(WORKERS)]
    yield [SharedBuckets(c, key_prefix, hide=lambda name: f"h-{name}") for c in clients]
    for client in clients:
        await client.aclose()


async def test_three_workers_together_stay_under_the_bots_rate(
    workers: list[SharedBuckets],
) -> None:
    """30 a second with no burst: 45 sends from three workers take 1.5 s, and no second
    ever holds more than 31 (the first token is there at once)."""
    started, taken = await _take_together(workers, Bucket("bot", 30.0, 1.0), each=15)
    assert len(taken) == 45
    assert _most_in_any_second(taken) <= 31
    assert time.monotonic() - started >= 44 / 30 - 0.1


async def test_a_chat_gets_its_burst_then_its_rate(workers: list[SharedBuckets]) -> None:
    started, taken = await _take_together(workers, Bucket("chat:1", 10.0, 3.0), each=3)
    first = sorted(t - started for t in taken)
    assert first[2] < 0.15  # the burst of 3 at once, whichever worker
    assert first[-1] >= 0.55  # then 10 a second: the 9th of them 0.6 s in


async def test_a_pause_holds_every_worker(workers: list[SharedBuckets]) -> None:
    bot = Bucket("bot", 1000.0, 5.0)
    await workers[0].pause(bot, 0.5)
    started = time.monotonic()
    await workers[2].acquire([bot])
    assert time.monotonic() - started >= 0.45


async def _bots(api_url: str, stores: list[RedisStore]) -> AsyncIterator[list[ExtBot[int]]]:
    settings = load_settings(ROOT / "config.toml", env={"TELEGRAM_API_BASE_URL": api_url})
    bots = [telegram_bot(settings, TOKEN, shared_limits(s)) for s in stores]
    for bot in bots:
        await bot.initialize()
    yield bots
    for bot in bots:
        await bot.shutdown()


async def test_workers_sending_a_broadcast_share_telegrams_limits(
    bot_api: tuple[FakeTelegram, str], redis_url: str, key_prefix: str
) -> None:
    """Three workers' bots send 60 tips to 60 chats: no second above Telegram's 30, and a
    429 from Telegram pauses all of them, not only the worker that got it."""
    telegram, api_url = bot_api
    stores = [make_store(Redis.from_url(redis_url), key_prefix) for _ in range(WORKERS)]
    async for bots in _bots(api_url, stores):
        telegram.fail_next(
            "sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1}
        )

        async def worker(n: int, bot: ExtBot[int]) -> None:
            for chat in range(n, 60, WORKERS):
                await bot.send_message(7200000000 + chat, "Паспортро ба касе надиҳед.")

        started = time.monotonic()
        await asyncio.gather(*(worker(n, bot) for n, bot in enumerate(bots)))
    for store in stores:
        await store.close()
    sends = [c.at for c in telegram.calls if c.method == "sendMessage" and c.params.get("_ok")]
    assert len(sends) == 60
    assert _most_in_any_second(sends) <= 31
    refused = next(c.at for c in telegram.calls if c.method == "sendMessage")
    # After the 429, nobody sent for the second Telegram asked for.
    assert min(t for t in sends if t > refused) - refused >= 0.95
    assert time.monotonic() - started >= 1 + 59 / 30 - 0.2


async def test_the_desk_groups_429_holds_up_the_group_alone(
    bot_api: tuple[FakeTelegram, str], redis_url: str, key_prefix: str
) -> None:
    """Telegram's per-group limit: the caseworkers' group waits, a person's reply does not."""
    telegram, api_url = bot_api
    store = make_store(Redis.from_url(redis_url), key_prefix)
    async for (bot,) in _bots(api_url, [store]):
        telegram.fail_next(
            "sendMessage", 429, "Too Many Requests: retry after 2", {"retry_after": 2}
        )
        group = asyncio.create_task(bot.send_message(-1007200000001, "Дело C-1001 · P1"))
        await asyncio.sleep(0.2)  # the group's send was refused and now waits
        started = time.monotonic()
        await bot.send_message(7200000999, "Корманди иҷтимоӣ: Шумо куҷоед?")
        assert time.monotonic() - started < 1.0  # the person's reply went at once
        await group
    await store.close()
    assert [m["chat_id"] for m in telegram.sent()] == [7200000999, -1007200000001]
