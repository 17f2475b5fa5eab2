"""The pure engine: welcome, menus, global intents, answers, bad input, expiry."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine.listener import HEARD_TEXT, HEARD_UNCERTAIN
from bot.engine.loader import FlowSet
from bot.engine.model import Contact, Flow, Inbound, LanguageSource, Node, Status
from bot.engine.resources import Resources
from bot.engine.step import MAX_INPUT_CHARS, step
from tests.support.dialogue import Dialogue
from tests.support.menu import menu_keys, menu_number

MENU_KEYS = menu_keys()


def _status(chat: Dialogue) -> Status:
    assert chat.session is not None
    return chat.session.status


def test_first_message_in_tajik_gets_tajik_welcome_and_menu(resources: Resources) -> None:
    """ "салом" is Tajik typed on a Russian keyboard: the bot answers in Tajik, unasked."""
    chat = Dialogue(resources)
    replies = chat.send("салом")
    assert chat.session is not None
    assert chat.session.language == "tg"
    assert chat.session.language_source is LanguageSource.TEXT
    assert replies[0].startswith("Салом! Ман Safar")
    assert "Чӣ кор кардан мехоҳед?" in replies[1]
    assert chat.session.node == "menu"


@pytest.mark.parametrize(
    ("first", "language"),
    [("salom", "tg"), ("Здравствуйте", "ru"), ("hello", "en"), ("ҳуҷҷат", "tg")],
)
def test_first_message_sets_language(resources: Resources, first: str, language: str) -> None:
    """The first message's script and words choose the language."""
    chat = Dialogue(resources)
    chat.send(first)
    assert chat.last is not None
    assert chat.last.language == language


def test_telegram_hint_then_tajik_text_switches_to_tajik(resources: Resources) -> None:
    """A phone set to Russian opens in Russian; writing Tajik switches to Tajik."""
    chat = Dialogue(resources, hint="ru")
    chat.send(command="start")
    assert chat.last is not None
    assert chat.last.language == "ru"
    chat.send("салом")
    assert chat.last.language == "tg"


def test_explicit_choice_wins_and_persists(resources: Resources) -> None:
    """After choosing English, Tajik text does not switch the language back."""
    chat = Dialogue(resources)
    chat.send("салом")
    chat.send("/language")
    assert chat.option_keys() == ["tg", "ru", "en"]
    chat.press("en")
    assert chat.session is not None
    assert chat.session.language == "en"
    assert chat.session.language_source is LanguageSource.CHOSEN
    chat.send("салом")
    assert chat.last is not None
    assert chat.last.language == "en"


def test_sms_number_country_code_sets_language(resources: Resources) -> None:
    """A +992 number that writes only a digit gets Tajik; a +7 number Russian."""
    tajik = Dialogue(resources, channel="sms", address="+992931234567")
    tajik.send("1")
    russian = Dialogue(resources, channel="sms", address="+79161234567")
    russian.send("1")
    assert tajik.last is not None and russian.last is not None
    assert (tajik.last.language, russian.last.language) == ("tg", "ru")


@pytest.mark.parametrize(
    "answer", [menu_number("@privacy"), "Privacy and safety", "махфият", "PRIVACY AND SAFETY!"]
)
def test_menu_answers_by_number_or_label_in_any_spelling(resources: Resources, answer: str) -> None:
    """A choice is made by its number or by its label in any language and spelling."""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.send(answer)
    assert "What Safar keeps" in chat.text()


@pytest.mark.parametrize(
    "word",
    [
        "help",
        "HELP!",
        "помогите",
        "Помогите пожалуйста",
        "ёрӣ",
        "ёри",
        "yordam",
        "ёрдам диҳед",
        "sos",
        "/help",
        "/sos",
        "najot",
    ],
)
def test_emergency_from_any_node_shows_contacts_at_once(resources: Resources, word: str) -> None:
    """Emergency words work from any node and the numbers come first."""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.send("/language")  # somewhere other than the menu
    replies = chat.send(word)
    assert "112" in replies[0]
    assert "102" in replies[0]


