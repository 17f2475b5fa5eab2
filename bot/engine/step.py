"""The engine's one operation: (session, inbound message) -> (new session, replies, effects).

Pure: no clock reads (``now`` is passed in), no I/O, no randomness, so every
conversation can be replayed and tested as a table. The conversation layer around it
loads and saves the session under a lock and carries out the effects.

Order of decisions for one message:
1. a new contact gets a language (from text, platform hint or phone) and a session;
2. a stopped contact is only heard for START (SMS opt-out) or, elsewhere, resumes;
3. global intents (emergency, menu, language, stop, start, forget) from any node;
4. first contact or no current node: the welcome; after a long silence: the menu;
5. otherwise the message answers the node the session waits at.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from babel import Locale

from bot.engine.actions import FOUND, OPTION_SOURCES, REGISTRY, ActionContext
from bot.engine.choices import (
    CONFIRM_VAR,
    FUZZY,
    NO,
    REASK_KEY,
    YES,
    Named,
    Reading,
    confirmation,
    confirmed,
    meanings,
    read,
)
from bot.engine.intents import parse_command
from bot.engine.listener import DANGER_TARGET, hear
from bot.engine.model import (
    AnyEffect,
    CaseRequest,
    Effect,
    Fallback,
    Inbound,
    Intent,
    LanguageSource,
    Node,
    Option,
    Say,
    Session,
    Status,
    Text,
)
from bot.engine.resources import (
    CASE_VAR,
    FORGET_CASE_NODE,
    FORWARDED_NODE,
    FORWARDED_TEXT_VAR,
    LANGUAGE_NODE,
    MENU_NODE,
    WELCOME_NODE,
    Resources,
)
from bot.i18n.marker import N_
from bot.i18n.render import placeholders
from bot.text.language import detect, detect_from_text
from bot.text.normalise import normalise, skeleton

PAGES_VAR = "_pages"  # unread pages of a long SMS, kept by the SMS channel
MAX_HOPS = 50
# nodes entered for one message; more means a loop in the flow files
MAX_INPUT_CHARS = 4000  # longer free text is cut; no report is that long by design
MENU_KEY = "0"

NOT_UNDERSTOOD = N_("Sorry, I did not understand. Choose one of these:")
STALE_BUTTON = N_("That button belongs to an earlier message. Here are the current choices:")
NEED_TEXT = N_("Please write your answer as a text message.")
MEDIA_NOT_READ = N_("I cannot read photos, voice messages or files. Please write in text.")
UNKNOWN_COMMAND = N_("I do not know that command. Here are the choices:")
EMPTY_MESSAGE = N_("Your message was empty.")
WELCOME_BACK = N_("Welcome back. We start again from the main menu.")
STOPPED = N_("Safar will not write to you any more. To start again, send START.")
NOTHING_MORE = N_("There is nothing more to show.")
NOTHING_FOUND = N_("I found nothing about that. Choose one of these:")
# The quick exit on SMS: a text cannot be taken back.
SMS_CANNOT_CLEAR = N_("Texts cannot be deleted from here. Delete this chat on your phone.")
# On SMS a re-prompt says only what to do; every character of a Cyrillic SMS costs.
CHOOSE_NUMBER = N_("Choose a number:")
SMS_VARIANTS = {
    NOT_UNDERSTOOD: CHOOSE_NUMBER,
    UNKNOWN_COMMAND: CHOOSE_NUMBER,
    NOTHING_FOUND: N_("Nothing found. Choose a number:"),
    MEDIA_NOT_READ: N_("Please write text. Choose a number:"),
}

PRIVACY_NOTICE = N_(
    "This chat is private: Safar keeps no name or number, and /forget deletes the rest. "
    "If others may see this phone, delete this chat."
)
PRIVACY_NOTICE_SMS = N_("Safar keeps no name or number. FORGET deletes all.")

FORGOTTEN = N_(
    "Safar has deleted what it kept about this chat. Delete the messages on your phone too"
    " if someone else may read it."
)


class FlowLoopError(RuntimeError):
    """The flow files send the engine round in circles without waiting for the user."""


@dataclass(frozen=True)
class Outcome:
    """The result of one step."""

    session: Session | None  # None: forget this contact entirely
    language: str  # the language to render ``says`` in
    says: tuple[Say, ...] = ()
    effects: tuple[AnyEffect, ...] = ()

    @property
    def forget(self) -> bool:
        return self.session is None


class _Run:
    """The mutable working state of one step; the step returns only frozen values."""

    def __init__(self, resources: Resources, session: Session, now: float, channel: str) -> None:
        self.res = resources
        self.session = session
        self.now = now
        self.channel = channel
        self.says: list[Say] = []
        self.effects: list[AnyEffect] = []
        # The choice a "Did you mean" question asked about: it answers this message only.
        self.pending = session.vars.get(CONFIRM_VAR)
        self.session = session.without_vars(CONFIRM_VAR)

    # --- output ----------------------------------------------------------------------

    def say(self, *msgids: str) -> None:
        self.says.append(Say(tuple(Text(m) for m in msgids)))

    def options_of(self, node: Node) -> tuple[Option, ...]:
        return node_options(self.res, node, self.session)

    def node_text(self, node: Node) -> Text | None:
        return node_text(node, self.session)

    def prompt(self, node: Node, *, notice: str | None = None, repeat_text: bool) -> None:
        self.says.append(
            prompt_say(self.res, node, self.session, notice=notice, repeat_text=repeat_text)
        )

    # --- movement --------------------------------------------------------------------

    def enter(self, target: str, from_flow: str) -> None:
        node = self.res.flows.resolve(from_flow, target)
        hops = 0
        while node is not None:
            hops += 1
            if hops > MAX_HOPS:
                msg = f"more than {MAX_HOPS} nodes without waiting, last {node.ref}"
                raise FlowLoopError(msg)
            if node.waits:
                self.session = self.session.at(node)
                self.prompt(node, repeat_text=True)
                return
            passed = pass_through(self.res, node, self.session, self.now, self.channel)
            self.session, next_target = passed.session, passed.goto
            self.says.extend(passed.says)
            self.effects.extend(passed.effects)
            if next_target is None:
                next_target = MENU_NODE
            node = self.res.flows.resolve(node.flow, next_target)
        # A target that does not exist: the validator prevents it; fail safe to the menu.
        menu = self.res.flows.resolve("main", MENU_NODE)
        if menu is not None and self.session.node != menu.id:
            self.session = self.session.at(menu)
            self.prompt(menu, repeat_text=True)

    def to_menu(self) -> None:
        self.enter(MENU_NODE, "main")

    # --- answering the current node --------------------------------------------------

    def answer(self, node: Node, inbound: Inbound) -> None:
        if inbound.choice is not None:
            if inbound.choice.node != node.ref:
                self.prompt(node, notice=STALE_BUTTON, repeat_text=False)
                return
            self.choose(node, inbound.choice.choice, retry_notice=STALE_BUTTON)
            return
        if node.input_var:
            self.take_input(node, inbound)
            return
        if inbound.media is not None:
            self.prompt(node, notice=MEDIA_NOT_READ, repeat_text=False)
            return
        reading = self.read_option(node, inbound.text)
        key = reading.key
        typed = normalise(inbound.text)
        if key is None and node.fallback is not None and typed and not typed.isdigit():
            if reading.unsure is not None:
                # A close spelling of a choice, or a search? A search that finds
                # something wins; otherwise the bot asks about the choice.
                if self.fall_back(node, node.fallback, inbound.text, quiet=True):
                    return
                self.ask_to_confirm(node, reading.unsure)
                return
            self.fall_back(node, node.fallback, inbound.text)
            return
        if key is None and reading.unsure is not None:
            self.ask_to_confirm(node, reading.unsure)
            return
        if key is None:
            notice = EMPTY_MESSAGE if not inbound.text.strip() else NOT_UNDERSTOOD
            self.prompt(node, notice=notice, repeat_text=False)
            return
        self.choose(node, key, retry_notice=NOT_UNDERSTOOD)

    def ask_to_confirm(self, node: Node, key: str) -> None:
        """ "Did you mean: ...?" about a choice the typed answer is close to."""
        option = next((o for o in self.options_of(node) if o.key == key), None)
        if option is None:
            self.prompt(node, notice=NOT_UNDERSTOOD, repeat_text=False)
            return
        self.session = self.session.with_vars({CONFIRM_VAR: key})
        self.says.append(confirmation(node, option))

    def fall_back(self, node: Node, fallback: Fallback, text: str, *, quiet: bool = False) -> bool:
        """Typed text that matches no choice, e.g. a search: found leads on, else re-ask.

        ``quiet``: when nothing is found, nothing is said or kept (the caller goes on).
        """
        spec = REGISTRY.get(fallback.action)
        if spec is None:
            if not quiet:
                self.prompt(node, notice=NOT_UNDERSTOOD, repeat_text=False)
            return False
        context = ActionContext(self.session, node, self.res, self.now, self.channel, text)
        result = spec.function(context)
        if quiet and result.exit != FOUND:
            return False
        self.session = self.session.with_vars(result.vars)
        self.says.extend(result.says)
        self.effects.extend(result.effects)
        if result.exit == FOUND:
            self.enter(fallback.goto, node.flow)
            return True
        self.prompt(node, notice=NOTHING_FOUND, repeat_text=False)
        return False

    def take_input(self, node: Node, inbound: Inbound) -> None:
        text = inbound.text.strip()
        if inbound.media is not None and not text:
            self.prompt(node, notice=MEDIA_NOT_READ, repeat_text=True)
            return
        if not normalise(text):
            self.prompt(node, notice=NEED_TEXT, repeat_text=True)
            return
        if node.input_var is None or node.input_goto is None:
            return
        self.session = self.session.with_vars({node.input_var: text[:MAX_INPUT_CHARS]})
        self.enter(node.input_goto, node.flow)

    def match_option(self, node: Node, text: str) -> str | None:
        """The choice a typed answer names for certain: a number, a name, yes or no, or
        the answer to "Did you mean". Close spellings do not count here: the safety
        checks that ask (the listener, emergency words) must never take a plea for a
        typo of a button ("помощь" is not "Номера помощи")."""
        reading = self.read_option(node, text)
        return reading.key if reading.how != FUZZY else None

    def read_option(self, node: Node, text: str) -> Reading:
        """A number presses that button; a text names a choice (bot/engine/choices.py)."""
        if self.pending is not None and any(o.key == self.pending for o in self.options_of(node)):
            # The answer to "Did you mean ...?": yes is that choice, no asks again, and
            # anything else is read as a fresh answer to the node.
            answer = confirmed(text, self.res.flows.answers)
            if answer == YES:
                return Reading(self.pending, how=YES)
            if answer == NO:
                return Reading(REASK_KEY, how=NO)
        options = self.options_of(node)
        plain = normalise(text)
        if plain.isdigit():
            number = int(plain)
            if number == 0 and node.menu_option:
                return Reading(MENU_KEY, how="number")
            if 1 <= number <= len(options):
                return Reading(options[number - 1].key, how="number")
            return Reading()
        named = [self.option_names(node, option) for option in options]
        return read(text, named, self.res.flows.answers, meanings(node))

    def option_names(self, node: Node, option: Option) -> Named:
        """Every way to name an option: its label in each language, keywords and id."""
        labels = set(self.res.label_keys(option.label))
        choice = next((c for c in node.choices if c.id == option.key), None)
        if choice is not None:
            labels |= {skeleton(k) for k in choice.keywords}
        return Named.of(option.key, labels, {skeleton(option.key.lstrip("@"))})

    def choose(self, node: Node, key: str, *, retry_notice: str) -> None:
        if key == REASK_KEY:  # "No" to "Did you mean ...?": the question again
            self.prompt(node, repeat_text=True)
            return
        if key == MENU_KEY and node.menu_option:
            self.to_menu()
            return
        if node.choices_from == "languages" and key in self.res.languages:
            self.session = replace(
                self.session, language=key, language_source=LanguageSource.CHOSEN
            )
            self.to_menu()
            return
        if node.choices_from == "menu" and key.startswith("@"):
            self.enter(key, node.flow)
            return
        source = OPTION_SOURCES.get(node.choices_from or "")
        if (
            source is not None
            and node.goto
            and any(o.key == key for o in source.function(self.res, node, self.session))
        ):
            self.session = self.session.with_vars({source.var: key})
            self.enter(node.goto, node.flow)
            return
        choice = next((c for c in node.choices if c.id == key), None)
        if choice is None:
            self.prompt(node, notice=retry_notice, repeat_text=False)
            return
        self.session = self.session.with_vars(choice.set)
        self.enter(choice.goto or MENU_NODE, node.flow)


def node_options(
    resources: Resources, node: Node, session: Session | None = None
) -> tuple[Option, ...]:
    """The options a waiting node offers, generated ones (menu, languages, sources) first."""
    if node.choices_from == "languages":
        return tuple(
            Option(lang, Text(_endonym(lang), verbatim=True)) for lang in resources.languages
        )
    generated: tuple[Option, ...] = ()
    source = OPTION_SOURCES.get(node.choices_from or "")
    if node.choices_from == "menu":
        generated = tuple(
            Option("@" + flow.id, Text(flow.menu_label or flow.id, sms=flow.menu_sms_label))
            for flow in resources.flows.menu_flows()
        )
    elif source is not None:
        generated = source.function(resources, node, session or Session(language=""))
    return generated + tuple(Option(c.id, Text(c.label, sms=c.sms_label)) for c in node.choices)


def node_text(node: Node, session: Session) -> Text | None:
    """The node's own text, its placeholders filled from the session's variables."""
    if node.say is None:
        return None
    params = {k: v for k, v in session.vars.items() if k in placeholders(node.say)}
    return Text(node.say, params=MappingProxyType(params), sms=node.sms)


@dataclass(frozen=True)
class Passed:
    """What a node that does not wait did: shown, remembered, asked for, and where next."""

    says: list[Say]
    session: Session
    goto: str | None
    effects: tuple[AnyEffect, ...] = ()


def pass_through(
    resources: Resources, node: Node, session: Session, now: float, channel: str = "telegram"
) -> Passed:
    """What a node that does not wait shows, the session after it, and where it goes next.

    An action's first message is shown under the node's own text, in one message (one
    SMS rather than two).
    """
    own = node_text(node, session)
    spec = REGISTRY.get(node.action or "")
    if spec is None:
        return Passed([Say((own,))] if own else [], session, node.goto)
    result = spec.function(ActionContext(session, node, resources, now, channel))
    says = list(result.says)
    if own is not None and says:
        says[0] = replace(says[0], texts=(own, *says[0].texts))
    elif own is not None:
        says = [Say((own,))]
    goto = node.exits.get(result.exit, node.goto)
    return Passed(says, session.with_vars(result.vars), goto, result.effects)


def prompt_say(
    resources: Resources,
    node: Node,
    session: Session,
    *,
    notice: str | None = None,
    repeat_text: bool = True,
) -> Say:
    """A waiting node as shown: an optional notice, its text, its choices.

    A re-prompt after a wrong answer repeats only the choices, which is all the user
    needs and keeps the SMS short; a node that waits for text repeats its question.
    """
    short = SMS_VARIANTS.get(notice or "") if not node.input_var else None
    texts: list[Text] = [Text(notice, sms=short)] if notice else []

    own = node_text(node, session)
    if own is not None and (repeat_text or node.input_var):
        texts.append(own)
    return Say(
        tuple(texts),
        node_options(resources, node, session),
        node=node.ref,
        menu_option=node.menu_option and node.ref != _menu_ref(resources),
    )


def _endonym(language: str) -> str:
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def _menu_ref(resources: Resources) -> str:
    menu = resources.flows.resolve("main", MENU_NODE)
    return menu.ref if menu else ""


def _new_session(resources: Resources, inbound: Inbound, now: float) -> Session:
    """A first contact's session, in the language their first message suggests."""
    from_text = _language_in_text(resources, inbound)
    if from_text is not None:
        return Session(language=from_text, language_source=LanguageSource.TEXT, updated_at=now)
    phone = inbound.contact.address if inbound.contact.channel == "sms" else None
    hinted = detect("", supported=resources.languages, hint=inbound.language_hint, phone=phone)
    if hinted is not None:
        return Session(language=hinted, language_source=LanguageSource.HINT, updated_at=now)
    return Session(language=resources.default_language, updated_at=now)


