"""Awareness topics, read from ``data/topics.toml`` (see the comment at its top).

A topic has Telegram pages and SMS parts, a group for the menu, search keywords in
every language, its sources and the date it was checked against them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.content.datafile import read_entries, reject_duplicates

TOPICS_FILE = "topics.toml"
GROUPS = ("job", "before", "legal", "trouble")
_KEYS = frozenset({"id", "group", "title", "verified_on", "sources", "keywords", "pages", "sms"})


class TopicsError(ValueError):
    """The topics file has a fault; the message names the topic."""


@dataclass(frozen=True)
class Topic:
    id: str
    group: str
    title: str
    pages: tuple[str, ...]  # Telegram
    sms: tuple[str, ...]  # SMS parts
    keywords: Mapping[str, tuple[str, ...]]
    sources: tuple[str, ...]
    verified_on: dt.date

    def parts(self, channel: str) -> tuple[str, ...]:
        return self.sms if channel == "sms" else self.pages


def _texts(where: str, raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key)
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise TopicsError(f"{where}: {key!r} must be a non-empty list of texts")
    return tuple(v.strip("\n") for v in value)


def _topic(index: int, raw: Any) -> Topic:
    if not isinstance(raw, dict):
        raise TopicsError(f"{TOPICS_FILE}: topic #{index + 1} must be a table")
    where = f"{TOPICS_FILE}: topic {raw.get('id', '#' + str(index + 1))!r}"
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise TopicsError(f"{where}: unknown key {unknown[0]!r}")
    for key in ("id", "title"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise TopicsError(f"{where}: {key!r} must be non-empty text")
    if raw.get("group") not in GROUPS:
        raise TopicsError(f"{where}: 'group' must be one of {list(GROUPS)}")
    verified = raw.get("verified_on")
    if not isinstance(verified, dt.date) or isinstance(verified, dt.datetime):
        raise TopicsError(f"{where}: verified_on must be a date like 2026-11-01")
    keywords = raw.get("keywords")
    if not isinstance(keywords, dict) or not all(
        isinstance(v, list) and all(isinstance(k, str) for k in v) for v in keywords.values()
    ):
        raise TopicsError(f"{where}: 'keywords' must map languages to lists of words")
    return Topic(
        id=raw["id"],
        group=raw["group"],
        title=raw["title"],
        pages=_texts(where, raw, "pages"),
        sms=_texts(where, raw, "sms"),
        keywords=MappingProxyType({k: tuple(v) for k, v in keywords.items()}),
        sources=_texts(where, raw, "sources"),
        verified_on=verified,
    )


def load_topics(data_dir: Path) -> tuple[Topic, ...]:
    entries = read_entries(data_dir / TOPICS_FILE, "topic", TopicsError, required=False)
    topics = tuple(_topic(i, raw) for i, raw in enumerate(entries))
    reject_duplicates(TOPICS_FILE, "topic", (t.id for t in topics), TopicsError)
    return topics


def find_topic(topics: Sequence[Topic], topic_id: str) -> Topic | None:
    return next((t for t in topics if t.id == topic_id), None)
