"""Errors every channel maps its platform's failures onto."""

from __future__ import annotations


class ContactUnreachableError(Exception):
    """The person blocked the bot, opted out, or their number or chat no longer works.

    Every channel maps its own codes (Telegram's 403, Twilio's 21610 or 30003, ...) to
    this one error, and the conversation marks the person stopped: nothing more is sent
    until they write again.
    """


class DeliveryError(Exception):
    """A message could not be delivered this time (the platform failed or refused it for
    now); trying again later may succeed."""