def _language_in_text(resources: Resources, inbound: Inbound) -> str | None:
    if inbound.command or inbound.choice or inbound.media:
        return None
    return detect_from_text(inbound.text, resources.languages)


def _relearn_language(resources: Resources, session: Session, inbound: Inbound) -> Session:
    """What someone writes outweighs a platform hint or the default, never a choice.

    A Tajik migrant whose phone is set to Russian opens with /start (Russian, from the
    hint) and then writes "салом": from then on the bot speaks Tajik.
    """
    if session.language_source in (LanguageSource.TEXT, LanguageSource.CHOSEN):
        return session
    from_text = _language_in_text(resources, inbound)
    if from_text is None:
        return session
    return replace(session, language=from_text, language_source=LanguageSource.TEXT)


def _with_command(inbound: Inbound) -> Inbound:
    """Typed "/menu" in SMS or the terminal means the same as Telegram's command."""
    if inbound.command is None and inbound.choice is None:
        parsed = parse_command(inbound.text)
        if parsed is not None:
            return replace(inbound, command=parsed[0], command_arg=parsed[1])
    return inbound


def _apply_intent(run: _Run, intent: Intent, inbound: Inbound) -> Session | None:
    """Carry out a global intent; returns None when the contact is to be forgotten."""
    if intent.do == "forget":
        if run.session.vars.get(CASE_VAR) and run.res.flows.resolve("main", FORGET_CASE_NODE):
            # An open case: ask whether it may stay, anonymised, before erasing.
            run.enter(FORGET_CASE_NODE, "main")
            return run.session
        run.say(FORGOTTEN)
        run.effects.append(Effect.UNSUBSCRIBE)
        return None
    if intent.do == "stop":
        # STOP means no messages of any kind: tips end too, not only the conversation,
        # and a caseworker may no longer write.
        run.session = replace(run.session, status=Status.STOPPED)
        flow = run.res.flows.flows.get(run.session.flow or "")
        if flow is not None and flow.private_vars:
            run.session = run.session.at(None)  # an unfinished report is not kept
        run.say(STOPPED)
        run.effects.append(Effect.UNSUBSCRIBE)
        if run.session.vars.get(CASE_VAR):
            run.effects.append(CaseRequest("end_contact", MappingProxyType({"reason": "stop"})))
        return run.session
    if intent.do == "exit":
        # The quick exit: the chat on the screen goes (the channel clears what it can and
        # leaves a plain greeting), nothing is said, and the person stays where they were.
        if run.channel == "sms":
            run.say(SMS_CANNOT_CLEAR)
        else:
            run.effects.append(Effect.CLEAR_CHAT)
        return run.session
    if intent.do == "start":
        link = run.res.flows.flows.get(inbound.command_arg)
        run.enter(f"@{link.id}" if link else WELCOME_NODE, "main")
        return run.session
    if intent.do == "more":
        # Pages of a long SMS are served by the SMS channel before the engine is asked;
        # reaching here means there is nothing more to show.
        current = run.res.flows.node(f"{run.session.flow}.{run.session.node}")
        if current is not None and current.waits:
            run.prompt(current, notice=NOTHING_MORE, repeat_text=True)
        else:
            run.say(NOTHING_MORE)
            run.to_menu()
        return run.session
    run.enter(intent.goto or MENU_NODE, run.session.flow or "main")
    return run.session


