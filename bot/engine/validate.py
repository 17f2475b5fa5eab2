"""``python -m bot flows check``: every fault in flows, catalogs and contacts, by place.

Checks: goto targets exist; every node is reachable; actions are registered and their
exits covered; every user-facing message is translated in every language, with the
same placeholders; every SMS rendering fits the segment budget; keywords and labels do
not collide; Tajik text has no letters Tajik lacks (ы щ ь ц); button data fits
Telegram's 64 bytes. The bot runs the same checks at start-up and refuses bad content.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from babel.messages.extract import extract_from_dir

import bot.actions  # noqa: F401 - registers the actions the flows name
from bot.channels.render import MAX_CALLBACK_BYTES, callback_data, render_sms
from bot.config.settings import ROOT, Settings
from bot.content.contacts import ContactsError
from bot.content.glossary import GlossaryError, Term, avoided_words, load_glossary
from bot.content.topics import TopicsError
from bot.engine.actions import OPTION_SOURCES, REGISTRY
from bot.engine.listener import DANGER_TARGET, OFFER_TARGET
from bot.engine.loader import BUILT_IN_SOURCES, FlowFileError, FlowSet
from bot.engine.model import Intent, Node, Option, Say, Session, Text
from bot.engine.resources import (
    FORGET_CASE_NODE,
    FORWARDED_NODE,
    LANGUAGE_NODE,
    MENU_NODE,
    WELCOME_NODE,
    Resources,
)
from bot.engine.step import (
    MEDIA_NOT_READ,
    NEED_TEXT,
    NOT_UNDERSTOOD,
    NOTHING_FOUND,
    UNKNOWN_COMMAND,
    node_options,
    pass_through,
    prompt_say,
)
from bot.i18n.catalogs import Catalogs
from bot.i18n.render import placeholders, translate
from bot.offers.agencies import AgenciesError
from bot.text.normalise import skeleton

NOT_TAJIK = re.compile("[ыщьцЫЩЬЦ]")
# Re-prompts an SMS user can get (SMS has no buttons, so no stale-button notice).
SMS_NOTICES = (NOT_UNDERSTOOD, MEDIA_NOT_READ, UNKNOWN_COMMAND)


@dataclass(frozen=True, order=True)
class Fault:
    file: str
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.problem}"


def _flow_file(flows: FlowSet, node: Node) -> str:
    return Path(flows.flows[node.flow].path).name


def _nodes(flows: FlowSet) -> Iterator[Node]:
    for flow in flows.flows.values():
        yield from flow.nodes.values()


def check_targets(flows: FlowSet) -> list[Fault]:
    faults = []
    for node in _nodes(flows):
        for target in node.targets():
            if flows.resolve(node.flow, target) is None:
                faults.append(
                    Fault(
                        _flow_file(flows, node),
                        f"node {node.id!r}",
                        f"goto target {target!r} does not exist",
                    )
                )
    for intent in flows.intents:
        if intent.goto and flows.resolve("main", intent.goto) is None:
            faults.append(
                Fault(
                    "intents.toml",
                    f"intent {intent.id!r}",
                    f"goto target {intent.goto!r} does not exist",
                )
            )
    for required in (WELCOME_NODE, MENU_NODE, LANGUAGE_NODE):
        if flows.resolve("main", required) is None:
            faults.append(Fault("main.toml", "[flow]", f"the engine needs node {required!r}"))
    return faults


def check_reachable(flows: FlowSet) -> list[Fault]:
    roots = [WELCOME_NODE, MENU_NODE, LANGUAGE_NODE, FORWARDED_NODE, FORGET_CASE_NODE]
    roots += [i.goto for i in flows.intents if i.goto]
    roots += [DANGER_TARGET, OFFER_TARGET]  # where the safety listener leads
    roots += [f"@{flow.id}" for flow in flows.flows.values()]  # menu entries, deep links
    seen: set[str] = set()
    pending = [n for n in (flows.resolve("main", r) for r in roots) if n is not None]
    while pending:
        node = pending.pop()
        if node.ref in seen:
            continue
        seen.add(node.ref)
        pending.extend(t for t in (flows.resolve(node.flow, g) for g in node.targets()) if t)
    return [
        Fault(_flow_file(flows, node), f"node {node.id!r}", "unreachable: no goto leads here")
        for node in _nodes(flows)
        if node.ref not in seen
    ]


def check_actions(flows: FlowSet) -> list[Fault]:
    faults = []
    for node in _nodes(flows):
        if not node.action:
            continue
        where = (_flow_file(flows, node), f"node {node.id!r}")
        spec = REGISTRY.get(node.action)
        if spec is None:
            faults.append(Fault(*where, f"unknown action {node.action!r}"))
            continue
        for exit_name in sorted(set(node.exits) - spec.exits):
            faults.append(Fault(*where, f"action {node.action!r} never returns exit {exit_name!r}"))
        if not node.goto and not node.end:
            for exit_name in sorted(spec.exits - set(node.exits)):
                faults.append(
                    Fault(
                        *where,
                        f"exit {exit_name!r} of action {node.action!r} "
                        "has no target (add it to exits, or a goto)",
                    )
                )
    return faults


def flow_messages(flows: FlowSet) -> Iterator[tuple[str, str, str]]:
    """(file, place, msgid) for every translatable text of the flows."""
    for flow in flows.flows.values():
        name = Path(flow.path).name
        if flow.menu_label:
            yield name, "[flow] menu_label", flow.menu_label
        if flow.menu_sms_label:
            yield name, "[flow] menu_sms_label", flow.menu_sms_label
        for node in flow.nodes.values():
            for msgid in (node.say, node.sms):
                if msgid:
                    yield name, f"node {node.id!r}", msgid
            for choice in node.choices:
                where = f"node {node.id!r} choice {choice.id!r}"
                yield name, where, choice.label
                if choice.sms_label:
                    yield name, where, choice.sms_label


def python_messages(package: Path) -> Iterator[tuple[str, str, str]]:
    """(file, place, msgid) for every ``N_("...")`` in the Python code."""
    method_map = [("**.py", "python")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(package), method_map, keywords={"N_": None}
    ):
        if isinstance(message, str):
            yield f"bot/{filename}", f"line {lineno}", message


def check_messages(catalogs: Catalogs, messages: list[tuple[str, str, str]]) -> list[Fault]:
    faults = []
    for file, place, msgid in messages:
        expected = placeholders(msgid)
        for language in catalogs.languages:
            if not catalogs.is_translated(language, msgid):
                faults.append(Fault(file, place, f"no {language} translation of {msgid[:60]!r}"))
                continue
            found = placeholders(catalogs.gettext(language, msgid))
            if found != expected:
                faults.append(
                    Fault(
                        file,
                        place,
                        f"{language} placeholders {sorted(found)} "
                        f"differ from {sorted(expected)} in "
                        f"{msgid[:40]!r}",
                    )
                )
    return faults


_MIXED_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0400-\u04ff])\w+\b")


def check_mixed_scripts(catalogs: Catalogs) -> list[Fault]:
    """A word of Latin and Cyrillic letters is a typo ("гириftан") or a look-alike."""
    return [
        Fault(
            f"locales/{language}",
            f"msgid {msgid[:40]!r}",
            f"word mixes Latin and Cyrillic letters: {_MIXED_WORD.findall(text)[0]!r}",
        )
        for language, catalog in catalogs.by_language.items()
        for msgid, text in sorted(catalog.translations.items())
        if _MIXED_WORD.search(text)
    ]


def check_glossary(catalogs: Catalogs, terms: tuple[Term, ...]) -> list[Fault]:
    catalog = catalogs.by_language.get("tg")
    if catalog is None:
        return []
    return [
        Fault(
            "locales/tg",
            f"msgid {msgid[:40]!r}",
            f"uses Russian {word!r} where the glossary says {term.tg!r}",
        )
        for msgid, text in sorted(catalog.translations.items())
        for term, word in avoided_words(terms, text)
    ]


MAX_TELEGRAM_PAGE = 1000  # characters of one topic page: a screen or two on a phone


def check_topics(resources: Resources, budget: int) -> list[Fault]:
    faults = []
    for topic in resources.topics:
        where = f"topic {topic.id!r}"
        for language in resources.languages:
            if not topic.keywords.get(language):
                faults.append(Fault("data/topics.toml", where, f"no {language} keywords"))
            for page in topic.pages:
                shown = translate(resources.catalogs, language, Text(page))
                if len(shown) > MAX_TELEGRAM_PAGE:
                    faults.append(
                        Fault(
                            "data/topics.toml",
                            where,
                            f"{language} page has {len(shown)} characters, "
                            f"more than {MAX_TELEGRAM_PAGE}",
                        )
                    )
            for part in topic.sms:
                say = Say((Text(part),))
                fault = _over_budget(
                    resources, say, language, budget, place=("data/topics.toml", where)
                )
                if fault is not None:
                    faults.append(fault)
    return faults


def check_hooks(flows: FlowSet) -> list[Fault]:
    """Generated choices and fallbacks name registered Python hooks."""
    faults = []
    for node in _nodes(flows):
        where = (_flow_file(flows, node), f"node {node.id!r}")
        source = node.choices_from
        if source and source not in BUILT_IN_SOURCES and source not in OPTION_SOURCES:
            faults.append(Fault(*where, f"unknown choices_from {source!r}"))
        if node.fallback and node.fallback.action not in REGISTRY:
            faults.append(Fault(*where, f"unknown fallback action {node.fallback.action!r}"))
    return faults


def check_tajik_letters(catalogs: Catalogs, locales_dir: Path) -> list[Fault]:

    catalog = catalogs.by_language.get("tg")
    if catalog is None:
        return []
    return [
        Fault(
            f"{locales_dir.name}/tg",
            f"msgid {msgid[:40]!r}",
            f"Tajik text has letters Tajik lacks ({''.join(sorted(set(NOT_TAJIK.findall(s))))})",
        )
        for msgid, s in sorted(catalog.translations.items())
        if NOT_TAJIK.search(s)
    ]


def _over_budget(
    resources: Resources, say: Say, language: str, budget: int, *, place: tuple[str, str]
) -> Fault | None:
    cost = render_sms(resources.catalogs, language, say).cost
    if cost.segments <= budget:
        return None
    problem = (
        f"{language} SMS costs {cost.segments} segments "
        f"({cost.units} {cost.encoding} units), budget {budget}"
    )
    return Fault(*place, problem)


def _node_says(resources: Resources, node: Node, language: str, now: float) -> list[Say]:
    """Every message a node can send: its prompt, its re-prompts, or what it shows."""
    session = Session(language=language)
    if not node.waits:
        return pass_through(resources, node, session, now).says
    notices = (NEED_TEXT,) if node.input_var else SMS_NOTICES
    if node.fallback is not None:
        notices = (*notices, NOTHING_FOUND)
    return [prompt_say(resources, node, session)] + [
        prompt_say(resources, node, session, notice=n, repeat_text=False) for n in notices
    ]


def _sms_messages(say: Say) -> list[Say]:
    """What must fit the budget: a summary-first message (a verdict) is sent as its
    summary, then its other texts after MORE, each paged (bot/channels/sms/paging.py)."""
    if not say.sms_summary_first or len(say.texts) < 2:
        return [say]
    return [replace(say, texts=(text,), sms_summary_first=False) for text in say.texts]


def check_sms_budget(resources: Resources, budget: int, now: float) -> list[Fault]:
    faults = []
    for node in _nodes(resources.flows):
        file, where = _flow_file(resources.flows, node), f"node {node.id!r}"
        for language in resources.languages:
            for say in _node_says(resources, node, language, now):
                for part in _sms_messages(say):
                    fault = _over_budget(resources, part, language, budget, place=(file, where))
                    if fault is not None:
                        faults.append(fault)
            if node.sms_budget is not None and node.waits:
                # The node's own prompt has a tighter budget (e.g. one SMS per question);
                # re-prompts after a wrong answer keep the general one.
                prompt = prompt_say(resources, node, Session(language=language))
                fault = _over_budget(
                    resources, prompt, language, node.sms_budget, place=(file, where)
                )
                if fault is not None:
                    faults.append(fault)
    return sorted(set(faults))


def check_sms_notices(
    resources: Resources, messages: list[tuple[str, str, str]], budget: int
) -> list[Fault]:
    """Texts the code sends on their own (stop, forget, ...) must fit the budget too."""
    faults = []
    for file, place, msgid in messages:
        for language in resources.languages:
            say = Say((Text(msgid),))
            fault = _over_budget(resources, say, language, budget, place=(file, place))
            if fault is not None:
                faults.append(fault)
    return faults


def _option_names(resources: Resources, node: Node, option: Option) -> set[str]:
    names = {
        skeleton(translate(resources.catalogs, lang, option.label)) for lang in resources.languages
    }
    choice = next((c for c in node.choices if c.id == option.key), None)
    if choice is not None:
        names |= {skeleton(k) for k in choice.keywords}
    return names - {""}


def _same_place(resources: Resources, node: Node, option: Option, intent: Intent) -> bool:
    """An intent that catches a choice's word is harmless if it leads to the same node."""
    if intent.goto is None:
        return False
    choice = next((c for c in node.choices if c.id == option.key), None)
    target = option.key if option.key.startswith("@") else (choice.goto if choice else None)
    if target is None:
        return False
    flows = resources.flows
    return flows.resolve(node.flow, target) == flows.resolve("main", intent.goto)


