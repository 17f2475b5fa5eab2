"""``python -m bot broadcast TOPIC``: a safety tip to everyone who asked for tips.

The tip is the topic's short text (its first SMS part), in each subscriber's language,
on their own channel. Nobody is written to who stopped Safar, whose contact was marked
unsafe, or who already got this campaign: the record of who got it lives in Redis, so
a broken run can simply be run again. Each send is recorded before it is made: a run
killed between a send and its record leaves it marked as begun, and a rerun does not
send it again (it may have gone out; a tip twice to a phone someone else may read is
the worse error), so a tip reaches a person at most once, and at least once unless a
run was killed in the instant of its send. A person who blocked the bot or whose
number no longer works is marked stopped and unsubscribed, as on any other message.

Tips go out only in the daytime where the subscriber is (``DAYTIME``, 09:00-20:00):
a phone that lights up at night is the one someone else notices. The zone is the SMS
number's country (for Russia, daytime both in Moscow and in Novosibirsk), or on
Telegram, which tells no place, the desk's zone. Anyone it is night for is left for a
later run of the same campaign.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.cases.zones import phone_zone
from bot.channels.errors import ContactUnreachableError, DeliveryError
from bot.conversation import Conversation
from bot.engine.model import Contact, Say, Status
from bot.engine.resources import UNSAFE_VAR

Send = Callable[[Contact, str, Say], Awaitable[None]]  # contact, language, message
Progress = Callable[[int, int], None]
DAYTIME = (9, 20)  # local hours in which a tip may light up a phone
RUSSIA_SPAN = ("Europe/Moscow", "Asia/Novosibirsk")


@dataclass
class BroadcastReport:
    subscribers: int = 0
    sent: int = 0
    already: int = 0
    stopped: int = 0
    unsafe: int = 0
    unreachable: int = 0
    failed: int = 0
    uncertain: int = 0  # a send an earlier run began and never finished: not repeated
    night: int = 0  # night where they are: left for a later run

    def __str__(self) -> str:
        return (
            f"{self.subscribers} subscribers: {self.sent} sent, {self.already} had it "
            f"already, {self.stopped} stopped, {self.unsafe} unsafe to contact, "
            f"{self.unreachable} unreachable, {self.failed} failed (run again to retry), "
            f"{self.uncertain} cut off by an interrupted run (not sent again), "
            f"{self.night} left for the daytime where they are (run again later)"
        )


class Broadcaster:
    def __init__(
        self,
        conversation: Conversation,
        senders: Mapping[str, Send],
        progress: Progress | None = None,
        *,
        zone: str = "Asia/Dushanbe",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.conversation = conversation
        self.senders = senders
        self.progress = progress or (lambda done, total: None)
        self.zone = zone  # for a subscriber whose place nothing tells (Telegram)
        self.clock = clock

    async def run(self, campaign: str, tip: Say, *, dry_run: bool = False) -> BroadcastReport:
        store = self.conversation.store
        subscribers = await store.subscribers()
        report = BroadcastReport(subscribers=len(subscribers))
        for done, subscriber in enumerate(subscribers, start=1):
            await self._one(
                campaign, tip, subscriber.contact, subscriber.language, report, dry_run=dry_run
            )
            self.progress(done, len(subscribers))
        return report

    async def _one(
        self,
        campaign: str,
        tip: Say,
        key: str,
        language: str,
        report: BroadcastReport,
        *,
        dry_run: bool,
    ) -> None:
        store = self.conversation.store
        channel, _, address = key.partition(":")
        if await store.was_sent(campaign, key):
            report.already += 1
            return
        session = await store.load(key)
        if session is not None and session.status is Status.STOPPED:
            report.stopped += 1
            return
        if session is not None and session.vars.get(UNSAFE_VAR) == "no":
            report.unsafe += 1
            return
        send = self.senders.get(channel)
        if send is None:
            report.failed += 1
            return
        if not self._daytime(channel, address):
            report.night += 1
            return
        if dry_run:
            report.sent += 1
            return
        if not await store.begin_send(campaign, key):
            report.uncertain += 1  # an earlier run began this send and was cut off
            return
        contact = Contact(channel, address)
        try:
            await send(contact, session.language if session else language, tip)
        except ContactUnreachableError:
            report.unreachable += 1
            await self.conversation.mark_unreachable(contact)
            await store.mark_sent(campaign, key)  # never retried: they cannot be reached
            return
        except DeliveryError:
            report.failed += 1
            await store.abort_send(campaign, key)  # refused, so a rerun tries again
            return
        await store.mark_sent(campaign, key)
        report.sent += 1

    def _daytime(self, channel: str, address: str) -> bool:
        zone = (phone_zone(address) if channel == "sms" else None) or self.zone
        # A Russian number says nothing of which of eleven zones its owner is in: daytime
        # must hold from Moscow to Novosibirsk, where nearly all of them work.
        zones = RUSSIA_SPAN if zone == "Europe/Moscow" else (zone,)
        now = self.clock()
        return all(
            DAYTIME[0] <= dt.datetime.fromtimestamp(now, ZoneInfo(z)).hour < DAYTIME[1]
            for z in zones
        )
