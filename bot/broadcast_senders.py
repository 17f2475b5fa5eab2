"""How ``broadcast`` reaches each channel: the same senders the server uses."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from telegram.error import TelegramError
from twilio.base.exceptions import TwilioRestException

from bot.broadcast import Send
from bot.channels.errors import DeliveryError
from bot.channels.render import render_sms, render_telegram
from bot.channels.sms.rest import SmsSender
from bot.channels.telegram.send import TelegramSender
from bot.engine.model import Contact, Say
from bot.i18n.catalogs import Catalogs


def telegram_send(sender: TelegramSender, catalogs: Catalogs) -> Send:
    async def send(contact: Contact, language: str, say: Say) -> None:
        try:
            await sender.send(contact.address, render_telegram(catalogs, language, say))
        except TelegramError as error:
            raise DeliveryError(type(error).__name__) from error

    return send


def sms_send(sender: SmsSender, catalogs: Catalogs) -> Send:
    async def send(contact: Contact, language: str, say: Say) -> None:
        try:
            await sender.send(contact.address, render_sms(catalogs, language, say).text)
        except (TwilioRestException, httpx.HTTPError) as error:
            raise DeliveryError(type(error).__name__) from error

    return send


def senders_for(
    telegram: TelegramSender | None, sms: SmsSender | None, catalogs: Catalogs
) -> Mapping[str, Send]:
    found: dict[str, Send] = {}
    if telegram is not None:
        found["telegram"] = telegram_send(telegram, catalogs)
    if sms is not None:
        found["sms"] = sms_send(sms, catalogs)
    return found
