"""Reading flow files (``flows/*.toml``) and global intents (``flows/intents.toml``).

A flow file::

    [flow]
    id = "main"            # other flows reach it as "@main" or "@main.node"
    start = "welcome"
    menu_label = "..."     # optional: the flow's entry in the main menu
    menu_order = 10

    [nodes.welcome]
    say = "Text shown (an English gettext message id)"
    sms = "Shorter variant for SMS"          # optional
    goto = "menu"                            # a node of this flow, or "@flow[.node]"

    [nodes.menu]
    say = "Choose"
    choices = [{ id = "a", label = "Label", goto = "..." }]
    # a choice may add keywords = [...] (other words for it) and, on a yes/no question,
    # means = "yes" | "no": then every yes or no word of answers.toml chooses it
    # or: choices_from = "menu" | "languages" | a registered source (then goto = "...");
    #     input = { save = "var", goto = "..." }
    # fallback = { action = "name", goto = "..." }: typed text that matches no choice

    # or: action = "name", args = {...}, exits = { exit_name = "node" }; end = true

The yes and no words are in ``flows/answers.toml`` (bot/engine/choices.py).

Structural faults found here raise ``FlowFileError`` naming the file and node; the
cross-file checks (targets, reachability, translations, SMS cost) are in ``validate``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.engine.choices import MEANINGS, Answers, AnswersError, load_answers
from bot.engine.intents import IntentMatcher
from bot.engine.model import Choice, Fallback, Flow, Intent, Node

INTENTS_FILE = "intents.toml"
ANSWERS_FILE = "answers.toml"

_NODE_KEYS = frozenset(
    {
        "say",
        "sms",
        "choices",
        "choices_from",
        "input",
        "action",
        "args",
        "exits",
        "goto",
        "end",
        "menu_option",
        "fallback",
        "sms_budget",
    }
)
_CHOICE_KEYS = frozenset({"id", "label", "sms_label", "goto", "keywords", "set", "means"})
_FLOW_KEYS = frozenset(
    {"id", "start", "menu_label", "menu_order", "private_vars", "menu_sms_label", "listen"}
)
LISTEN_MODES = ("all", "danger", "off")
_INTENT_KEYS = frozenset({"do", "goto", "commands", "keywords", "match", "max_words"})
INTENT_ACTIONS = frozenset({"goto", "stop", "start", "forget", "more", "exit"})

BUILT_IN_SOURCES = frozenset({"menu", "languages"})


class FlowFileError(ValueError):
    """A flow file cannot be read; the message names the file and the node."""


@dataclass(frozen=True)
class FlowSet:
    """All flows and global intents, as loaded from one folder."""

    flows: Mapping[str, Flow]
    intents: tuple[Intent, ...]
    answers: Answers = field(default_factory=Answers)  # yes and no words (answers.toml)

    def node(self, ref: str) -> Node | None:
        flow_id, _, node_id = ref.partition(".")
        flow = self.flows.get(flow_id)
        return flow.nodes.get(node_id) if flow else None

    def resolve(self, from_flow: str, target: str) -> Node | None:
        """The node a goto names: "node", "@flow" (its start) or "@flow.node"."""
        if target.startswith("@"):
            flow_id, _, node_id = target[1:].partition(".")
            flow = self.flows.get(flow_id)
            if flow is None:
                return None
            return flow.nodes.get(node_id or flow.start)
        flow = self.flows.get(from_flow)
        return flow.nodes.get(target) if flow else None

    def menu_flows(self) -> list[Flow]:
        """Flows that have an entry in the main menu, in menu order."""
        listed = [f for f in self.flows.values() if f.menu_label]
        return sorted(listed, key=lambda f: (f.menu_order, f.id))


def _fail(path: Path, where: str, problem: str) -> FlowFileError:
    return FlowFileError(f"{path.name}: {where}: {problem}")


def _str(path: Path, where: str, table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"{key!r} must be non-empty text")
    return value


def _str_map(path: Path, where: str, value: Any, key: str) -> Mapping[str, str]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _fail(path, where, f"{key!r} must be a table of texts")
    return MappingProxyType(dict(value))


def _unknown(path: Path, where: str, table: Mapping[str, Any], known: frozenset[str]) -> None:
    extra = sorted(set(table) - known)
    if extra:
        raise _fail(path, where, f"unknown key {extra[0]!r} (known: {sorted(known)})")


def _choice(path: Path, where: str, raw: Any) -> Choice:
    if not isinstance(raw, dict):
        raise _fail(path, where, "each choice must be a table")
    _unknown(path, where, raw, _CHOICE_KEYS)
    choice_id = _str(path, where, raw, "id")
    label = _str(path, where, raw, "label")
    if choice_id is None or label is None:
        raise _fail(path, where, "each choice needs an 'id' and a 'label'")
    keywords = raw.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise _fail(path, where, f"choice {choice_id!r}: 'keywords' must be a list of texts")
    means = raw.get("means")
    if means is not None and means not in MEANINGS:
        raise _fail(path, where, f"choice {choice_id!r}: 'means' must be 'yes' or 'no'")
    return Choice(
        id=choice_id,
        label=label,
        sms_label=_str(path, where, raw, "sms_label"),
        goto=_str(path, where, raw, "goto"),
        keywords=tuple(keywords),
        set=_str_map(path, where, raw.get("set"), "set"),
        means=means,
    )


def _fallback(path: Path, where: str, raw: Any) -> Fallback | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"action", "goto"}:
        raise _fail(path, where, "'fallback' must be a table with 'action' and 'goto'")
    action, goto = _str(path, where, raw, "action"), _str(path, where, raw, "goto")
    if action is None or goto is None:
        raise _fail(path, where, "'fallback' needs both 'action' and 'goto'")
    return Fallback(action, goto)


def _choices(path: Path, where: str, raw: Mapping[str, Any]) -> tuple[Choice, ...]:
    choices_raw = raw.get("choices", [])
    if not isinstance(choices_raw, list):
        raise _fail(path, where, "'choices' must be a list")
    choices = tuple(_choice(path, where, c) for c in choices_raw)
    ids = [c.id for c in choices]
    if len(ids) != len(set(ids)):
        raise _fail(path, where, "two choices share an id")
    for meaning in MEANINGS:
        meant = [c.id for c in choices if c.means == meaning]
        if len(meant) > 1:
            raise _fail(path, where, f"choices {meant[0]!r} and {meant[1]!r} both mean {meaning!r}")
    return choices


def _input(path: Path, where: str, raw: Any) -> tuple[str | None, str | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, dict) or set(raw) - {"save", "goto"}:
        raise _fail(path, where, "'input' must be a table with 'save' and 'goto'")
    save, goto = _str(path, where, raw, "save"), _str(path, where, raw, "goto")
    if save is None or goto is None:
        raise _fail(path, where, "'input' needs both 'save' and 'goto'")
    return save, goto


def _flag(path: Path, where: str, raw: Mapping[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise _fail(path, where, f"'{key}' must be true or false")
    return value


def _check_node(path: Path, where: str, node: Node) -> None:
    """Rules about how a node's parts fit together."""
    if node.input_var and (node.choices or node.choices_from):
        raise _fail(path, where, "a node waits either for a choice or for text, not both")
    if node.sms and not node.say:
        raise _fail(path, where, "'sms' is a shorter variant of 'say', which is missing")
    # A node with generated choices may name where a generated choice leads (goto).
    generated = node.choices_from is not None and node.choices_from not in BUILT_IN_SOURCES
    if node.waits and (node.action or node.end or (node.goto and not generated)):
        raise _fail(path, where, "a waiting node moves on through its choices or input")
    if generated and not node.goto:
        raise _fail(path, where, f"'goto' is needed: where a {node.choices_from} choice leads")
    if node.fallback and not (node.choices or node.choices_from):
        raise _fail(path, where, "'fallback' is for nodes that wait for a choice")
    if not node.waits and not (node.action or node.goto or node.end):
        raise _fail(path, where, "dead end: give it choices, input, an action, goto or end")