def _is_forwarded_offer(resources: Resources, inbound: Inbound, current: Node | None) -> bool:
    waiting_for_text = current is not None and current.input_var is not None
    return (
        inbound.forwarded
        and bool(inbound.text.strip())
        and not waiting_for_text
        and resources.flows.resolve("main", FORWARDED_NODE) is not None
    )


def _resumes(inbound: Inbound, intent: Intent | None) -> bool:
    """Whether a stopped contact is heard: START; on SMS (opt-out rules) nothing else but
    an emergency word or danger in words; elsewhere, any message resumes."""
    if intent is not None and intent.do == "start":
        return True  # the welcome that START leads to greets them again
    if not inbound.sticky_stop:
        return True
    return (intent is not None and intent.id == "emergency") or _in_danger(inbound)


def _in_danger(inbound: Inbound) -> bool:
    """Danger described in words breaks an SMS opt-out, as an emergency word does."""
    if inbound.command or inbound.choice or not inbound.text.strip():
        return False
    alarm = hear(inbound.text[:MAX_INPUT_CHARS], "all")
    return alarm is not None and alarm.target == DANGER_TARGET


def _answers_node(run: _Run, inbound: Inbound) -> bool:
    """The typed text names a choice of the question the person was asked."""
    session = run.session
    current = run.res.flows.node(f"{session.flow}.{session.node}")
    if current is None or not current.waits or current.input_var or inbound.choice:
        return False
    return run.match_option(current, inbound.text) is not None


