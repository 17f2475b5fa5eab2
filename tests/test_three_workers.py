"""Three real ``python -m bot serve`` processes on one Redis (#15, tests and checks).

Twelve people each send a script of messages, every message to another worker and
50 ms after the one before. Each person gets exactly the replies, in exactly the
order, that one worker gives the same script sent one message at a time; every update
redelivered to another worker changes nothing; and the three workers together stay
inside one bot-wide rate (Telegram's stand-in refuses more than its strict limit).

The limit, measured here: a message waits its turn by Telegram's update id, but only
once it has reached a worker. On this 2-core machine, with three workers and the test
itself sharing it, a busy worker can take 20 ms or more to read a request, and a
message arriving only 5 ms after the one before was then handled after it for 2 or 3
of the 12 people (README, "Several workers").
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from bot.config.secrets import telegram_webhook_secret
from bot.server.app import SECRET_HEADER
from tests.support.fake_telegram import TOKEN, FakeTelegram, message_update
from tests.support.serve_process import serving, webhook_env
from tests.support.servers import free_port

SCRIPT = ["салом", "1", "2", "/menu", "3", "hello"]
PEOPLE = [7300000000 + n for n in range(12)]
REFERENCE = 7399999999
GAP = 0.05  # seconds between one person's messages
RATE = 12  # messages a second for the bot as a whole, across the three workers


@pytest.fixture
def workers(
    bot_api: tuple[FakeTelegram, str], redis_url: str, key_prefix: str
) -> Iterator[list[str]]:
    telegram, api_url = bot_api
    telegram.strict_per_second = RATE + 2  # Telegram's own limit, a little above ours
    env = webhook_env(
        TOKEN,
        api_url,
        redis_url,
        key_prefix,
        SAFAR_TELEGRAM_OVERALL_MESSAGES_PER_SECOND=str(RATE),
        SAFAR_TELEGRAM_CHAT_BURST="100",
        SAFAR_TELEGRAM_CHAT_MESSAGES_PER_SECOND="100",
        # The default lease: on a loaded 2-core machine running three workers, the
        # tests' 1 s lease can lapse between renewals and let a second worker in.
        SAFAR_SESSION_LOCK_LEASE_SECONDS="3",
    )
    with ExitStack() as stack:
        urls = []
        for _ in range(3):
            port = free_port()
            stack.enter_context(serving(env, port))
            urls.append(f"http://127.0.0.1:{port}/telegram/webhook")
        yield urls


def _update(chat: int, step: int) -> dict[str, object]:
    return message_update(
        chat, SCRIPT[step], language_code="tg", update_id=chat % 10**6 * 100 + step + 1
    )


async def test_three_workers_keep_order_deliver_once_and_share_the_rate(
    workers: list[str], bot_api: tuple[FakeTelegram, str]
) -> None:
    telegram, _ = bot_api
    headers = {SECRET_HEADER: telegram_webhook_secret(TOKEN), "Content-Type": "application/json"}
    async with httpx.AsyncClient(timeout=60) as client:

        async def post(url: str, update: dict[str, object]) -> int:
            response = await client.post(url, content=json.dumps(update), headers=headers)
            return response.status_code

        # The reference: each worker, one message at a time (which also warms them up,
        # as running workers are: a cold one loads its models on its first message).
        for n, worker in enumerate(workers):
            for step in range(len(SCRIPT)):
                assert await post(worker, _update(REFERENCE - n, step)) == 200
        expected = [m["text"] for m in telegram.sent(REFERENCE)]
        assert len(expected) >= len(SCRIPT)
        assert all([m["text"] for m in telegram.sent(REFERENCE - n)] == expected for n in (1, 2))

        posts = []
        for step in range(len(SCRIPT)):
            for i, chat in enumerate(PEOPLE):
                worker = workers[(step + i) % 3]
                posts.append(asyncio.create_task(post(worker, _update(chat, step))))
            await asyncio.sleep(GAP)
        assert set(await asyncio.gather(*posts)) == {200}
        wrong = [chat for chat in PEOPLE if [m["text"] for m in telegram.sent(chat)] != expected]
        assert wrong == []

        sent_before = len(telegram.sent())
        again = [
            post(workers[(step + i + 1) % 3], _update(chat, step))
            for step in range(len(SCRIPT))
            for i, chat in enumerate(PEOPLE)
        ]
        assert set(await asyncio.gather(*again)) == {200}
        assert len(telegram.sent()) == sent_before  # redeliveries send nothing

    assert not any(c.params.get("_refused") for c in telegram.calls)  # no 429 from Telegram
    sends = sorted(c.at for c in telegram.calls if c.method == "sendMessage")
    busiest = max(sum(1 for t in sends if start <= t < start + 1.0) for start in sends)
    assert busiest <= RATE + 1  # the shared bucket's burst is one second's worth at most
