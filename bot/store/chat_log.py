"""The message ids of a person's private Telegram chat, for erasing it on /forget.

The Bot API lets a bot delete messages of a private chat, its own and the person's,
for 48 hours after they were sent (``deleteMessages``). Only the ids are kept, under
the contact's keyed hash, for those 48 hours: ``<prefix>:{<contact id>}:chat``, a list
of at most ``KEPT`` ids. /forget takes them and erases the chat (``bot.channels.
telegram.erase``); the key goes with them.
"""

from __future__ import annotations

from redis.exceptions import RedisError

from bot.store.base import StoreError
from bot.store.redis import RedisStore

DELETABLE_SECONDS = 48 * 3600  # Telegram's window for a bot to delete a message
KEPT = 1000


class ChatLog:
    def __init__(self, store: RedisStore) -> None:
        self._store = store

    def key(self, contact: str) -> str:
        return self._store.contact_key(contact, "chat")

    async def record(self, contact: str, message_ids: list[int]) -> None:
        if not message_ids:
            return
        key = self.key(contact)
        try:
            async with self._store.client.pipeline(transaction=False) as pipe:
                pipe.rpush(key, *message_ids)
                pipe.ltrim(key, -KEPT, -1)
                pipe.expire(key, DELETABLE_SECONDS)
                await pipe.execute()
        except RedisError as error:
            raise StoreError(f"cannot record chat messages: {error}") from error

    async def take(self, contact: str) -> list[int]:
        """The ids still deletable, oldest first; the record goes with them."""
        key = self.key(contact)
        try:
            async with self._store.client.pipeline(transaction=True) as pipe:
                pipe.lrange(key, 0, -1)
                pipe.delete(key)
                found, _ = await pipe.execute()
        except RedisError as error:
            raise StoreError(f"cannot read chat messages: {error}") from error
        return [int(i) for i in found]
