"""``python -m bot flows cost``: what each path through a flow costs in SMS segments.

Every path a person can take through a flow is walked: each message they receive is
rendered for SMS in the language and cut into pages within the budget, exactly as the
SMS channel sends it, and the segments are added up. A path ends where it leaves the
flow (the main menu, another flow) or would repeat a node. Per flow and language:
the cheapest path, the typical (median) path and the dearest.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from bot.channels.render import sms_parts
from bot.channels.sms.channel import MORE_HINT
from bot.channels.sms.paging import paginate
from bot.engine.actions import OPTION_SOURCES
from bot.engine.model import Node, Say, Session, Text
from bot.engine.resources import Resources
from bot.engine.step import pass_through, prompt_say
from bot.i18n.render import translate
from bot.text.sms import count_segments

MAX_PATHS = 10_000


@dataclass(frozen=True)
class FlowCost:
    flow: str
    language: str
    paths: int
    cheapest: int
    typical: int
    dearest: int


def _segments(resources: Resources, language: str, say: Say, budget: int) -> int:
    body, options = sms_parts(resources.catalogs, language, say)
    hint = translate(resources.catalogs, language, Text(MORE_HINT))
    return sum(count_segments(page.text).segments for page in paginate(body, options, budget, hint))


class _Walker:
    def __init__(self, resources: Resources, language: str, budget: int, now: float) -> None:
        self.res = resources
        self.language = language
        self.budget = budget
        self.now = now
        self.session = Session(language=language)

    def cost(self, say: Say) -> int:
        return _segments(self.res, self.language, say, self.budget)

    def next_steps(self, node: Node, session: Session) -> list[tuple[Node | None, Session]]:
        """Where a person can go from ``node`` within its flow; None leaves the flow.

        A generated choice (a topic, a country) is followed with its variable set, so
        what it shows is counted too.
        """
        flows = self.res.flows
        source = OPTION_SOURCES.get(node.choices_from or "")
        steps: list[tuple[str, Session]] = []
        if node.input_var and node.input_goto:
            steps = [(node.input_goto, session)]
        elif source is not None and node.goto:
            steps = [
                (node.goto, session.with_vars({source.var: option.key}))
                for option in source.function(self.res, node, session)
            ]
            steps += [(c.goto or "@main.menu", session) for c in node.choices]
        elif node.choices_from:
            return [(None, session)]  # a hub (menu, languages): the path ends here
        elif node.waits:
            steps = [(c.goto or "@main.menu", session) for c in node.choices]
        else:
            steps = [
                (node.goto or "@main.menu", session),
                *((target, session) for target in node.exits.values()),
            ]
        found: list[tuple[Node | None, Session]] = []
        for target, after in steps:
            following = flows.resolve(node.flow, target)
            inside = following if following and following.flow == node.flow else None
            found.append((inside, after))
        return found

    def paths(
        self, node: Node, spent: int, seen: frozenset[str], session: Session
    ) -> Iterator[int]:
        if node.waits:
            spent += self.cost(prompt_say(self.res, node, session))
        else:
            passed = pass_through(self.res, node, session, self.now, "sms")
            says, session = passed.says, passed.session
            spent += sum(self.cost(say) for say in says)
        seen = seen | {node.id}
        for following, after in self.next_steps(node, session):
            if following is None or following.id in seen:
                yield spent
            else:
                yield from self.paths(following, spent, seen, after)


def flow_costs(resources: Resources, budget: int, now: float) -> list[FlowCost]:
    costs = []
    for flow in resources.flows.flows.values():
        for language in resources.languages:
            walker = _Walker(resources, language, budget, now)
            totals = []
            start = flow.nodes[flow.start]
            for total in walker.paths(start, 0, frozenset(), walker.session):
                totals.append(total)
                if len(totals) >= MAX_PATHS:
                    break
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