def check_keywords(resources: Resources) -> list[Fault]:
    faults = []
    matcher = resources.intents
    owners: dict[tuple[str, ...], str] = {}
    for intent in matcher.intents:
        for key in matcher.keyword_skeletons(intent):
            if key in owners and owners[key] != intent.id:
                faults.append(
                    Fault(
                        "intents.toml",
                        f"intent {intent.id!r}",
                        f"keyword {' '.join(key)!r} is also intent {owners[key]!r}'s",
                    )
                )
            owners.setdefault(key, intent.id)
    for node in _nodes(resources.flows):
        file, where = _flow_file(resources.flows, node), f"node {node.id!r}"
        taken: dict[str, str] = {}
        for option in node_options(resources, node):
            for name in sorted(_option_names(resources, node, option)):
                if name.isdigit():
                    faults.append(
                        Fault(
                            file,
                            where,
                            f"choice {option.key!r}: {name!r} is a "
                            "number, which selects by position",
                        )
                    )
                if name in taken and taken[name] != option.key:
                    faults.append(
                        Fault(
                            file,
                            where,
                            f"choices {taken[name]!r} and {option.key!r} both answer to {name!r}",
                        )
                    )
                taken.setdefault(name, option.key)
                catcher = matcher.by_text(name)
                # A choice typed at its node wins over the emergency intent (engine step).
                yields = catcher is not None and catcher.id == "emergency"
                if catcher and not yields and not _same_place(resources, node, option, catcher):
                    faults.append(
                        Fault(
                            file,
                            where,
                            f"choice {option.key!r}: {name!r} is "
                            f"caught by intent {catcher.id!r} first",
                        )
                    )
    return faults


