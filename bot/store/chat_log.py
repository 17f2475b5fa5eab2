"""The message ids of a person's private Telegram chat, for erasing it on /forget.

The Bot API lets a bot delete messages of a private chat, its own and the person's,
for 48 hours after they were sent (``deleteMessages``). Only the ids are kept, under
the contact's keyed hash, for those 48 hours after the last message:
``<prefix>:{<contact id>}:chat``, a list of at most ``KEPT`` ids. /forget takes them
and erases the chat (``bot.channels.telegram.erase``); the key goes with them.

Telegram answers "done" even when it skipped messages too old to delete, so the log
also keeps when the chat began (``...:chat_since``, a time and nothing else, for as
long as the session is kept): a chat that began more than 48 hours ago cannot be
wholly erased, and the person is told how to delete the rest themselves.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.store.base import STORAGE_ERRORS, StoreError
from bot.store.redis import RedisStore

DELETABLE_SECONDS = 48 * 3600  # Telegram's window for a bot to delete a message
KEPT = 1000


@dataclass(frozen=True)
class ChatRecord:
    ids: list[int]  # oldest first
    since: float | None  # when the chat began, as far as Safar saw it; None: not known
    trimmed: bool  # more ids were sent than are kept

    def wholly_deletable(self, now: float) -> bool:
        """Every message of the chat is known and still inside Telegram's window."""
        return (
            self.since is not None
            and now - self.since < DELETABLE_SECONDS - MARGIN_SECONDS
            and not self.trimmed
        )


MARGIN_SECONDS = 600  # an erase takes a moment; a message at the edge may pass it
UNKNOWN = 0  # when the chat began is not known: counted as long ago


class ChatLog:
    def __init__(self, store: RedisStore, *, remember_seconds: int = 90 * 86400) -> None:
        self._store = store
        self._remember = remember_seconds  # as long as the session is kept

    def key(self, contact: str) -> str:
        return self._store.contact_key(contact, "chat")

    def since_key(self, contact: str) -> str:
        return self._store.contact_key(contact, "chat_since")

    async def record(self, contact: str, message_ids: list[int]) -> None:
        if not message_ids:
            return
        key, since = self.key(contact), self.since_key(contact)
        try:
            async with self._store.client.pipeline(transaction=False) as pipe:
                pipe.rpush(key, *message_ids)
                pipe.ltrim(key, -KEPT, -1)
                pipe.expire(key, DELETABLE_SECONDS)
                pipe.expire(since, self._remember)
                length, _, _, known = await pipe.execute()
            if not known:
                # A list that was empty before these ids: the chat begins now. One that
                # was not (kept before this record existed): its beginning is unknown.
                began = int(time.time()) if length == len(message_ids) else UNKNOWN
                await self._store.client.set(since, began, nx=True, ex=self._remember)
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot record chat messages: {error}") from error

    async def restore_since(self, contact: str, since: float = UNKNOWN) -> None:
        """After a quick exit that left older messages: the chat still began then."""
        try:
            await self._store.client.set(self.since_key(contact), int(since), ex=self._remember)
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot record the chat's start: {error}") from error

    async def take(self, contact: str) -> ChatRecord:
        """The ids still deletable and when the chat began; the record goes with them."""
        key, since = self.key(contact), self.since_key(contact)
        try:
            async with self._store.client.pipeline(transaction=True) as pipe:
                pipe.lrange(key, 0, -1)
                pipe.get(since)
                pipe.delete(key, since)
                found, began, _ = await pipe.execute()
        except STORAGE_ERRORS as error:
            raise StoreError(f"cannot read chat messages: {error}") from error
        ids = [int(i) for i in found]
        return ChatRecord(ids, float(began) if began else None, len(ids) >= KEPT)
