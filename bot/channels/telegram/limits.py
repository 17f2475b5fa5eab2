"""Telegram's rate limits for the deployment as a whole, in python-telegram-bot's own
rate-limiter interface, on token buckets every worker shares in Redis
(bot/store/buckets.py). AIORateLimiter counts per process: three workers sent four
times Telegram's rate (issue #15).

* the bot: ``telegram.overall_messages_per_second`` (30), with no burst above it;
* a private chat: ``telegram.chat_burst`` at once, then
  ``telegram.chat_messages_per_second`` (1/s);
* a group (the caseworkers' desk): ``telegram.group_messages_per_minute`` (20).

A 429 for a group pauses that group's bucket, any other 429 the bot's, for its
``retry_after`` in every worker, then the request is made again
(``telegram.max_retries``): the desk group's limit never holds up replies to people.
Set-up calls (webhook, commands, getMe) and answers to button presses are not counted.
If Redis cannot be asked, the request goes out unthrottled rather than not at all: a
reply matters more than a limit, and a 429 is still waited out.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.config.settings import TelegramSettings
from bot.store.base import StoreError
from bot.store.buckets import Bucket, SharedBuckets

log = logging.getLogger(__name__)
UNCOUNTED = frozenset(
    {
        "getMe",
        "setWebhook",
        "deleteWebhook",
        "getWebhookInfo",
        "setMyCommands",
        "answerCallbackQuery",
    }
)
Result = bool | dict[str, Any] | list[dict[str, Any]]


class SharedRateLimiter(BaseRateLimiter[int]):
    def __init__(self, buckets: SharedBuckets, settings: TelegramSettings) -> None:
        self._shared = buckets
        self._bot = Bucket("bot", settings.overall_messages_per_second, 1.0)
        self._chat_rate = settings.chat_messages_per_second
        self._chat_burst = float(settings.chat_burst)
        self._group_rate = settings.group_messages_per_minute / 60.0
        self._retries = settings.max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def buckets(self, endpoint: str, data: dict[str, Any]) -> list[Bucket]:
        if endpoint in UNCOUNTED:
            return []
        chat = str(data.get("chat_id", ""))
        if not chat:
            return [self._bot]
        if chat.startswith("-"):  # groups and supergroups have negative ids
            return [self._bot, Bucket(f"group:{chat}", self._group_rate, 1.0)]
        return [self._bot, Bucket(f"chat:{chat}", self._chat_rate, self._chat_burst)]

    async def process_request(  # noqa: PLR0917  # python-telegram-bot's interface
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        needed = self.buckets(endpoint, data)
        for attempt in range(self._retries + 1):
            await self._acquire(needed)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == self._retries:
                    raise
                # A group's own limit (the desk's) pauses that group alone; any other
                # 429 is taken as the bot's flood limit and pauses every chat.
                group = next((b for b in needed if b.name.startswith("group:")), None)
                await self._pause(group or self._bot, _seconds(error.retry_after))
        raise AssertionError("unreachable")  # the loop returns or raises

    async def _acquire(self, needed: list[Bucket]) -> None:
        if not needed:
            return
        try:
            await self._shared.acquire(needed)
        except StoreError as error:
            log.warning("send limits unavailable, sending unthrottled: %s", type(error).__name__)

    async def _pause(self, bucket: Bucket, seconds: float) -> None:
        """Every worker waits (the pause is in Redis); this one waits it out itself too, so
        a Redis that could not take the pause still sees no retry before Telegram allows."""
        with contextlib.suppress(StoreError):
            await self._shared.pause(bucket, seconds)
        await asyncio.sleep(seconds)


def _seconds(retry_after: int | float | dt.timedelta) -> float:
    if isinstance(retry_after, dt.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)
