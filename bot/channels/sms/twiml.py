"""The TwiML answer to Twilio's inbound webhook: the replies, one <Message> each."""

from __future__ import annotations

from collections.abc import Iterable

from twilio.twiml.messaging_response import MessagingResponse


def twiml(messages: Iterable[str], status_callback: str | None = None) -> str:
    response = MessagingResponse()
    for text in messages:
        if status_callback:
            response.message(text, action=status_callback, method="POST")
        else:
            response.message(text)
    return str(response)
