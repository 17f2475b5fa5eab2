"""Replies on their way to a person: kept with the session change, then sent, then settled.

A reply is never lost because its message was marked processed first, and never sent
twice because of a retry:

1. the channel's ``Courier`` renders the reply; the rendered messages are kept
   (``Unsent``) in the same write as the session change and the processed mark;
2. a courier that ``sends`` (Telegram) sends them one by one while the person's lock is
   held, and after each sent message the kept rest shrinks, so nothing sent is kept;
3. a send that fails for now (the Bot API down, a 502) hands the rest to the courier's
   retrying outbox (``defer``) and the person's later replies queue behind it, in order;
   with no outbox the rest stays kept and the platform is asked to redeliver (503);
4. a redelivered message that was already processed finds what is still kept and sends
   it, instead of being dropped. A courier that does not send (SMS: replies go back in
   the webhook's TwiML answer) gets the kept messages back to answer with again.

What remains possible: a crash after Telegram accepted a message and before the kept
rest shrank sends that one message again on redelivery (the Bot API has no idempotency
key to prevent it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from bot.channels.errors import ContactUnreachableError, DeliveryError
from bot.engine.model import Contact
from bot.store.base import SessionStore, StoreError, Unsent

if TYPE_CHECKING:
    from bot.conversation import Reply


class KeptForRedeliveryError(StoreError):
    """The reply could not be sent nor queued; it is kept and the platform should redeliver."""


class Courier(Protocol):
    @property
    def sends(self) -> bool:
        """True when the courier sends; False when the channel answers in its response."""
        ...

    def render(self, reply: Reply) -> list[Any]:
        """The reply as JSON-able messages in the channel's own form."""
        ...

    async def send(self, contact: Contact, message: Any) -> None:
        """Raises ``DeliveryError`` to try later, ``ContactUnreachableError`` to stop."""
        ...

    async def defer(self, contact: Contact, messages: list[Any]) -> bool:
        """Queue messages for the retrying outbox; False when there is none."""
        ...

    async def has_deferred(self, contact: Contact) -> bool:
        """Whether earlier replies still wait in the outbox (later ones queue behind)."""
        ...


async def send_kept(store: SessionStore, courier: Courier, contact: Contact, kept: Unsent) -> bool:
    """Send what is kept, shrinking it as it goes; False when the person is unreachable.

    Called with the person's lock held.
    """
    messages = list(kept.messages)
    if messages and await courier.has_deferred(contact):
        await _defer(store, courier, contact, kept, messages)
        return True
    while messages:
        try:
            await courier.send(contact, messages[0])
        except ContactUnreachableError:
            await store.keep_unsent(contact.key, None)
            return False
        except DeliveryError:
            await _defer(store, courier, contact, kept, messages)
            return True
        messages.pop(0)
        await store.keep_unsent(contact.key, Unsent(kept.message_id, tuple(messages)))
    return True


async def _defer(
    store: SessionStore, courier: Courier, contact: Contact, kept: Unsent, messages: list[Any]
) -> None:
    if not await courier.defer(contact, messages):
        await store.keep_unsent(contact.key, Unsent(kept.message_id, tuple(messages)))
        raise KeptForRedeliveryError("a reply could not be sent; kept for the redelivery")
    await store.keep_unsent(contact.key, None)
