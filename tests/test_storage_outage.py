"""Storage faults under a running channel: Redis restarted or down, nothing lost.

Each test runs its own redis-server (tests/support/redis_process.py) so it can be
killed and restarted under the server; the Bot API is the local stand-in.
"""

from __future__ import annotations

import asyncio
import json

from bot.config.settings import ROOT, RedisSettings, Settings, load_settings
from bot.server.app import SECRET_HEADER
from bot.server.serve import build_server
from bot.store.client import redis_client
from bot.store.codec import SessionCodec
from bot.store.redis import RedisStore
from tests.conftest import TEST_KEYS
from tests.support.fake_telegram import TOKEN, FakeTelegram, message_update
from tests.support.redis_process import RedisProcess
from tests.support.servers import in_process


def _store(redis: RedisProcess) -> RedisStore:
    return RedisStore(
        redis_client(RedisSettings(url=redis.url, retries=2, pool_timeout_seconds=1)),
        SessionCodec(TEST_KEYS),
        prefix="outage",
        retention_seconds=3600,
        dedupe_seconds=3600,
        lock_timeout=1.0,
        lock_lease=1.0,
    )


def _settings(api_url: str, public_url: str = "") -> Settings:
    return load_settings(
        ROOT / "config.toml",
        env={
            "TELEGRAM_API_BASE_URL": api_url,
            "SAFAR_TELEGRAM_POLL_TIMEOUT_SECONDS": "1",
            "SAFAR_SERVER_PUBLIC_URL": public_url,
        },
    )


async def test_polling_waits_out_a_redis_outage_and_answers_everyone(
    bot_api: tuple[FakeTelegram, str], own_redis: RedisProcess
) -> None:
    telegram, url = bot_api
    store = _store(own_redis)
    server = build_server(_settings(url), env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=store)
    async with in_process(server):
        telegram.queue(message_update(8201, "салом"))
        await telegram.wait_for(lambda: len(telegram.sent(8201)) == 2)
        own_redis.kill()
        telegram.queue(message_update(8202, "салом"), message_update(8201, "1"))
        await asyncio.sleep(4.0)  # several polls fail on storage; the old code dropped them
        assert telegram.sent(8202) == []
        own_redis.start()
        await telegram.wait_for(lambda: len(telegram.sent(8202)) == 2, limit=30)
        await telegram.wait_for(lambda: len(telegram.sent(8201)) > 2, limit=30)
        await asyncio.sleep(1.0)
    assert len(telegram.sent(8202)) == 2  # once, not once per try
    await store.close()


async def test_a_redis_restart_mid_conversation_fails_no_update(
    bot_api: tuple[FakeTelegram, str], own_redis: RedisProcess
) -> None:
    telegram, url = bot_api
    store = _store(own_redis)
    server = build_server(
        _settings(url, "https://safar.test"), env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=store
    )
    headers = {SECRET_HEADER: server.state.telegram_secret}
    statuses = []
    async with in_process(server) as client:
        for n, text in enumerate(["салом", "1", "0", "салом"]):
            if n == 2:
                own_redis.restart()  # every pooled connection is now dead
            update = json.dumps(message_update(8203, text, update_id=820300 + n))
            answer = await client.post("/telegram/webhook", content=update, headers=headers)
            statuses.append(answer.status_code)
    assert statuses == [200, 200, 200, 200]
    assert len(telegram.sent(8203)) >= 5
    await store.close()