def check_callback_data(flows: FlowSet, resources: Resources) -> list[Fault]:
    faults = []
    for node in _nodes(flows):
        for option in node_options(resources, node):
            data = callback_data(node.ref, option.key)
            if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
                faults.append(
                    Fault(
                        _flow_file(flows, node),
                        f"node {node.id!r}",
                        f"button data {data!r} is over {MAX_CALLBACK_BYTES} bytes",
                    )
                )
    return faults


def validate_resources(resources: Resources, settings: Settings, now: float) -> list[Fault]:
    flows = resources.flows
    messages = list(flow_messages(flows))
    messages += [
        ("data/contacts.toml", f"contact {c.id!r}", c.name)
        for c in resources.contacts
        if c.status == "active"
    ]
    messages += [
        ("data/topics.toml", f"topic {t.id!r}", text)
        for t in resources.topics
        for text in (t.title, *t.pages, *t.sms)
    ]
    code_messages = list(python_messages(ROOT / "bot"))
    messages += code_messages
    faults = (
        check_targets(flows)
        + check_reachable(flows)
        + check_actions(flows)
        + check_messages(resources.catalogs, messages)
        + check_tajik_letters(resources.catalogs, settings.bot.locales_dir)
        + check_keywords(resources)
        + check_callback_data(flows, resources)
        + check_hooks(flows)
        + check_mixed_scripts(resources.catalogs)
        + check_glossary(resources.catalogs, load_glossary(settings.bot.data_dir))
    )
    if not any("does not exist" in f.problem for f in faults):
        faults += check_sms_budget(resources, settings.sms.segment_budget, now)
        faults += check_sms_notices(resources, code_messages, settings.sms.segment_budget)
        faults += check_topics(resources, settings.sms.segment_budget)
    return sorted(set(faults))


def validate(settings: Settings, now: float | None = None) -> list[Fault]:
    """Load everything the bot would load and report every fault found."""
    try:
        resources = Resources.load(settings)
    except FlowFileError as error:
        return [Fault(settings.bot.flows_dir.name, "load", str(error))]
    except (ContactsError, TopicsError, GlossaryError, AgenciesError) as error:
        return [Fault(settings.bot.data_dir.name, "load", str(error))]
    return validate_resources(resources, settings, time.time() if now is None else now)
