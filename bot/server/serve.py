"""``python -m bot serve``: one process for every channel, built from settings.

With ``TELEGRAM_BOT_TOKEN`` set, Telegram runs by webhook when ``server.public_url``
is set (registered with a secret token) and by long polling otherwise.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx
import uvicorn
from starlette.applications import Starlette
from telegram.ext import AIORateLimiter, BaseRateLimiter, ExtBot
from telegram.request import HTTPXRequest
from twilio.rest import Client

from bot.app import build_resources, redis_case_store, redis_store
from bot.cases.base import CaseStore
from bot.cases.delivery import CaseDelivery
from bot.cases.desk import Desk
from bot.cases.service import CaseService
from bot.cases.store import RedisCaseStore
from bot.cases.timers import Timers
from bot.channels.pacing import Pacer
from bot.channels.sms.channel import SmsChannel
from bot.channels.sms.rest import HttpxTwilioClient, SmsSender
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.commands import register_commands
from bot.channels.telegram.desk import TelegramDesk
from bot.channels.telegram.limits import SharedRateLimiter
from bot.channels.telegram.polling import ALLOWED_UPDATES, Poller
from bot.channels.telegram.send import TelegramSender
from bot.config.errors import ConfigError
from bot.config.secrets import (
    TwilioCredentials,
    telegram_token,
    telegram_webhook_secret,
    twilio_credentials,
)
from bot.config.settings import Settings
from bot.conversation import Conversation
from bot.logs import configure_logging, configured_secrets
from bot.server.app import create_app
from bot.server.metrics import Metrics
from bot.server.state import ServerState
from bot.store.base import SessionStore
from bot.store.buckets import SharedBuckets
from bot.store.chat_log import ChatLog
from bot.store.deferred import DeferredReplies
from bot.store.redis import RedisStore

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram/webhook"
SMS_INBOUND_PATH = "/sms/twilio/inbound"
SMS_STATUS_PATH = "/sms/twilio/status"


@dataclass
class Server:
    app: Starlette
    state: ServerState
    poller: Poller | None = None


def telegram_bot(
    settings: Settings, token: str, limits: SharedBuckets | None = None
) -> ExtBot[int]:
    """The Bot API client; with ``limits`` (Redis), Telegram's rate limits are counted
    for all workers together, else for this process alone (the terminal, tests)."""
    base = settings.telegram.api_base_url.rstrip("/")
    poll_timeout = settings.telegram.poll_timeout_seconds + 10.0
    limiter: BaseRateLimiter[int] = (
        SharedRateLimiter(limits, settings.telegram)
        if limits is not None
        else AIORateLimiter(
            overall_max_rate=settings.telegram.overall_messages_per_second,
            group_max_rate=settings.telegram.group_messages_per_minute,
            max_retries=settings.telegram.max_retries,
        )
    )
    return ExtBot(
        token,
        base_url=f"{base}/bot",
        base_file_url=f"{base}/file/bot",
        request=HTTPXRequest(connection_pool_size=64),
        get_updates_request=HTTPXRequest(read_timeout=poll_timeout),
        rate_limiter=limiter,
    )


def shared_limits(store: object) -> SharedBuckets | None:
    """Send limits in the sessions' Redis, shared by every worker (None without Redis)."""
    if not isinstance(store, RedisStore):
        return None
    codec = store.codec
    return SharedBuckets(store.client, store.prefix, hide=lambda n: codec.keyed_hash("limit", n))


def telegram_sender(
    settings: Settings, bot: ExtBot[int], chat_log: ChatLog | None = None
) -> TelegramSender:
    pacer = Pacer(
        burst=settings.telegram.chat_burst, per_second=settings.telegram.chat_messages_per_second
    )
    return TelegramSender(bot, pacer, chat_log)


