"""The terminal channel: the real engine and flows, in a terminal, with no server.

It shows what a channel would display: Telegram's buttons, or the SMS text with its
numbered options and what it costs in segments. In Telegram mode a number typed at a
prompt presses that button, as a tap would. It reads piped input too, so a
conversation can be scripted: ``printf 'салом\\n1\\n' | python -m bot chat``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, TextIO
from zoneinfo import ZoneInfo

from bot.cases.card import card_text
from bot.cases.memory import MemoryCaseStore
from bot.channels.render import parse_callback_data, render_sms, render_telegram
from bot.channels.sms.channel import SmsChannel
from bot.conversation import Conversation, Reply
from bot.engine.model import ChoiceRef, Contact, Inbound
from bot.engine.resources import Resources
from bot.server.metrics import Metrics
from bot.text.sms import count_segments

Rendering = Literal["telegram", "sms"]
TERMINAL_CONTACT = "terminal-user"


@dataclass
class TerminalChat:
    conversation: Conversation
    rendering: Rendering = "telegram"
    language: str | None = None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    echo: bool = True  # repeat each input line, so a piped transcript reads as a dialogue
    _buttons: list[str] = field(default_factory=list)
    _sms_channel: SmsChannel | None = None
    _counter: int = 0
    _desk_seen: int = 0

    @property
    def resources(self) -> Resources:
        return self.conversation.resources

    def inbound(self, line: str) -> Inbound:
        """A typed line as the chosen channel would deliver it."""
        self._counter += 1
        channel = "sms" if self.rendering == "sms" else "telegram"
        contact = Contact(channel, TERMINAL_CONTACT)
        stripped = line.strip()
        base = Inbound(
            contact=contact,
            text=line,
            language_hint=self.language,
            external_id=str(self._counter),
            sticky_stop=self.rendering == "sms",
        )
        if self.rendering == "telegram" and stripped.isdigit() and self._buttons:
            index = int(stripped) - 1
            if 0 <= index < len(self._buttons):
                parsed = parse_callback_data(self._buttons[index])
                if parsed is not None:
                    return Inbound(
                        contact=contact,
                        choice=ChoiceRef(*parsed),
                        language_hint=self.language,
                        external_id=str(self._counter),
                    )
        return base

    def show(self, reply: Reply) -> None:
        catalogs = self.resources.catalogs
        self._buttons = []
        for say in reply.says:
            if self.rendering == "sms":
                sms = render_sms(catalogs, reply.language, say)
                self.out.write(f"--- SMS ({sms.cost}) ---\n{sms.text}\n")
                continue
            message = render_telegram(catalogs, reply.language, say)
            self.out.write(f"--- Telegram ---\n{message.text}\n")
            if message.buttons:
                self._buttons = [b.data for b in message.buttons]
                labels = [f"[{n}] {b.label}" for n, b in enumerate(message.buttons, 1)]
                self.out.write("  ".join(labels) + "\n")
        self.out.flush()

    async def send(self, line: str) -> None:
        if self.echo:
            self.out.write(f">>> {line.rstrip()}\n")
        inbound = self.inbound(line)
        if self.rendering == "sms":
            # The SMS channel's own path, paging included: what a phone would receive.
            for text in await self._sms.receive(inbound):
                self.out.write(f"--- SMS ({count_segments(text)}) ---\n{text}\n")
        else:
            reply = await self.conversation.handle(inbound)
            if reply is not None:
                self.show(reply)
        await self._show_desk()
        self.out.flush()

    async def _show_desk(self) -> None:
        """What the caseworkers' group would receive; the terminal has no group."""
        service = self.conversation.cases
        if service is None or not isinstance(service.store, MemoryCaseStore):
            return
        sent = service.store.sent
        for item in sent[self._desk_seen :]:
            case = service.store.cases.get(item.case)
            if item.kind == "card" and case is not None and not item.to:
                zone = ZoneInfo(service.desk.timezone)
                names = await service.store.staff_names()
                text = card_text(case, self.resources.catalogs, service.desk.language, zone, names)
            elif item.kind == "desk" or item.to:
                text = item.text
            else:
                continue
            self.out.write(f"=== caseworkers' group (not connected in the terminal) ===\n{text}\n")
        self._desk_seen = len(sent)

    @property
    def _sms(self) -> SmsChannel:
        if self._sms_channel is None:
            self._sms_channel = SmsChannel(
                self.conversation, Metrics(), budget=self.resources.sms_segment_budget
            )
        return self._sms_channel

    async def run(self, lines: Iterable[str]) -> None:
        for line in lines:
            await self.send(line.rstrip("\n"))