def _budget(path: Path, where: str, raw: Any) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
        raise _fail(path, where, "'sms_budget' must be a whole number of segments, 1 or more")
    return raw


def _node(path: Path, flow_id: str, node_id: str, raw: Any) -> Node:

    where = f"node {node_id!r}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "must be a table")
    _unknown(path, where, raw, _NODE_KEYS)
    input_var, input_goto = _input(path, where, raw.get("input"))
    node = Node(
        flow=flow_id,
        id=node_id,
        say=_str(path, where, raw, "say"),
        sms=_str(path, where, raw, "sms"),
        choices=_choices(path, where, raw),
        choices_from=_str(path, where, raw, "choices_from"),
        input_var=input_var,
        input_goto=input_goto,
        action=_str(path, where, raw, "action"),
        args=_str_map(path, where, raw.get("args"), "args"),
        exits=_str_map(path, where, raw.get("exits"), "exits"),
        goto=_str(path, where, raw, "goto"),
        end=_flag(path, where, raw, "end", default=False),
        menu_option=_flag(path, where, raw, "menu_option", default=True),
        fallback=_fallback(path, where, raw.get("fallback")),
        sms_budget=_budget(path, where, raw.get("sms_budget")),
    )
    _check_node(path, where, node)
    return node


def load_flow(path: Path) -> Flow:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FlowFileError(f"{path.name}: cannot be read: {error}") from error
    header = data.get("flow")
    if not isinstance(header, dict):
        raise _fail(path, "[flow]", "missing")
    _unknown(path, "[flow]", header, _FLOW_KEYS)
    flow_id = _str(path, "[flow]", header, "id")
    start = _str(path, "[flow]", header, "start")
    if flow_id is None or start is None:
        raise _fail(path, "[flow]", "needs 'id' and 'start'")
    if "." in flow_id or "@" in flow_id:
        raise _fail(path, "[flow]", "'id' may not contain '.' or '@'")
    order = header.get("menu_order", 100)
    if not isinstance(order, int):
        raise _fail(path, "[flow]", "'menu_order' must be a whole number")
    nodes_raw = data.get("nodes", {})
    extra = sorted(set(data) - {"flow", "nodes"})
    if extra:
        raise _fail(path, f"[{extra[0]}]", "unknown section (known: [flow], [nodes.*])")
    nodes = {node_id: _node(path, flow_id, node_id, raw) for node_id, raw in nodes_raw.items()}
    if start not in nodes:
        raise _fail(path, "[flow]", f"start node {start!r} does not exist")
    return Flow(
        id=flow_id,
        path=str(path),
        start=start,
        nodes=MappingProxyType(nodes),
        menu_label=_str(path, "[flow]", header, "menu_label"),
        menu_sms_label=_str(path, "[flow]", header, "menu_sms_label"),
        menu_order=order,
        private_vars=_str(path, "[flow]", header, "private_vars"),
        listen=_listen(path, header),
    )


