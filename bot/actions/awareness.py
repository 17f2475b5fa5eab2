"""Actions and generated choices of the awareness flow (flows/learn.toml).

Session variables: ``topic`` (its id), ``page`` (the part shown, counted per channel:
Telegram pages or SMS parts), ``more_pages`` ("yes" while another part follows).
"""

from __future__ import annotations

from types import MappingProxyType

from bot.content.topics import Topic, find_topic
from bot.engine.actions import FOUND, ActionContext, ActionResult, action, option_source
from bot.engine.model import Node, Option, Say, Session, Text
from bot.engine.resources import Resources
from bot.i18n.marker import N_

NEXT_PART = N_("Next part")
NOT_FOUND = "none"


@option_source("topics", var="topic")
def topics_of_group(resources: Resources, node: Node, session: Session) -> tuple[Option, ...]:
    """The topics of the node's ``args.group``, in file order."""
    group = node.args.get("group")
    return tuple(Option(t.id, Text(t.title)) for t in resources.topics if t.group == group)


@option_source("topic_nav", var="nav")
def topic_navigation(resources: Resources, node: Node, session: Session) -> tuple[Option, ...]:
    """ "Next part" while the topic has another part for this channel."""
    if session.vars.get("more_pages") == "yes":
        return (Option("next", Text(NEXT_PART)),)
    return ()


def _current(context: ActionContext) -> Topic | None:
    return find_topic(context.resources.topics, context.session.vars.get("topic", ""))


@action("open_topic")
def open_topic(context: ActionContext) -> ActionResult:
    """Start the chosen topic at its first part."""
    return ActionResult(vars=MappingProxyType({"page": "0"}))


@action("next_page")
def next_page(context: ActionContext) -> ActionResult:
    page = int(context.session.vars.get("page", "0") or 0) + 1
    return ActionResult(vars=MappingProxyType({"page": str(page)}))


@action("show_topic")
def show_topic(context: ActionContext) -> ActionResult:
    """The current part of the topic, for the person's channel, with "2/3" if paged."""
    topic = _current(context)
    if topic is None:
        return ActionResult(vars=MappingProxyType({"more_pages": "no"}))
    parts = topic.parts(context.channel)
    try:
        page = min(max(int(context.session.vars.get("page", "0")), 0), len(parts) - 1)
    except ValueError:
        page = 0
    texts = [Text(parts[page])]
    if len(parts) > 1:
        texts.append(Text(f"{page + 1}/{len(parts)}", verbatim=True))
    more = "yes" if page + 1 < len(parts) else "no"
    return ActionResult(
        says=(Say(tuple(texts)),), vars=MappingProxyType({"page": str(page), "more_pages": more})
    )


@action("search_topics", exits=(FOUND, NOT_FOUND))
def search_topics(context: ActionContext) -> ActionResult:
    """The best matching topic for what was typed, opened at its first part."""
    found = context.resources.topic_index.search(context.text)
    if not found:
        return ActionResult(exit=NOT_FOUND)
    return ActionResult(exit=FOUND, vars=MappingProxyType({"topic": found[0], "page": "0"}))
