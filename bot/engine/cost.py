"""``python -m bot flows cost``: what each path through a flow costs in SMS segments.

Every path a person can take through a flow is walked: each message they receive is
rendered for SMS in the language and cut into pages within the budget, exactly as the
SMS channel sends it, and the segments are added up. A path ends where it leaves the
flow (the main menu, another flow) or would repeat a node. Per flow and language:
the cheapest path, the typical (median) path and the dearest. Costs count what is sent
without asking: the pages of a long message up to its first "more" hint. Actions run
with the answers given so far, so a router is followed where it really leads; when
paths are too many to list, a seeded random sample of them is measured.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from bot.channels.sms.paging import say_pages
from bot.engine.actions import OPTION_SOURCES
from bot.engine.model import Node, Say, Session
from bot.engine.resources import Resources
from bot.engine.step import pass_through, prompt_say
from bot.text.sms import count_segments

MAX_PATHS = 5_000  # beyond this many paths, a random sample is measured
SAMPLES = 2_000
MAX_STEPS = 200  # nodes on one path: more means a loop through actions


@dataclass(frozen=True)
class FlowCost:
    flow: str
    language: str
    paths: int
    cheapest: int
    typical: int
    dearest: int


def _segments(resources: Resources, language: str, say: Say, budget: int) -> int:
    """Segments sent without asking for MORE: pages up to the first "more" hint."""
    total = 0
    for page in say_pages(resources.catalogs, language, say, budget):
        total += count_segments(page.text).segments
        if page.continues:
            break
    return total


class _Walker:
    def __init__(self, resources: Resources, language: str, budget: int, now: float) -> None:
        self.res = resources
        self.language = language
        self.budget = budget
        self.now = now
        self.session = Session(language=language)

    def cost(self, say: Say) -> int:
        return _segments(self.res, self.language, say, self.budget)

    def step(self, node: Node, session: Session) -> tuple[int, list[tuple[Node | None, Session]]]:
        """What reaching ``node`` costs, and where a person can go from it.

        An action is run with the session as it is, so a router goes where the
        answers so far send it; a choice is followed with its variables set; a
        generated choice (a topic, a country) with its variable. None leaves the flow.
        """
        if node.waits:
            spent = self.cost(prompt_say(self.res, node, session))
            targets = self._choices(node, session)
        else:
            passed = pass_through(self.res, node, session, self.now, "sms")
            spent = sum(self.cost(say) for say in passed.says)
            targets = [(passed.goto or "@main.menu", passed.session)]
        following: list[tuple[Node | None, Session]] = []
        for target, after in targets:
            found = self.res.flows.resolve(node.flow, target)
            following.append((found if found and found.flow == node.flow else None, after))
        return spent, following

    def _choices(self, node: Node, session: Session) -> list[tuple[str, Session]]:
        source = OPTION_SOURCES.get(node.choices_from or "")
        if node.input_var and node.input_goto:
            return [(node.input_goto, session.with_vars({node.input_var: "…"}))]
        steps: list[tuple[str, Session]] = []
        if source is not None and node.goto:
            steps += [
                (node.goto, session.with_vars({source.var: option.key}))
                for option in source.function(self.res, node, session)
            ]
        elif node.choices_from:
            return [("@main.menu", session)]  # a hub (menu, languages): the path ends
        steps += [(c.goto or "@main.menu", session.with_vars(c.set)) for c in node.choices]
        return steps

    @staticmethod
    def _ends(node: Node | None, asked: frozenset[str], steps: int) -> bool:
        """A path ends outside the flow, at a question already asked, or if too long.

        Actions (routers) may be passed again with new answers; a question shown twice
        means the person went round a loop (another topic, another country).
        """
        return node is None or (node.waits and node.id in asked) or steps > MAX_STEPS

    def paths(
        self, node: Node, spent: int, asked: frozenset[str], session: Session, steps: int = 0
    ) -> Iterator[int]:
        cost, following = self.step(node, session)
        asked = asked | {node.id} if node.waits else asked
        for after_node, after in following:
            if after_node is None or self._ends(after_node, asked, steps):
                yield spent + cost
            else:
                yield from self.paths(after_node, spent + cost, asked, after, steps + 1)

    def random_path(self, start: Node, chooser: random.Random) -> int:
        node: Node | None = start
        session, spent, steps = self.session, 0, 0
        asked: frozenset[str] = frozenset()
        while node is not None:
            cost, following = self.step(node, session)
            spent += cost
            asked = asked | {node.id} if node.waits else asked
            node, session = chooser.choice(following)
            steps += 1
            if self._ends(node, asked, steps):
                break
        return spent


def flow_costs(resources: Resources, budget: int, now: float) -> list[FlowCost]:
    """Every path when there are few; a seeded random sample of paths when there are many."""
    costs = []
    for flow in resources.flows.flows.values():
        for language in resources.languages:
            walker = _Walker(resources, language, budget, now)
            start = flow.nodes[flow.start]
            totals = list(
                itertools.islice(walker.paths(start, 0, frozenset(), walker.session), MAX_PATHS + 1)
            )
            if len(totals) > MAX_PATHS:
                chooser = random.Random(0)  # noqa: S311 - sampling, not secrecy
                totals = [walker.random_path(start, chooser) for _ in range(SAMPLES)]
            costs.append(
                FlowCost(
                    flow.id,
                    language,
                    len(totals),
                    min(totals),
                    round(statistics.median(totals)),
                    max(totals),
                )
            )
    return costs


def cost_table(costs: list[FlowCost]) -> str:
    lines = [f"{'flow':16} {'lang':4} {'paths':>5} {'min':>4} {'typical':>7} {'max':>4}"]
    lines += [
        f"{c.flow:16} {c.language:4} {c.paths:5} {c.cheapest:4} {c.typical:7} {c.dearest:4}"
        for c in costs
    ]
    return "\n".join(lines)


__all__ = ["FlowCost", "cost_table", "flow_costs"]
