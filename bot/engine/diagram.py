"""``python -m bot flows diagram``: a Mermaid flowchart per flow, from the same data.

Caseworkers and reviewers read a flow as a picture; GitHub and most wikis render
Mermaid inline. Labels are the English source texts, shortened.
"""

from __future__ import annotations

from pathlib import Path

from bot.engine.loader import FlowSet
from bot.engine.model import Flow, Node

LABEL_CHARS = 40


def _label(text: str) -> str:
    short = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
    return short.replace('"', "'").replace("\n", " ")


def _node_id(flow_id: str, target: str) -> str:
    ref = target[1:] if target.startswith("@") else f"{flow_id}.{target}"
    return ref.replace(".", "__").replace("-", "_")


def _shape(node: Node) -> str:
    text = _label(node.say or node.action or node.id)
    node_id = _node_id(node.flow, node.id)
    if node.action:
        return f'    {node_id}[["{node.id}: {text}"]]'
    if node.input_var:
        return f'    {node_id}[/"{node.id}: {text}"/]'
    if node.waits:
        return f'    {node_id}{{"{node.id}: {text}"}}'
    return f'    {node_id}["{node.id}: {text}"]'


def flow_diagram(flow: Flow) -> str:
    lines = ["flowchart TD", f'    start(("{flow.id}")) --> {_node_id(flow.id, flow.start)}']
    for node in flow.nodes.values():
        lines.append(_shape(node))
    for node in flow.nodes.values():
        source = _node_id(flow.id, node.id)
        for choice in node.choices:
            if choice.goto:
                lines.append(
                    f'    {source} -- "{_label(choice.label)}" --> {_node_id(flow.id, choice.goto)}'
                )
        if node.choices_from:
            lines.append(f'    {source} -. "{node.choices_from}" .-> {source}')
        if node.input_goto:
            lines.append(
                f'    {source} -- "{node.input_var}" --> {_node_id(flow.id, node.input_goto)}'
            )
        for exit_name, target in node.exits.items():
            lines.append(f'    {source} -- "{exit_name}" --> {_node_id(flow.id, target)}')
        if node.goto:
            lines.append(f"    {source} --> {_node_id(flow.id, node.goto)}")
        if node.end:
            lines.append(f"    {source} --> main__menu")
    return "\n".join(lines) + "\n"


def write_diagrams(flows: FlowSet, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for flow in flows.flows.values():
        path = folder / f"{flow.id}.mmd"
        path.write_text(flow_diagram(flow), encoding="utf-8")
        written.append(path)
    return written
