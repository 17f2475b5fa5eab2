"""Long polling: getUpdates in a loop, for local use and deployments without a public URL.

An update is confirmed (the next offset) only after it was processed and stored, so a
crash means redelivery, never loss; dedupe makes the redelivery harmless. A batch is
processed in parallel across people and in order for each person. While storage is
down (a ``StoreError``: Redis unreachable, a reply kept for redelivery) nothing after
the first such update is confirmed and polling waits, with a growing pause, then
fetches the same updates again: an outage delays answers, it never drops one. Only an
update whose handling fails for another reason (a bug it triggers) is given up after
``MAX_TRIES``, so it cannot block everyone behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBUserWarning

from bot.channels.telegram.channel import TelegramChannel
from bot.store.base import StoreError

log = logging.getLogger(__name__)
MAX_TRIES = 3
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "channel_post"]


class Poller:
    def __init__(self, channel: TelegramChannel, timeout: int) -> None:
        self.channel = channel
        self.timeout = timeout
        self.offset: int | None = None
        self._stopping = asyncio.Event()
        self._failures: dict[int, int] = {}

    def stop(self) -> None:
        self._stopping.set()

    async def fetch(self) -> list[Update]:
        """The next batch, each update parsed on its own.

        Fetched as raw JSON, not through get_updates: one update that
        python-telegram-bot cannot read would otherwise fail the whole batch, forever.
        """
        with warnings.catch_warnings():
            # PTB suggests get_updates; bypassing its batch parsing is the point here.
            warnings.filterwarnings("ignore", message=".*getUpdates.*", category=PTBUserWarning)
            raw = await self.channel.bot.do_api_request(
                "getUpdates",
                api_kwargs={
                    "offset": self.offset,
                    "timeout": self.timeout,
                    "allowed_updates": ALLOWED_UPDATES,
                },
                read_timeout=self.timeout + 10.0,
            )
        updates = []
        for data in raw if isinstance(raw, list) else []:
            update_id = data.get("update_id") if isinstance(data, dict) else None
            if not isinstance(update_id, int):
                continue
            update = self.channel.parse_json(data)
            if update is None:
                self.offset = max(self.offset or 0, update_id + 1)
            else:
                updates.append(update)
        return updates

    async def poll_once(self) -> int:
        """Fetch and process one batch; returns how many updates it held.

        Raises ``StoreError`` after confirming what came before the first update that
        storage could not take, so ``run`` waits and that update comes back.
        """
        updates = await self.fetch()
        if not updates:
            return 0
        results = await asyncio.gather(
            *(self.channel.process(update) for update in updates), return_exceptions=True
        )
        failed = []
        outage: StoreError | None = None
        for update, result in zip(updates, results, strict=True):
            if isinstance(result, StoreError):
                outage = outage or result
                failed.append(update.update_id)  # comes back; never counted against it
            elif isinstance(result, BaseException) and self._retry(update.update_id, result):
                failed.append(update.update_id)
        # Confirm up to the first failure, so failed updates come back.
        last_good = min(failed) - 1 if failed else updates[-1].update_id
        if last_good >= updates[0].update_id:
            self.offset = last_good + 1
        if outage is not None:
            raise outage
        return len(updates)

    def _retry(self, update_id: int, error: BaseException) -> bool:
        tries = self._failures[update_id] = self._failures.get(update_id, 0) + 1
        if tries < MAX_TRIES:
            return True
        # A poison update must not block everyone behind it.
        log.error("update %s dropped after %s tries", update_id, tries, exc_info=error)
        self._failures.pop(update_id, None)
        return False

    async def run(self) -> None:
        await self.channel.bot.delete_webhook(drop_pending_updates=False)
        backoff = 1.0
        while not self._stopping.is_set():
            try:
                await self.poll_once()
                backoff = 1.0
            except RetryAfter as error:
                await self._pause(float(_seconds(error.retry_after)))
            except (TimedOut, NetworkError, StoreError, TelegramError) as error:
                log.warning("polling paused after %s", type(error).__name__)
                await self._pause(backoff)
                backoff = min(backoff * 2, 60.0)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
