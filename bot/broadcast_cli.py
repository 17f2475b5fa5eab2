"""Wiring of ``python -m bot broadcast``: store, senders and a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable

from bot.app import build_resources, redis_store
from bot.broadcast import Broadcaster, BroadcastReport
from bot.broadcast_senders import senders_for
from bot.channels.telegram.send import TelegramSender
from bot.config.errors import ConfigError
from bot.config.secrets import telegram_token, twilio_credentials
from bot.config.settings import Settings
from bot.content.topics import find_topic
from bot.conversation import Conversation
from bot.engine.model import Say, Text
from bot.server.serve import shared_limits, sms_sender, telegram_bot, telegram_sender

BAR = 30


def progress_bar(label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        filled = BAR * done // max(total, 1)
        print(
            f"\r{label} [{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}",
            end="",
            file=sys.stderr,
            flush=True,
        )
        if done == total:
            print(file=sys.stderr)

    return show


async def broadcast(
    settings: Settings, topic_id: str, campaign: str | None, *, dry_run: bool
) -> BroadcastReport:
    resources = build_resources(settings)
    topic = find_topic(resources.topics, topic_id)
    if topic is None:
        known = ", ".join(t.id for t in resources.topics)
        msg = f"unknown topic {topic_id!r} (known: {known})"
        raise ConfigError(msg)
    store = redis_store(settings)
    closers: list[Callable[[], Awaitable[None]]] = [store.close]
    telegram: TelegramSender | None = None
    token = telegram_token()
    if token:
        bot = telegram_bot(settings, token, shared_limits(store))
        await bot.initialize()
        closers.append(bot.shutdown)
        telegram = telegram_sender(settings, bot)
    credentials = twilio_credentials()
    sms = None
    if credentials is not None:
        http, sms = sms_sender(settings, credentials)
        closers.append(http.aclose)
    try:
        broadcaster = Broadcaster(
            Conversation(resources, store),
            senders_for(telegram, sms, resources.catalogs),
            progress_bar(f"tip {topic.id}"),
            zone=settings.desk.timezone,
        )
        tip = Say((Text(topic.sms[0]),))
        return await broadcaster.run(campaign or f"tip:{topic.id}", tip, dry_run=dry_run)
    finally:
        for close in reversed(closers):
            await close()
