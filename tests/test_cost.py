"""`flows cost`: SMS segments per path, the same as the channel would send."""

from __future__ import annotations

from pathlib import Path

from bot.config.settings import load_settings
from bot.engine.cost import cost_table, flow_costs
from bot.engine.resources import Resources
from tests.conftest import FIXED_NOW

BRANCHING = """
[flow]
id = "quiz"
start = "ask"

[nodes.ask]
say = "Menu"
choices = [
    { id = "a", label = "Menu", goto = "short" },
    { id = "b", label = "Language", goto = "long" },
]

[nodes.short]
say = "Menu"
end = true

[nodes.long]
say = "Choose your language:"
goto = "longer"

[nodes.longer]
say = "What would you like to do?"
end = true
"""


def test_costs_of_the_shipped_flows(resources: Resources) -> None:
    """Welcome and menu cost 2 + 2 segments in Tajik (UCS-2), 1 + 1 in English; reading a
    topic is followed into every topic (14 topics, two ways on from each)."""
    costs = {(c.flow, c.language): c for c in flow_costs(resources, 2, FIXED_NOW)}
    assert (costs["main", "tg"].typical, costs["main", "en"].typical) == (4, 2)
    assert costs["learn", "tg"].paths == 2 * len(resources.topics)
    assert costs["learn", "tg"].typical == 7  # groups, a group, the topic, "what next"
    # Numbers then a country's numbers; or numbers, then on to a caseworker (cheapest).
    assert (costs["emergency", "en"].cheapest, costs["emergency", "en"].typical) == (2, 3)
    assert costs["job", "tg"].typical <= 12 and costs["job", "ru"].typical <= 12


def test_branches_give_min_typical_max(content_copy: Path) -> None:
    """Two paths of different length: the cheapest and the dearest differ."""
    (content_copy / "flows" / "quiz.toml").write_text(BRANCHING, encoding="utf-8")
    settings = load_settings(content_copy / "config.toml", env={})
    costs = {(c.flow, c.language): c for c in flow_costs(Resources.load(settings), 2, FIXED_NOW)}
    quiz = costs["quiz", "en"]
    assert quiz.paths == 2
    assert quiz.cheapest < quiz.dearest
    assert quiz.cheapest == 2  # "Menu" with options, then "Menu"
    assert quiz.dearest == 3
    assert "quiz" in cost_table(list(costs.values()))
