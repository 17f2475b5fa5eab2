"""The values the engine works on: flows, nodes, sessions, inbound messages and replies.

All are frozen: they cross the boundary between the pure engine and the I/O around it.
Texts are gettext message ids (English source text); they are translated only when a
reply is rendered for a channel, so the engine never depends on a language's wording
except to match what a user typed against a choice's label.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import TypeAlias

EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Text:
    """A translatable text: a message id, its placeholders and an optional SMS variant.

    ``verbatim`` texts are shown as they are (language names in their own language,
    phone numbers); placeholders may themselves be texts, translated in turn.
    """

    msgid: str
    params: Mapping[str, ParamValue] = field(default_factory=lambda: EMPTY)
    sms: str | None = None
    verbatim: bool = False


ParamValue: TypeAlias = str | Text | tuple[Text, ...]


@dataclass(frozen=True)
class Option:
    """One choice as shown to the user: its id and its label."""

    key: str
    label: Text


@dataclass(frozen=True)
class Say:
    """One message to the user, with the node it belongs to and its choices."""

    texts: tuple[Text, ...]
    options: tuple[Option, ...] = ()
    node: str | None = None  # "flow.node" of a waiting node, to spot stale buttons
    menu_option: bool = False  # offer "0 Menu" (SMS) / a menu button (Telegram)
    sms_summary_first: bool = False  # on SMS, the first text alone, the rest after MORE


class Effect(StrEnum):
    """Work with side effects that a step asks the conversation layer to do."""

    SUBSCRIBE = "subscribe"  # start sending this contact safety tips
    UNSUBSCRIBE = "unsubscribe"  # stop them (also on STOP, forget, a blocked bot)
    FORGET = "forget"  # erase this contact's session once the step is done
    CLEAR_CHAT = "clear_chat"  # clear the chat on the phone (quick exit); keep the data


@dataclass(frozen=True)
class CaseRequest:
    """Hotline work for the conversation layer: open a case, relay a message, end contact.

    ``kind`` is one of ``CASE_REQUESTS``; ``data`` carries what the flow gathered. The
    engine stays pure: storing and notifying happen outside it, before the reply is sent.
    """

    kind: str
    data: Mapping[str, str] = field(default_factory=lambda: EMPTY)


# open: a new report; message: the person writes to their caseworker; end_contact: STOP
# or the code word; forget_keep / forget_delete: /forget with an open case.
CASE_REQUESTS = frozenset({"open", "message", "end_contact", "forget_keep", "forget_delete"})
AnyEffect: TypeAlias = Effect | CaseRequest


# --- flows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    goto: str | None = None
    sms_label: str | None = None  # a shorter label for the numbered SMS list
    keywords: tuple[str, ...] = ()
    set: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    # "yes" or "no": the choice a yes or no word chooses on a yes/no question, whatever
    # its label says (flows/answers.toml, bot/engine/choices.py).
    means: str | None = None


@dataclass(frozen=True)
class Fallback:
    """What a waiting node does with typed text that matches none of its choices."""

    action: str  # e.g. "search_topics"; exit "found" follows goto, others re-prompt
    goto: str


@dataclass(frozen=True)
class Node:
    """One step of a flow. What it does, in order: say, then wait, act or move on.

    A node waits when it has choices (or generated ones) or an input; otherwise it runs
    its action and follows the matching exit, or follows ``goto``, or, with ``end``,
    returns to the main menu.
    """

    flow: str
    id: str
    say: str | None = None
    sms: str | None = None
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None
    input_var: str | None = None
    input_goto: str | None = None
    action: str | None = None
    args: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    exits: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    goto: str | None = None
    end: bool = False
    menu_option: bool = True
    fallback: Fallback | None = None
    sms_budget: int | None = None  # a tighter SMS budget for this node's prompt

    @property
    def ref(self) -> str:
        return f"{self.flow}.{self.id}"

    @property
    def waits(self) -> bool:
        return bool(self.choices or self.choices_from or self.input_var)

    def targets(self) -> list[str]:
        """Every goto this node can follow, as written in the file."""
        found = [c.goto for c in self.choices if c.goto]
        found += [t for t in (self.input_goto, self.goto) if t]
        found += list(self.exits.values())
        if self.fallback is not None:
            found.append(self.fallback.goto)
        return found


@dataclass(frozen=True)
class Flow:
    id: str
    path: str
    start: str
    nodes: Mapping[str, Node]
    menu_label: str | None = None
    menu_sms_label: str | None = None  # a shorter label for the numbered SMS menu
    menu_order: int = 100
    # Variables with this prefix live only inside the flow: leaving it (menu, STOP, an
    # idle restart) drops them, so an unfinished report is never kept.
    private_vars: str | None = None
    # What the safety listener hears in free text typed inside this flow (bot/engine/
    # listener.py): "all" (the default), "danger" (only immediate danger: the flow reads
    # texts such as job offers that talk of fees and passports), or "off" (the flow
    # reads the person's account itself: the report, the case, the emergency numbers).
    listen: str = "all"


@dataclass(frozen=True)
class Intent:
    """A global intent: words or commands that work from any node."""

    id: str
    do: str  # "goto", "stop", "start", "forget", "more"

    goto: str | None = None
    commands: tuple[str, ...] = ()
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    match: str = "exact"  # "exact": the whole message; "contains": a short message with it
    max_words: int = 6


# --- conversation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Who a message is from: a channel and that channel's address for the person."""

    channel: str
    address: str

    @property
    def key(self) -> str:
        return f"{self.channel}:{self.address}"


@dataclass(frozen=True)
class ChoiceRef:
    """A pressed button: the node that offered it and the choice's id."""

    node: str
    choice: str


@dataclass(frozen=True)
class Inbound:
    """One thing a person sent, normalised by a channel adapter."""

    contact: Contact
    text: str = ""
    choice: ChoiceRef | None = None
    command: str | None = None  # "/start job" arrives as command "start", arg "job"
    command_arg: str = ""
    media: str | None = None  # "photo", "voice", "document", ...
    language_hint: str | None = None  # e.g. Telegram's language_code
    external_id: str | None = None  # update_id or MessageSid, to drop redeliveries
    sticky_stop: bool = False  # after STOP only START resumes (SMS opt-out rules)
    forwarded: bool = False  # forwarded from elsewhere, e.g. a job offer from a channel


class LanguageSource(StrEnum):
    """How the session's language was decided; later evidence may overrule weaker kinds."""

    DEFAULT = "default"
    HINT = "hint"  # Telegram's language_code or the phone's country code
    TEXT = "text"  # what the person wrote
    CHOSEN = "chosen"  # the person picked it: always wins, never guessed over


class Status(StrEnum):
    ACTIVE = "active"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Session:
    """What Safar remembers about one contact between messages."""

    language: str
    language_source: LanguageSource = LanguageSource.DEFAULT
    flow: str | None = None
    node: str | None = None
    vars: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    status: Status = Status.ACTIVE
    updated_at: float = 0.0

    def at(self, node: Node | None) -> Session:
        if node is None:
            return replace(self, flow=None, node=None)
        return replace(self, flow=node.flow, node=node.id)

    def with_vars(self, updates: Mapping[str, str]) -> Session:
        return replace(self, vars=MappingProxyType({**self.vars, **updates}))

    def without_vars(self, *names: str) -> Session:
        if not any(name in self.vars for name in names):
            return self
        kept = {k: v for k, v in self.vars.items() if k not in names}
        return replace(self, vars=MappingProxyType(kept))
