"""A conversation with the pure engine, for tests: send messages, read rendered replies."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.channels.render import render_sms, render_telegram
from bot.engine.model import ChoiceRef, Contact, Inbound, Say, Session
from bot.engine.resources import Resources
from bot.engine.step import Outcome, step
from tests.conftest import FIXED_NOW


@dataclass
class Dialogue:
    resources: Resources
    channel: str = "telegram"
    address: str = "100"
    hint: str | None = None
    now: float = FIXED_NOW
    session: Session | None = None
    last: Outcome | None = None
    history: list[Outcome] = field(default_factory=list)

    @property
    def contact(self) -> Contact:
        return Contact(self.channel, self.address)

    def send(self, text: str = "", **fields: object) -> list[str]:
        """Send a message; return each reply rendered as its channel shows it."""
        inbound = Inbound(
            contact=self.contact,
            text=text,
            language_hint=self.hint,
            sticky_stop=self.channel == "sms",
            **fields,  # type: ignore[arg-type]
        )
        self.last = step(self.resources, self.session, inbound, self.now)
        self.history.append(self.last)
        self.session = self.last.session
        return self.rendered()

    def press(self, choice: str, node: str | None = None) -> list[str]:
        """Press a button of the last message (its node unless another is given)."""
        waiting = node or self.waiting_node()
        return self.send(choice=ChoiceRef(waiting, choice))

    def waiting_node(self) -> str:
        assert self.last is not None
        nodes = [say.node for say in self.last.says if say.node]
        assert nodes, "the last reply offered no choices"
        return nodes[-1]

    @property
    def says(self) -> tuple[Say, ...]:
        assert self.last is not None
        return self.last.says

    def rendered(self) -> list[str]:
        assert self.last is not None
        catalogs, language = self.resources.catalogs, self.last.language
        if self.channel == "sms":
            return [render_sms(catalogs, language, say).text for say in self.last.says]
        out = []
        for say in self.last.says:
            message = render_telegram(catalogs, language, say)
            buttons = " ".join(f"[{b.label}]" for b in message.buttons)
            out.append(f"{message.text}\n{buttons}".strip())
        return out

    def text(self) -> str:
        return "\n".join(self.rendered())

    def option_keys(self) -> list[str]:
        return [o.key for say in self.says for o in say.options]
