"""What the server's routes share: the conversation, the channels, secrets and hooks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.cases.outbox import Deliver, OutboxWorker
from bot.cases.service import CaseService
from bot.cases.timers import Timers
from bot.channels.sms.channel import SmsChannel
from bot.channels.telegram.channel import TelegramChannel
from bot.conversation import Conversation
from bot.server.metrics import Metrics

MAX_BODY_BYTES = 1_000_000


@dataclass
class ServerState:
    conversation: Conversation
    metrics: Metrics
    telegram: TelegramChannel | None = None
    telegram_secret: str = ""
    sms: SmsChannel | None = None
    twilio_auth_token: str = ""
    twilio_overrides: str = ""  # the webhook URL's "#rc=…" fragment, if the organisation set one
    public_url: str = ""
    cases: CaseService | None = None
    outbox: OutboxWorker | None = None  # sends case cards, thread messages, answers
    deliver: Deliver | None = None  # what the outbox worker calls for each message
    timers: Timers | None = None  # claim targets, escalation, retention
    on_start: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    on_stop: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