def _listen(path: Path, header: Any) -> str:
    mode = _str(path, "[flow]", header, "listen") or "all"
    if mode not in LISTEN_MODES:
        raise _fail(path, "[flow]", f"listen must be one of {', '.join(LISTEN_MODES)}")
    return mode


def _intent(path: Path, intent_id: str, raw: Any) -> Intent:
    where = f"intent {intent_id!r}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "must be a table")
    _unknown(path, where, raw, _INTENT_KEYS)
    do = raw.get("do", "goto")
    if do not in INTENT_ACTIONS:
        raise _fail(path, where, f"'do' must be one of {sorted(INTENT_ACTIONS)}")
    keywords_raw = raw.get("keywords", {})
    if not isinstance(keywords_raw, dict) or not all(
        isinstance(v, list) and all(isinstance(k, str) for k in v) for v in keywords_raw.values()
    ):
        raise _fail(path, where, "'keywords' must map a language to a list of words")
    commands = raw.get("commands", [])
    if not isinstance(commands, list) or not all(isinstance(c, str) for c in commands):
        raise _fail(path, where, "'commands' must be a list of texts")
    match = raw.get("match", "exact")
    if match not in {"exact", "contains"}:
        raise _fail(path, where, "'match' must be 'exact' or 'contains'")
    max_words = raw.get("max_words", 6)
    if not isinstance(max_words, int) or max_words < 1:
        raise _fail(path, where, "'max_words' must be a whole number above 0")
    goto = _str(path, where, raw, "goto")
    if (do == "goto") != (goto is not None):
        raise _fail(path, where, "'goto' is needed exactly when 'do' is 'goto'")
    return Intent(
        id=intent_id,
        do=do,
        goto=goto,
        commands=tuple(c.lstrip("/").lower() for c in commands),
        keywords=MappingProxyType({lang: tuple(v) for lang, v in keywords_raw.items()}),
        match=match,
        max_words=max_words,
    )


def load_intents(path: Path) -> tuple[Intent, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FlowFileError(f"{path.name}: cannot be read: {error}") from error
    return tuple(_intent(path, intent_id, raw) for intent_id, raw in data.items())


def load_flows(folder: Path) -> FlowSet:
    """Every ``*.toml`` flow in ``folder`` plus its ``intents.toml`` and ``answers.toml``."""
    flows: dict[str, Flow] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name in (INTENTS_FILE, ANSWERS_FILE):
            continue
        flow = load_flow(path)
        if flow.id in flows:
            other = Path(flows[flow.id].path).name
            raise _fail(path, "[flow]", f"id {flow.id!r} is already used by {other}")
        flows[flow.id] = flow
    intents_path = folder / INTENTS_FILE
    intents = load_intents(intents_path) if intents_path.exists() else ()
    return FlowSet(
        flows=MappingProxyType(flows), intents=intents, answers=_answers(folder, intents)
    )


def _answers(folder: Path, intents: tuple[Intent, ...]) -> Answers:
    """The yes and no words; one that a global intent would catch first is refused."""
    path = folder / ANSWERS_FILE
    try:
        answers = load_answers(path)
    except AnswersError as error:
        raise FlowFileError(f"{path.name}: {error}") from error
    matcher = IntentMatcher(intents)
    for meaning, word in answers.words():
        intent = matcher.by_text(word)
        if intent is not None:
            raise _fail(path, f"[{meaning}]", f"{word!r} is caught by intent {intent.id!r} first")
    return answers
