"""Wiring: settings -> resources, store and conversation, for each way of running."""

from __future__ import annotations

import bot.actions  # noqa: F401 - registers the actions flow files call
from bot.cases.memory import MemoryCaseStore
from bot.cases.service import CaseService
from bot.cases.store import RedisCaseStore
from bot.config.secrets import data_keys
from bot.config.settings import Settings
from bot.conversation import Conversation
from bot.engine.loader import load_flows
from bot.engine.model import LanguageSource, Session
from bot.engine.resources import Resources
from bot.store.base import SessionStore
from bot.store.client import redis_client
from bot.store.codec import SessionCodec
from bot.store.memory import MemoryStore
from bot.store.redis import Drafts, RedisStore

HOUR = 3600
DAY = 24 * HOUR


def build_resources(settings: Settings) -> Resources:
    return Resources.load(settings)


def memory_conversation(settings: Settings, language: str | None = None) -> Conversation:
    """The embedded default: everything in this process, nothing to install or run."""
    store = MemoryStore(
        retention_seconds=settings.session.retention_days * DAY,
        dedupe_seconds=settings.session.dedupe_hours * HOUR,
    )
    resources = build_resources(settings)
    cases = CaseService(MemoryCaseStore(), resources, settings.cases, settings.desk)
    if language is not None:
        # --lang is an explicit choice, as if the user had picked it from the menu.
        for channel in ("telegram", "sms"):
            store.preset(
                f"{channel}:terminal-user",
                Session(language=language, language_source=LanguageSource.CHOSEN),
            )
    return Conversation(resources, store, cases=cases)


def redis_store(settings: Settings) -> RedisStore:
    """Sessions in Redis; needs SAFAR_DATA_KEY, or stored sessions die with the process."""
    return RedisStore(
        redis_client(settings.redis),
        SessionCodec(data_keys(ephemeral_ok=False)),
        prefix=settings.redis.key_prefix,
        retention_seconds=settings.session.retention_days * DAY,
        dedupe_seconds=settings.session.dedupe_hours * HOUR,
        lock_timeout=settings.session.lock_timeout_seconds,
        lock_lease=settings.session.lock_lease_seconds,
        drafts=drafts(settings),
    )


def drafts(settings: Settings) -> Drafts:
    """The flows' private variables (a report's answers before it is sent), kept apart
    from the session and expiring a minute after the idle time (the minute keeps a
    draft from vanishing while the engine still counts the person as present)."""
    flows = load_flows(settings.bot.flows_dir).flows.values()
    prefixes = tuple(sorted({f.private_vars for f in flows if f.private_vars}))
    return Drafts(prefixes, settings.session.idle_minutes * 60 + 60)


def redis_case_store(
    sessions: SessionStore, settings: Settings | None = None
) -> RedisCaseStore | MemoryCaseStore:
    """Cases beside the sessions: the same Redis, data key and prefix (memory for memory)."""
    if not isinstance(sessions, RedisStore):
        return MemoryCaseStore()
    return RedisCaseStore(
        sessions.client,
        sessions.codec,
        prefix=sessions.prefix,
        dedupe_seconds=sessions.dedupe_seconds,
        wait_replicas=settings.redis.wait_replicas if settings else 0,
        wait_milliseconds=settings.redis.wait_milliseconds if settings else 1000,
    )
