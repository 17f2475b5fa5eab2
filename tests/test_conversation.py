"""The message path around the engine: dedupe, per-contact order, storage."""

from __future__ import annotations

import asyncio

from bot.conversation import Conversation
from bot.engine.model import Contact, Inbound
from bot.engine.resources import Resources
from bot.store.redis import RedisStore
from tests.conftest import FIXED_NOW
from tests.support.menu import menu_number


def _conversation(resources: Resources, store: RedisStore) -> Conversation:
    return Conversation(resources, store, clock=lambda: FIXED_NOW)


async def test_redelivered_message_is_processed_once(
    resources: Resources, redis_store: RedisStore
) -> None:
    """The same channel message id twice: one reply, one state change."""
    conversation = _conversation(resources, redis_store)
    contact = Contact("telegram", "501")
    await conversation.handle(Inbound(contact, text="hello", external_id="u1"))
    first = await conversation.handle(
        Inbound(contact, text=menu_number("@privacy"), external_id="u2")
    )
    again = await conversation.handle(
        Inbound(contact, text=menu_number("@privacy"), external_id="u2")
    )
    assert first is not None and first.says
    assert again is None
    session = await redis_store.load(contact.key)
    # Once: the Privacy topic, waiting on its "Erase now / Main menu" choice.
    assert session is not None and (session.flow, session.node) == ("privacy", "about")


async def test_concurrent_redeliveries_are_processed_once(
    resources: Resources, redis_store: RedisStore
) -> None:
    """Redeliveries racing each other still produce exactly one reply."""
    conversation = _conversation(resources, redis_store)
    contact = Contact("sms", "+992931234567")
    replies = await asyncio.gather(
        *(conversation.handle(Inbound(contact, text="salom", external_id="SM9")) for _ in range(5))
    )
    assert sum(reply is not None for reply in replies) == 1


async def test_one_contacts_messages_are_applied_in_order(
    resources: Resources, redis_store: RedisStore
) -> None:
    """Messages of one person sent together are applied one after the other."""
    conversation = _conversation(resources, redis_store)
    contact = Contact("telegram", "502")
    await conversation.handle(Inbound(contact, text="hello", external_id="1"))
    # The language entry opens the language menu; "2" there picks Russian.
    # Interleaved, they would not.
    for reply_to in (menu_number("language"), "2"):
        await conversation.handle(Inbound(contact, text=reply_to, external_id=reply_to + "x"))
    session = await redis_store.load(contact.key)
    assert session is not None and session.language == "ru"


async def test_many_contacts_in_parallel_keep_their_own_state(
    resources: Resources, redis_store: RedisStore
) -> None:
    """Different people proceed in parallel without mixing their sessions."""
    conversation = _conversation(resources, redis_store)

    async def person(number: int) -> str:
        contact = Contact("telegram", str(1000 + number))
        first = "салом" if number % 2 else "Здравствуйте"
        await conversation.handle(Inbound(contact, text=first, external_id="a"))
        session = await redis_store.load(contact.key)
        assert session is not None
        return session.language

    languages = await asyncio.gather(*(person(n) for n in range(20)))
    assert languages == ["ru" if n % 2 == 0 else "tg" for n in range(20)]


async def test_forget_deletes_stored_session(resources: Resources, redis_store: RedisStore) -> None:
    """/forget leaves no session in Redis, and the next message is a first contact."""
    conversation = _conversation(resources, redis_store)
    contact = Contact("telegram", "503")
    await conversation.handle(Inbound(contact, text="hello", external_id="1"))
    reply = await conversation.handle(Inbound(contact, command="forget", external_id="2"))
    assert reply is not None and reply.language == "en"
    assert await redis_store.load(contact.key) is None
    again = await conversation.handle(Inbound(contact, text="salom", external_id="3"))
    assert again is not None and again.language == "tg"
