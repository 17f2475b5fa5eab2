"""Turning a Telegram update into one ``Inbound``, or a reason to leave it alone.

Every kind of update Telegram can send is decided here, so none can reach the engine
unexpected:

* private text, commands and captions -> text (a caption stands for its photo);
* button presses -> a choice (unreadable data becomes a choice the engine calls stale);
* photos, voice, video, files, stickers, locations, contacts, polls -> "media" (the
  engine asks for text; a location is never stored);
* forwarded messages -> text marked ``forwarded`` (a job offer pasted from a channel);
* edited messages, channel posts, anything from groups -> ignored on purpose: user
  flows run only in private chats, and an edit must not re-answer an old question;
* my_chat_member: the user blocked the bot -> "blocked", so nothing is sent again
  until they write.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.channels.render import parse_callback_data
from bot.engine.model import ChoiceRef, Contact, Inbound

CHANNEL = "telegram"
_MEDIA_ATTRIBUTES = (
    "photo",
    "voice",
    "video",
    "video_note",
    "audio",
    "document",
    "sticker",
    "animation",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "story",
)
# A button whose data cannot be read: the engine answers it as a stale button.
UNREADABLE_CHOICE = ChoiceRef("?", "?")


@dataclass(frozen=True)
class Parsed:
    """What to do with one update."""

    inbound: Inbound | None = None
    ignored: str | None = None  # why nothing is done: "group", "edited", "blocked", ...
    callback_query_id: str | None = None  # always answered, even when stale
    blocked_contact: Contact | None = None
    message_id: int | None = None  # the person's message in their private chat


def _media_kind(message: Message) -> str | None:
    return next((name for name in _MEDIA_ATTRIBUTES if getattr(message, name, None)), None)


def _from_message(update: Update, message: Message) -> Parsed:
    if message.chat.type != ChatType.PRIVATE:
        return Parsed(ignored="group")
    user = message.from_user
    contact = Contact(CHANNEL, str(message.chat.id))
    text = message.text or message.caption or ""
    media = None if text else _media_kind(message)
    if not text and media is None:
        # Service messages (pinned, joined, ...) carry nothing for a conversation.
        return Parsed(ignored="service")
    return Parsed(
        inbound=Inbound(
            contact=contact,
            text=text,
            media=media,
            language_hint=user.language_code if user else None,
            external_id=str(update.update_id),
            forwarded=message.forward_origin is not None,
        ),
        message_id=message.message_id,
    )


def parse_update(update: Update) -> Parsed:
    """Decide what one update means for Safar."""
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message
        if message is None or message.chat.type != ChatType.PRIVATE:
            return Parsed(ignored="group", callback_query_id=query.id)
        parsed = parse_callback_data(query.data or "")
        choice = ChoiceRef(*parsed) if parsed else UNREADABLE_CHOICE
        return Parsed(
            inbound=Inbound(
                contact=Contact(CHANNEL, str(message.chat.id)),
                choice=choice,
                language_hint=query.from_user.language_code,
                external_id=str(update.update_id),
            ),
            callback_query_id=query.id,
        )
    if update.message is not None:
        return _from_message(update, update.message)
    if update.my_chat_member is not None:
        member = update.my_chat_member
        if member.chat.type == ChatType.PRIVATE and member.new_chat_member.status in (
            ChatMemberStatus.BANNED,
            ChatMemberStatus.LEFT,
        ):
            return Parsed(ignored="blocked", blocked_contact=Contact(CHANNEL, str(member.chat.id)))
        return Parsed(ignored="membership")
    if update.edited_message is not None:
        return Parsed(ignored="edited")
    if update.channel_post is not None or update.edited_channel_post is not None:
        return Parsed(ignored="channel")
    return Parsed(ignored="unsupported")