def test_emergency_word_inside_a_long_message_is_not_an_intent(resources: Resources) -> None:
    """ "help" in a long sentence is an answer, not an emergency shortcut. (The listener
    may still hear danger in it: then the statistical net, in doubt, gives the numbers,
    and says so to the case; the shortcut itself never fires on a word in a sentence.)"""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.send("they said they would help me with the visa and the ticket and the rest")
    assert chat.session is not None
    if "112" in chat.text():
        assert chat.session.vars.get(HEARD_UNCERTAIN) == "yes"  # the net's doubt
        assert chat.session.vars.get(HEARD_TEXT)  # the words, carried for a caseworker


def test_first_message_emergency_comes_before_welcome(resources: Resources) -> None:
    """A brand-new contact writing "помогите" sees emergency numbers, not the welcome."""
    chat = Dialogue(resources)
    replies = chat.send("помогите")
    assert replies[0].startswith("Вы в опасности?")


def test_stale_button_gets_gentle_answer_and_current_choices(resources: Resources) -> None:
    """A button from an older message is answered kindly, with the current choices."""
    chat = Dialogue(resources)
    chat.send("hello")
    menu = chat.waiting_node()
    chat.send("/language")
    chat.press("@privacy", node=menu)
    assert "earlier message" in chat.text()
    assert chat.option_keys() == ["tg", "ru", "en"]


def test_tampered_button_is_answered_not_raised(resources: Resources) -> None:
    """A forged choice id on the current node re-prompts."""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.press("no-such-choice")
    assert "earlier message" in chat.text()
    assert chat.option_keys() == MENU_KEYS


@pytest.mark.parametrize(
    ("message", "notice"),
    [
        ("", "Your message was empty."),
        ("   ", "Your message was empty."),
        ("x" * 10_000, "found nothing"),
        ("\x00\x01\x02", "did not understand"),
        ("😀😀😀", "did not understand"),
        ("\u202eمرحبا", "found nothing"),
        ("42", "did not understand"),  # a number past the last option
        ("99999999999999999999", "did not understand"),
        ("/unknowncommand", "do not know that command"),
    ],
)
def test_bad_input_gets_short_answer_and_options_again(
    resources: Resources, message: str, notice: str
) -> None:
    """Bad input is answered in the user's language with the current options again."""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.send(message)
    assert notice in chat.text()
    assert chat.option_keys() == MENU_KEYS
    assert chat.session is not None and chat.session.node == "menu"


@pytest.mark.parametrize("answer", ["1.", "1)", " 1 ", "１"])
def test_numbers_with_punctuation_or_wide_digits_select(resources: Resources, answer: str) -> None:
    """ "1.", "1)" and a full-width digit all pick the first option."""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.send(answer)
    assert "Check a job offer" in chat.text()


def test_bad_input_is_answered_in_the_users_language(resources: Resources) -> None:
    """The notice for a wrong answer is translated, here into Tajik."""
    chat = Dialogue(resources)
    chat.send("салом")
    chat.send(str(len(MENU_KEYS) + 1))
    assert "нафаҳмидам" in chat.text()


def test_media_gets_a_text_please(resources: Resources) -> None:
    """A photo or voice note at a choice gets a localised request for text."""
    chat = Dialogue(resources)
    chat.send("Здравствуйте")
    chat.send(media="voice")
    assert "голосовые" in chat.text()


def test_stop_on_sms_silences_until_start(resources: Resources) -> None:
    """After STOP an SMS contact gets nothing until START (opt-out rules)."""
    chat = Dialogue(resources, channel="sms", address="+992931234567")
    chat.send("salom")
    chat.send("STOP")
    assert _status(chat) is Status.STOPPED
    assert chat.send("1") == []
    assert chat.send("hello?") == []
    chat.send("start")
    assert _status(chat) is Status.ACTIVE
    assert chat.rendered()[0].startswith("Safar: кори бехатар")


def test_emergency_is_answered_even_when_stopped(resources: Resources) -> None:
    """Someone who once opted out and now writes "ёрӣ" still gets emergency numbers."""
    chat = Dialogue(resources, channel="sms", address="+992931234567")
    chat.send("salom")
    chat.send("бас")
    assert "112" in chat.send("ёрӣ")[0]


