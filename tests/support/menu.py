"""Main-menu positions, read from the real menu, so tests do not hard-code its order."""

from __future__ import annotations

from functools import cache

import bot.actions  # noqa: F401 - registers the actions the flows name
from bot.config.settings import ROOT, load_settings
from bot.engine.resources import MENU_NODE, Resources
from bot.engine.step import node_options


@cache
def _resources() -> Resources:
    return Resources.load(load_settings(ROOT / "config.toml", env={}))


def menu_keys() -> list[str]:
    """The option keys of the main menu, in order ("@job", ..., "language")."""
    resources = _resources()
    menu = resources.flows.resolve("main", MENU_NODE)
    assert menu is not None
    return [option.key for option in node_options(resources, menu)]


def menu_number(key: str) -> str:
    """What a person types to choose ``key`` in the main menu."""
    return str(menu_keys().index(key) + 1)