def sms_sender(
    settings: Settings,
    credentials: TwilioCredentials,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[HttpxTwilioClient, SmsSender | None]:
    """Twilio's REST client on our transport, and a sender if a sender is configured."""
    http = HttpxTwilioClient(
        settings.sms.api_base_url, retries=settings.sms.max_retries, transport=transport
    )
    if not (settings.sms.from_number or settings.sms.messaging_service_sid):
        return http, None
    public_url = settings.server.public_url.rstrip("/")
    client = Client(credentials.account_sid, credentials.auth_token, http_client=http)
    sender = SmsSender(
        client,
        from_number=settings.sms.from_number,
        messaging_service_sid=settings.sms.messaging_service_sid,
        status_callback=f"{public_url}{SMS_STATUS_PATH}" if public_url else None,
        validity_seconds=settings.sms.validity_seconds,
    )
    return http, sender


def _add_telegram(
    server: Server, settings: Settings, token: str, env: Mapping[str, str] | None
) -> None:
    state = server.state
    store = state.conversation.store
    bot = telegram_bot(settings, token, shared_limits(store))
    deferred = (
        DeferredReplies(store, max_age_seconds=settings.telegram.deferred_max_hours * 3600)
        if isinstance(store, RedisStore)
        else None
    )
    remember = settings.session.retention_days * 86400  # as long as the session is kept
    chat_log = ChatLog(store, remember_seconds=remember) if isinstance(store, RedisStore) else None
    sender = telegram_sender(settings, bot, chat_log)
    channel = TelegramChannel(
        bot, state.conversation, sender, state.metrics, deferred=deferred, chat_log=chat_log
    )
    state.telegram = channel
    state.telegram_secret = telegram_webhook_secret(token, env)
    resources = state.conversation.resources
    public_url = settings.server.public_url.rstrip("/")
    use_webhook = bool(public_url) and settings.telegram.webhook
    poller = None if use_webhook else Poller(channel, settings.telegram.poll_timeout_seconds)

    server.poller = poller
    tasks: list[asyncio.Task[None]] = []
    stopping = asyncio.Event()

    async def start() -> None:
        await bot.initialize()
        await register_commands(
            bot, resources.catalogs, resources.languages, resources.default_language
        )
        if poller is None:
            await bot.set_webhook(
                f"{public_url}{WEBHOOK_PATH}",
                secret_token=state.telegram_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info("telegram: webhook registered")
        else:
            tasks.append(asyncio.create_task(poller.run(), name="telegram-polling"))
            log.info("telegram: long polling")
        if deferred is not None:
            replies = deferred.run(
                channel.courier.send, state.conversation.mark_unreachable, stopping
            )
            tasks.append(asyncio.create_task(replies, name="telegram-deferred-replies"))

    async def stop() -> None:
        stopping.set()
        if poller is not None:
            poller.stop()
        for task in tasks:
            # The batch in hand finishes; the long-poll wait itself is abandoned.
            try:
                await asyncio.wait_for(task, timeout=settings.server.shutdown_grace_seconds)
            except TimeoutError:
                log.warning("telegram polling did not stop in time")
        await bot.shutdown()

    state.on_start.append(start)
    state.on_stop.append(stop)


def _add_sms(
    server: Server,
    settings: Settings,
    credentials: TwilioCredentials,
    transport: httpx.AsyncBaseTransport | None,
) -> None:
    public_url = settings.server.public_url.rstrip("/")
    if not public_url:
        msg = (
            "server.public_url: required for SMS (Twilio signs each request against "
            "the address it calls)"
        )
        raise ConfigError(msg)
    state = server.state
    http, sender = sms_sender(settings, credentials, transport)
    state.sms = SmsChannel(
        state.conversation, state.metrics, budget=settings.sms.segment_budget, sender=sender
    )
    state.twilio_auth_token = credentials.auth_token
    state.twilio_overrides = settings.sms.connection_overrides.lstrip("#")
    state.public_url = public_url
    state.on_stop.append(http.aclose)


def _add_hotline(server: Server, settings: Settings, cases: CaseStore, *, background: bool) -> None:
    """The case desk in the caseworkers' group, the outbox worker and the timers."""
    state = server.state
    conversation = state.conversation
    service = CaseService(cases, conversation.resources, settings.cases, settings.desk)
    conversation.cases = state.cases = service
    telegram = state.telegram
    desk_ready = telegram is not None and bool(settings.desk.chat_id)
    if telegram is not None and desk_ready:
        telegram.desk = TelegramDesk(telegram.bot, Desk(service), int(settings.desk.chat_id))
    elif not settings.desk.chat_id:
        log.warning("desk.chat_id is not set: reports are stored, but no caseworker sees them")
    delivery = CaseDelivery(
        service,
        conversation,
        telegram.bot if telegram is not None else None,
        conversation.clock,
        telegram=telegram.sender if telegram is not None else None,
        sms=state.sms,
    )
    state.deliver = delivery
    if state.sms is not None:
        state.sms.on_expired = service.sms_expired
    state.timers = Timers(service, conversation.clock)
    if isinstance(cases, RedisCaseStore):
        store = cases

        async def move_legacy_keys() -> None:
            await store.move_legacy_keys()

        # Before the outbox and the timers read them: cases kept in the old layout.
        state.on_start.insert(0, move_legacy_keys)
        state.outbox = cases.outbox_worker(
            delivery,
            retry_seconds=settings.cases.outbox_retry_seconds,
            max_attempts=settings.cases.outbox_max_attempts,
        )
    if not background:
        return
    tasks: list[asyncio.Task[None]] = []

    async def start() -> None:
        if state.outbox is not None and desk_ready:
            # Without a desk, messages stay queued until one is configured.
            tasks.append(asyncio.create_task(state.outbox.run(), name="case-outbox"))
        if state.timers is not None:
            tasks.append(asyncio.create_task(state.timers.run(), name="case-timers"))

    async def stop() -> None:
        if state.outbox is not None:
            state.outbox.stop()
        if state.timers is not None:
            state.timers.stop()
        for task in tasks:
            try:
                await asyncio.wait_for(task, timeout=settings.server.shutdown_grace_seconds)
            except TimeoutError:
                log.warning("%s did not stop in time", task.get_name())

    state.on_start.append(start)
    state.on_stop.insert(0, stop)  # before the bot and the stores close


def build_server(
    settings: Settings,
    env: Mapping[str, str] | None = None,
    store: SessionStore | None = None,
    twilio_transport: httpx.AsyncBaseTransport | None = None,
    *,
    cases: CaseStore | None = None,
    clock: Callable[[], float] = time.time,
    background: bool = True,
) -> Server:
    """Everything ``serve`` runs, without running it (tests drive the app directly).

    ``background=False`` leaves the outbox worker and the timers to the caller (tests
    run them step by step, on their own clock).
    """
    store = store if store is not None else redis_store(settings)
    conversation = Conversation(build_resources(settings), store, clock=clock)
    state = ServerState(conversation=conversation, metrics=Metrics())
    server = Server(app=create_app(state), state=state)
    token = telegram_token(env)
    if token:
        _add_telegram(server, settings, token, env)
    else:
        log.warning("TELEGRAM_BOT_TOKEN is not set: Telegram is off")
    credentials = twilio_credentials(env)
    if credentials is not None:
        _add_sms(server, settings, credentials, twilio_transport)
    else:
        log.warning("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set: SMS is off")
    _add_hotline(
        server,
        settings,
        cases if cases is not None else redis_case_store(store, settings),
        background=background,
    )
    state.on_stop.append(store.close)
    return server


def serve(settings: Settings) -> None:
    # Before anything logs: every record is redacted, including uvicorn's own, which
    # log_config=None sends through the root logger instead of uvicorn's handlers.
    configure_logging(settings.log, configured_secrets())
    server = build_server(settings)
    uvicorn.run(
        server.app,
        host=settings.server.host,
        port=settings.server.port,
        timeout_graceful_shutdown=settings.server.shutdown_grace_seconds,
        log_config=None,
        log_level=settings.log.level.lower(),
        access_log=False,  # request lines would log chat activity; metrics count it instead
    )
