"""200 people at once through the webhook: no 5xx, every reply once (#13).

Real Redis with a deliberately small connection pool (20 for 200 people), so requests
must wait for a connection rather than fail; the Bot API stand-in answers every send.
"""

from __future__ import annotations

import asyncio
import json

from bot.config.settings import ROOT, RedisSettings, load_settings
from bot.server.app import SECRET_HEADER
from bot.server.serve import build_server
from bot.store.client import redis_client
from bot.store.codec import SessionCodec
from bot.store.redis import RedisStore
from tests.conftest import TEST_KEYS
from tests.support.fake_telegram import TOKEN, FakeTelegram, message_update
from tests.support.servers import in_process

PEOPLE = 200
FIRST_CHAT = 9_100_000


async def test_two_hundred_people_at_once_get_every_reply_once(
    bot_api: tuple[FakeTelegram, str], redis_url: str, key_prefix: str
) -> None:
    telegram, url = bot_api
    store = RedisStore(
        redis_client(RedisSettings(url=redis_url, max_connections=20)),
        SessionCodec(TEST_KEYS),
        prefix=key_prefix,
        retention_seconds=3600,
        dedupe_seconds=3600,
        lock_timeout=10,
    )
    settings = load_settings(
        ROOT / "config.toml",
        env={
            "TELEGRAM_API_BASE_URL": url,
            "SAFAR_SERVER_PUBLIC_URL": "https://safar.test",
            "SAFAR_TELEGRAM_OVERALL_MESSAGES_PER_SECOND": "100000",
            "SAFAR_TELEGRAM_CHAT_BURST": "100",
        },
    )
    server = build_server(settings, env={"TELEGRAM_BOT_TOKEN": TOKEN}, store=store)
    async with in_process(server) as client:
        headers = {SECRET_HEADER: server.state.telegram_secret}

        async def person(n: int) -> list[int]:
            statuses = []
            for step, text in enumerate(("салом", "1", "0")):
                update = message_update(
                    FIRST_CHAT + n, text, update_id=(FIRST_CHAT + n) * 10 + step
                )
                answer = await client.post(
                    "/telegram/webhook", content=json.dumps(update), headers=headers
                )
                statuses.append(answer.status_code)
            return statuses

        assert await person(PEOPLE) == [200, 200, 200]  # one person alone: what all should get
        expected = [m["text"] for m in telegram.sent(FIRST_CHAT + PEOPLE)]
        results = await asyncio.gather(*(person(n) for n in range(PEOPLE)))
    assert [s for statuses in results for s in statuses if s != 200] == []
    assert len(expected) >= 4  # welcome, menu, a topic list, the menu again
    for n in range(PEOPLE):
        assert [m["text"] for m in telegram.sent(FIRST_CHAT + n)] == expected, n
    await store.close()