def _answers_caseworker(session: Session, current: Node) -> bool:
    """Waiting to answer a caseworker: the answer reaches the case however late it comes."""
    return bool(session.vars.get(CASE_VAR)) and current.flow == "case" and bool(current.input_var)


def _listen(run: _Run, inbound: Inbound) -> bool:
    """The safety listener on free text (bot/engine/listener.py); True when it answered."""
    if inbound.command or inbound.choice or inbound.media or inbound.forwarded:
        return False
    plain = normalise(inbound.text)
    if not plain or plain.isdigit():
        return False
    if _answers_node(run, inbound):
        return False  # an answer to the question asked, not an account
    flow = run.res.flows.flows.get(run.session.flow or "")
    alarm = hear(inbound.text[:MAX_INPUT_CHARS], flow.listen if flow else "all")
    if alarm is None or run.res.flows.resolve("main", alarm.target) is None:
        return False
    run.session = run.session.with_vars(alarm.vars)
    run.enter(alarm.target, "main")
    return True


def _continue(run: _Run, inbound: Inbound, *, is_new: bool) -> None:
    """A message that is no global intent: a command, an answer, or a fresh start."""
    resources, session = run.res, run.session
    current = resources.flows.node(f"{session.flow}.{session.node}")
    if inbound.command is not None:
        if current is not None and current.waits:
            run.prompt(current, notice=UNKNOWN_COMMAND, repeat_text=False)
        else:
            run.say(UNKNOWN_COMMAND)
            run.to_menu()
    elif _is_forwarded_offer(resources, inbound, current):
        # A forwarded message is almost always a job offer seen in a channel or chat:
        # check it rather than treat it as an answer to the current question.
        run.session = run.session.with_vars({FORWARDED_TEXT_VAR: inbound.text[:MAX_INPUT_CHARS]})
        run.enter(FORWARDED_NODE, "main")
    elif is_new or current is None:
        run.enter(WELCOME_NODE, "main")
    elif (
        run.now - session.updated_at > resources.idle_seconds
        and current.ref != _menu_ref(resources)
        and not _answers_caseworker(session, current)
    ):
        run.say(WELCOME_BACK)
        run.to_menu()
    else:
        run.answer(current, inbound)