def test_stop_on_telegram_resumes_when_they_write(resources: Resources) -> None:
    """On Telegram a stopped user who writes again is answered."""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.send("/stop")
    assert _status(chat) is Status.STOPPED
    assert chat.send("hello again")
    assert _status(chat) is Status.ACTIVE


@pytest.mark.parametrize("word", ["/forget", "forget", "забудь", "фаромӯш", "faromush"])
def test_forget_deletes_the_session(resources: Resources, word: str) -> None:
    """Forget ends with no session kept and a safety note in the user's language."""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.send(word)
    assert chat.last is not None and chat.last.forget
    assert "deleted" in chat.text()


def test_idle_session_restarts_at_menu(resources: Resources) -> None:
    """After long silence an answer is not applied to a forgotten question."""
    chat = Dialogue(resources)
    chat.send("hello")
    chat.send("/language")
    chat.now += resources.idle_seconds + 1
    chat.send("2")
    assert "Welcome back" in chat.text()
    assert chat.session is not None
    assert chat.session.language == "en"  # "2" was not taken as Русский
    assert chat.session.node == "menu"


def test_start_deep_link_opens_a_flow(resources: Resources) -> None:
    """/start privacy (a campaign link) opens that flow directly."""
    chat = Dialogue(resources, hint="en")
    chat.send(command="start", command_arg="privacy")
    assert "What Safar keeps" in chat.rendered()[0]


def test_unknown_deep_link_gets_the_welcome(resources: Resources) -> None:
    """/start with an unknown payload is a normal start."""
    chat = Dialogue(resources, hint="en")
    chat.send(command="start", command_arg="nonsense")
    assert chat.rendered()[0].startswith("Hello! I am Safar")


def test_input_node_stores_text_and_rejects_empty(resources: Resources) -> None:
    """A node that waits for text keeps it (bounded) and re-asks on empty or media."""
    ask = Node(
        flow="t",
        id="ask",
        say="Please write your answer as a text message.",
        input_var="answer",
        input_goto="@main.menu",
    )
    flows = dict(resources.flows.flows)
    flows["t"] = Flow(id="t", path="t.toml", start="ask", nodes={"ask": ask})
    custom = replace(resources, flows=FlowSet(flows=flows, intents=resources.flows.intents))
    chat = Dialogue(custom, hint="en")
    chat.send(command="start", command_arg="t")
    chat.send("")
    assert chat.session is not None and chat.session.node == "ask"
    chat.send(media="photo")
    assert "cannot read photos" in chat.text()
    chat.send("x" * (MAX_INPUT_CHARS + 500))
    assert chat.session.vars["answer"] == "x" * MAX_INPUT_CHARS
    assert chat.session.node == "menu"


def test_step_is_pure(resources: Resources) -> None:
    """The same session and message give the same outcome, and the input is unchanged."""
    chat = Dialogue(resources)
    chat.send("hello")
    before = chat.session
    assert before is not None
    inbound = Inbound(Contact("telegram", "100"), text="2")
    first = step(resources, before, inbound, chat.now)
    second = step(resources, before, inbound, chat.now)
    assert first == second
    assert before.node == "menu"


@pytest.mark.parametrize(
    ("channel", "first", "fields"),
    [
        ("telegram", "помогите", {}),
        ("sms", "HELP", {}),
        ("telegram", "/start report", {}),
        ("telegram", "Работа в Дубае, только девушки, предоплата 500$", {"forwarded": True}),
    ],
)
def test_every_first_reply_says_how_the_chat_is_kept(
    resources: Resources, channel: str, first: str, fields: dict[str, object]
) -> None:
    """Whatever the first message, the first reply carries the privacy notice; the
    emergency numbers still come first."""
    chat = Dialogue(resources, channel=channel, hint="ru")
    replies = chat.send(first, **fields)
    text = "\n".join(replies)
    assert "Safar" in text and ("/forget" in text or "FORGET" in text)
    if first in ("помогите", "HELP"):
        assert "112" in replies[0]
