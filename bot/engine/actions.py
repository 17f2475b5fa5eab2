"""Named Python actions that flow files call (``action = "name"``).

An action is a pure function of the session, the node and the loaded resources: it may
compute (score an offer, list contacts) and return texts, variables and an exit name,
but it does no I/O. Work with side effects (opening a case) is returned as an effect
for the conversation layer to carry out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.engine.model import EMPTY, AnyEffect, Node, Option, Say, Session

if TYPE_CHECKING:
    from bot.engine.resources import Resources

DEFAULT_EXIT = "next"
FOUND = "found"  # the exit of a fallback action that found what was typed


@dataclass(frozen=True)
class ActionContext:
    session: Session
    node: Node
    resources: Resources
    now: float
    channel: str = "telegram"  # where the person is: "telegram" or "sms"
    text: str = ""  # what they typed, for fallback actions such as search


@dataclass(frozen=True)
class ActionResult:
    exit: str = DEFAULT_EXIT
    vars: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    says: tuple[Say, ...] = ()
    effects: tuple[AnyEffect, ...] = ()


ActionFunction = Callable[[ActionContext], ActionResult]


@dataclass(frozen=True)
class ActionSpec:
    name: str
    function: ActionFunction
    exits: frozenset[str]


REGISTRY: dict[str, ActionSpec] = {}


OptionsFunction = Callable[["Resources", Node, Session], tuple[Option, ...]]


@dataclass(frozen=True)
class OptionSource:
    """Generated choices (``choices_from = "name"``); the chosen key is saved in ``var``."""

    name: str
    function: OptionsFunction
    var: str


OPTION_SOURCES: dict[str, OptionSource] = {}


def option_source(name: str, var: str) -> Callable[[OptionsFunction], OptionsFunction]:
    """Register generated choices under ``name``; the chosen key goes into ``var``."""

    def register(function: OptionsFunction) -> OptionsFunction:
        if name in OPTION_SOURCES:
            msg = f"option source {name!r} is registered twice"
            raise ValueError(msg)
        OPTION_SOURCES[name] = OptionSource(name, function, var)
        return function

    return register


def action(
    name: str, exits: tuple[str, ...] = (DEFAULT_EXIT,)
) -> Callable[[ActionFunction], ActionFunction]:
    """Register ``function`` under ``name``; ``exits`` are the exit names it may return."""

    def register(function: ActionFunction) -> ActionFunction:
        if name in REGISTRY:
            msg = f"action {name!r} is registered twice"
            raise ValueError(msg)
        REGISTRY[name] = ActionSpec(name, function, frozenset(exits))
        return function

    return register