def step(resources: Resources, session: Session | None, inbound: Inbound, now: float) -> Outcome:
    """Advance one contact's conversation by one inbound message."""
    inbound = _with_command(inbound)
    is_new = session is None
    if session is None:
        session = _new_session(resources, inbound, now)
    else:
        # Unread pages of a long SMS lapse once the person does anything else.
        session = _relearn_language(resources, session, inbound).without_vars(PAGES_VAR)
    run = _Run(resources, session, now, inbound.contact.channel)
    intent = resources.intents.match(inbound)

    if run.session.status is Status.STOPPED and not _resumes(inbound, intent):
        return Outcome(replace(run.session, updated_at=now), run.session.language)
    run.session = replace(run.session, status=Status.ACTIVE)

    if intent is not None and intent.id == "emergency" and _answers_node(run, inbound):
        intent = None  # "Help numbers" typed at the menu is that button, not a plea
    if (intent is None or intent.id == "emergency") and _listen(run, inbound):
        pass  # danger in the person's words comes before any other answer
    elif intent is not None:
        if _apply_intent(run, intent, inbound) is None:
            return Outcome(None, run.session.language, tuple(run.says), tuple(run.effects))
    else:
        _continue(run, inbound, is_new=is_new)

    if Effect.FORGET in run.effects:
        # An action asked to erase the contact (e.g. /forget after the case question).
        # The conversation is over: no question (the menu) follows.
        run.says = [say for say in run.says if say.node is None]
        run.say(FORGOTTEN)
        run.effects.append(Effect.UNSUBSCRIBE)
        return Outcome(None, run.session.language, tuple(run.says), tuple(run.effects))
    if is_new:
        _add_privacy_notice(run)
    return Outcome(
        replace(_without_private_vars(resources, run.session), updated_at=now),
        run.session.language,
        tuple(run.says),
        tuple(run.effects),
    )


PRIVACY_NODE = "@privacy.about"


def _add_privacy_notice(run: _Run) -> None:
    """A first reply that is not the welcome (an emergency word, a deep link, a forwarded
    offer) still says how Safar keeps the chat: after what was asked for, before the
    question that waits for an answer."""
    shown = {text.msgid for say in run.says for text in say.texts}
    for already in (WELCOME_NODE, PRIVACY_NODE):  # each says it already
        node = run.res.flows.resolve("main", already)
        if node is not None and node.say in shown:
            return
    notice = Say((Text(PRIVACY_NOTICE, sms=PRIVACY_NOTICE_SMS),))
    waiting = [i for i, say in enumerate(run.says) if say.node is not None]
    run.says.insert(waiting[-1] if waiting else len(run.says), notice)


def _without_private_vars(resources: Resources, session: Session) -> Session:
    """Variables private to a flow the conversation is no longer in are dropped."""
    dropped = [
        name
        for flow in resources.flows.flows.values()
        if flow.private_vars and flow.id != session.flow
        for name in session.vars
        if name.startswith(flow.private_vars)
    ]
    return session.without_vars(*dropped) if dropped else session


__all__ = ["LANGUAGE_NODE", "FlowLoopError", "Outcome", "step"]
