"""The listener at the menu, on labelled messages: issue #11's target that every
immediate danger (P1) typed at the menu is answered with the emergency numbers in its
first reply, and that information and spam raise no alarm.

Each message is sent, on each channel, by a new person who has just opened the bot
(``/start``), through the same engine step the channels call; the alarm is the reply
that gives the numbers and waits on "Are you in danger right now?".
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

from bot.engine.model import Contact, Inbound
from bot.engine.resources import Resources
from bot.engine.step import step

CHANNELS = ("telegram", "sms")
ALARM_NODE = ("emergency", "now")  # after the numbers, the one closed question
INFORMATION = ("P4", "none")


def raises_alarm(resources: Resources, channel: str, text: str, language: str | None) -> bool:
    """Whether this text, typed at the menu, gets the numbers and the closed question."""
    contact, now = Contact(channel, "menu-check"), time.time()
    opened = step(resources, None, Inbound(contact, "/start", language_hint=language), now)
    answered = step(resources, opened.session, Inbound(contact, text, language_hint=language), now)
    session = answered.session
    return session is not None and (session.flow, session.node) == ALARM_NODE


def menu_targets(
    resources: Resources, records: Iterable[Mapping[str, Any]], channel: str
) -> dict[str, tuple[int, int]]:
    """(successes, trials): P1 given the numbers first, P4/none given an alarm."""
    danger = [0, 0]
    false_alarm = [0, 0]
    for record in records:
        label = record["priority"]
        if label != "P1" and label not in INFORMATION:
            continue
        alarm = raises_alarm(resources, channel, record["text"], record.get("lang"))
        tally = danger if label == "P1" else false_alarm
        tally[0] += alarm
        tally[1] += 1
    return {
        "P1 numbers first": (danger[0], danger[1]),
        "alarm on P4/none": (false_alarm[0], false_alarm[1]),
    }
