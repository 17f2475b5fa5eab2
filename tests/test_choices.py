"""Answers people actually type: yes and no in every form, close spellings, "Did you mean".

Every table is run through the engine (step), as tests/test_engine.py does: a session
waits at a node, a person types, and the outcome is compared with pressing a button.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.engine.choices import (
    CONFIRM_VAR,
    MARGIN,
    REASK_KEY,
    SURE,
    UNSURE,
    Answers,
    AnswersError,
    key_of,
    meanings,
    score,
)
from bot.engine.loader import FlowFileError, load_flow, load_flows
from bot.engine.model import ChoiceRef, Contact, Inbound, LanguageSource, Node, Session, Status
from bot.engine.resources import Resources
from bot.engine.step import Outcome, _Run, step
from tests.conftest import FIXED_NOW
from tests.support.dialogue import Dialogue

# Every yes/no question of the shipped flows, with the choices yes and no choose.
YES_NO_NODES = {
    "emergency.now": ("yes", "no"),
    "emergency.offer": ("yes", "no"),
    "emergency.offer_help": ("yes", "no"),
    **{
        f"job.{question}": ("yes", "no")
        for question in (
            "employer fee passport contract permit travel pressure military eps women "
            "online third licence"
        ).split()
    },
    "privacy.forget_case": ("keep", "delete"),
    "privacy.erase_confirm": ("yes", "no"),
    "report.safe": ("yes", "no"),
    "report.when": ("now", "over"),
    "report.consent": ("contact", "anonymous"),
    "report.confirm": ("send", "delete"),
    "tips.ask": ("yes", "no"),
}

# (word, script): Tajik in Tajik letters, on a Russian keyboard and in Latin; Russian in
# Cyrillic and in Latin; English.
YES_WORDS = [
    ("ҳа", "tg"),
    ("ҳо", "tg"),
    ("бале", "tg"),
    ("бали", "tg"),
    ("ҳа-ҳа", "tg"),
    ("хуб", "tg"),
    ("розӣ", "tg"),
    ("майлаш", "tg"),
    ("Ҳа!", "tg"),
    ("ха", "tg, Russian keyboard"),
    ("хо", "tg, Russian keyboard"),
    ("ха-ха", "tg, Russian keyboard"),
    ("рози", "tg, Russian keyboard"),
    ("ha", "tg, Latin"),
    ("xa", "tg, Latin"),
    ("ho", "tg, Latin"),
    ("bale", "tg, Latin"),
    ("xub", "tg, Latin"),
    ("khub", "tg, Latin"),
    ("rozi", "tg, Latin"),
    ("maylash", "tg, Latin"),
    ("да", "ru"),
    ("Да.", "ru"),
    ("ага", "ru"),
    ("угу", "ru"),
    ("конечно", "ru"),
    ("ок", "ru"),
    ("да да", "ru"),
    ("da", "ru, Latin"),
    ("aga", "ru, Latin"),
    ("konechno", "ru, Latin"),
    ("yes", "en"),
    ("YES", "en"),
    ("yeah", "en"),
    ("yep", "en"),
    ("sure", "en"),
    ("ok", "en"),
    ("OK!", "en"),
    ("okay", "en"),
]
NO_WORDS = [
    ("не", "tg"),
    ("нее", "tg"),
    ("нест", "tg"),
    ("на", "tg"),
    ("нахайр", "tg"),
    ("не не", "tg"),
    ("Не!", "tg"),
    ("ne", "tg, Latin"),
    ("nest", "tg, Latin"),
    ("na", "tg, Latin"),
    ("nahayr", "tg, Latin"),
    ("naxayr", "tg, Latin"),
    ("нет", "ru"),
    ("Нет.", "ru"),
    ("неа", "ru"),
    ("нет нет", "ru"),
    ("net", "ru, Latin"),
    ("nea", "ru, Latin"),
    ("no", "en"),
    ("NO", "en"),
    ("nope", "en"),
    ("nah", "en"),
]


def _at(node_ref: str, language: str = "en") -> Session:
    flow, _, node = node_ref.partition(".")
    return Session(
        language=language,
        language_source=LanguageSource.CHOSEN,
        flow=flow,
        node=node,
        updated_at=FIXED_NOW,
    )


def _send(resources: Resources, session: Session, text: str, channel: str = "telegram") -> Outcome:
    return step(resources, session, Inbound(Contact(channel, "100"), text=text), FIXED_NOW)


def _press(resources: Resources, session: Session, node_ref: str, key: str) -> Outcome:
    inbound = Inbound(Contact("telegram", "100"), choice=ChoiceRef(node_ref, key))
    return step(resources, session, inbound, FIXED_NOW)


def _node(resources: Resources, ref: str) -> Node:
    node = resources.flows.node(ref)
    assert node is not None, ref
    return node


def _reading(resources: Resources, ref: str, text: str, language: str = "en") -> tuple[str, str]:
    """(sure key, unsure key) of a typed text at a node, "" for none."""
    run = _Run(resources, _at(ref, language), FIXED_NOW, "telegram")
    reading = run.read_option(_node(resources, ref), text)
    return reading.key or "", reading.unsure or ""


def _chat_at(resources: Resources, ref: str, language: str = "en", **fields: object) -> Dialogue:
    chat = Dialogue(resources, **fields)  # type: ignore[arg-type]
    chat.session = _at(ref, language)
    return chat


# --- yes and no ------------------------------------------------------------------------


def test_every_yes_no_question_is_marked(resources: Resources) -> None:
    """The yes/no questions of the flows say which choice is yes and which is no."""
    found = {
        node.ref: (meanings(node)["yes"], meanings(node)["no"])
        for flow in resources.flows.flows.values()
        for node in flow.nodes.values()
        if set(meanings(node)) == {"yes", "no"}
    }
    assert found == YES_NO_NODES


@pytest.mark.parametrize(("word", "script"), YES_WORDS + NO_WORDS)
def test_yes_and_no_words_answer_every_yes_no_question(
    resources: Resources, word: str, script: str
) -> None:
    """Typing a yes or no word does what pressing the yes or no button does, on every node."""
    meaning = "yes" if (word, script) in YES_WORDS else "no"
    for ref, (yes, no) in YES_NO_NODES.items():
        for language in ("tg", "ru", "en"):
            session = _at(ref, language)
            typed = _send(resources, session, word)
            pressed = _press(resources, session, ref, yes if meaning == "yes" else no)
            assert typed == pressed, (ref, language, word)


def test_no_alone_answers_a_question_with_only_a_no(resources: Resources) -> None:
    """ "Anything else?" has "That is all" for no and no single yes."""
    assert _reading(resources, "report.what_more", "нет") == ("done", "")
    assert _reading(resources, "report.what_more", "ҳа") == ("", "")


@pytest.mark.parametrize("word", ["ҳа", "да", "yes", "не", "нет", "no"])
def test_yes_and_no_do_not_answer_other_questions(resources: Resources, word: str) -> None:
    """Where no choice means yes or no ("Who offered the job?"), the words choose nothing."""
    assert _reading(resources, "job.who", word) == ("", "")


def test_yes_and_no_in_a_conversation(resources: Resources) -> None:
    """ "ҳа" to the danger question and "не" to the offer, in Tajik."""
    chat = _chat_at(resources, "emergency.now", "tg")
    chat.send("ҳа")
    assert chat.session is not None
    assert chat.session.vars.get("heard_now") == "yes"
    chat = _chat_at(resources, "tips.ask", "ru")
    chat.send("да")
    assert chat.last is not None
    assert "subscribe" in [str(e) for e in chat.last.effects]


def test_a_label_still_wins_over_a_yes_word(resources: Resources) -> None:
    """The buttons' own words are read first: "Не знаю" is "Not sure", not "no"."""
    assert _reading(resources, "job.fee", "не знаю") == ("unsure", "")
    assert _reading(resources, "job.fee", "namedonam") == ("unsure", "")


# --- close spellings, words of a label and synonyms --------------------------------------

SURE_MATCHES = [
    # node, typed, the choice
    ("job.dest", "Туркия", "tr"),
    ("job.dest", "turkiya", "tr"),
    ("job.dest", "Турция", "tr"),
    ("job.dest", "Turkey", "tr"),  # a keyword
    ("job.dest", "turkiye", "tr"),  # ü needs no dots
    ("job.dest", "туркя", "tr"),  # a letter left out
    ("job.dest", "turkia", "tr"),
    ("job.dest", "kazakhstan", "kz"),
    ("job.dest", "казахстан", "kz"),
    ("job.dest", "қазоқистон", "kz"),
    ("job.dest", "kazaxstan", "kz"),
    ("job.dest", "qozoqiston", "kz"),
    ("job.dest", "Дубай", "ae"),  # a keyword
    ("job.dest", "Москва", "ru"),
    ("job.dest", "рф", "ru"),  # short keywords match exactly
    ("job.dest", "korean", "kr"),
    ("job.dest", "осие", "asia"),  # ё typed as е
    ("job.who", "агенство", "agency"),
    ("job.who", "интернэт", "online"),  # one word of "Аз интернет"
    ("job.who", "internet", "online"),
    ("job.who", "работадатель", "employer"),
    ("job.who", "друг", "friend"),
    ("job.fee", "незнаю", "unsure"),  # "не знаю" without its space
    ("report.what", "ребенок", "child"),  # "Ребёнок" typed with е
    ("report.what", "долг", "debt"),
    ("report.confirm", "удалить", "delete"),  # "Удалить, не отправлять"
    ("report.confirm", "нафиристед", "delete"),
    ("report.safe", "небезопасно", "no"),
    ("report.safe", "метавонам", "yes"),
    ("tips.ask", "фиристед", "yes"),
    ("learn.before", "пасспорт", "passport"),
    ("learn.before", "pasport", "passport"),
    ("learn.legal", "Туркия", "turkiye"),
    ("learn.legal", "kazakhstan", "kazakhstan"),
    ("main.menu", "санчиш", "@job"),
]


@pytest.mark.parametrize(("ref", "typed", "key"), SURE_MATCHES)
def test_labels_words_synonyms_and_typos_choose(
    resources: Resources, ref: str, typed: str, key: str
) -> None:
    """A label in any language and script, one of its words, a keyword or a small typo."""
    assert _reading(resources, ref, typed) == (key, "")


@pytest.mark.parametrize(("ref", "typed"), [("job.dest", "Туркя"), ("job.who", "интернэт")])
def test_a_close_spelling_is_chosen_in_the_engine(
    resources: Resources, ref: str, typed: str
) -> None:
    """The engine takes a sure reading at once, as if the button were pressed."""
    key = _reading(resources, ref, typed)[0]
    session = _at(ref, "tg")
    assert _send(resources, session, typed) == _press(resources, session, ref, key)


UNSURE_MATCHES = [
    ("job.dest", "казакстан", "kz"),  # one wrong letter in nine
    ("job.dest", "kazakstan", "kz"),
    ("report.safe", "хатар", "danger"),  # "Ҳозир дар хатарам"
    ("report.safe", "опасно", "danger"),  # "Я в опасности"
    ("report.safe", "могу писать", "yes"),
]


@pytest.mark.parametrize(("ref", "typed", "key"), UNSURE_MATCHES)
def test_an_unsure_spelling_is_asked_about(
    resources: Resources, ref: str, typed: str, key: str
) -> None:
    """Between the two cut-offs the choice is not taken but asked about."""
    assert _reading(resources, ref, typed) == ("", key)


NEAR_MISSES = [
    # A negation is never dropped: these are not the negative choice.
    ("job.fee", "знаю"),  # not "Не знаю"
    ("tips.ask", "советы"),  # not "Без советов"
    ("tips.ask", "маслиҳат"),  # not "Маслиҳат лозим нест"
    ("report.safe", "безопасно"),  # not "небезопасно"
    ("report.safe", "бехатар"),  # not "Ҳозир бехатар нест"
    ("report.safe", "сейчас"),  # a word beside a negation is not the answer
    ("report.confirm", "отправлять"),  # "Удалить, не отправлять" negates it
    # Short words are never fuzzy.
    ("job.dest", "кор"),
    ("job.dest", "бос"),
    ("job.dest", "kaz"),
    ("job.dest", "руз"),
    ("report.what", "дол"),
    # Too far from any label.
    ("job.dest", "стоп"),
    ("job.dest", "старт"),
    ("job.dest", "корм"),
    ("job.dest", "Туретчина"),
    ("main.menu", "патент"),
    ("main.menu", "паспорт"),
    # A shared word is no clear winner ("дар бораи ..." starts three labels).
    ("report.who", "бораи"),
    # A long message is an account or an offer, never a typo.
    ("job.dest", "работа в казахстан на стройке без договора"),
]


@pytest.mark.parametrize(("ref", "typed"), NEAR_MISSES)
def test_near_misses_choose_nothing(resources: Resources, ref: str, typed: str) -> None:
    """Negations, short words, distant words and long messages neither choose nor ask."""
    assert _reading(resources, ref, typed) == ("", "")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("бас", "бос"),
        ("кор", "кур"),
        ("стоп", "старт"),
        ("стоп", "стап"),
        ("ҳа", "на"),
        ("дар", "дор"),
        ("кора", "кура"),
        ("1500", "150"),
        ("2024", "2025"),
    ],
)
def test_short_words_and_numbers_stay_apart(one: str, other: str) -> None:
    """Below the lower cut-off: three letters never, four letters not for one wrong letter."""
    assert score(key_of(one), key_of(other)) < UNSURE


def test_cut_offs_are_ordered() -> None:
    """The sure cut-off is above the unsure one, and the margin is at least a typo."""
    assert 0 < UNSURE < SURE <= 100
    assert MARGIN >= 100 - SURE


# --- "Did you mean" ------------------------------------------------------------------------


def test_unsure_asks_did_you_mean_with_yes_and_no(resources: Resources) -> None:
    """The question names the label in the person's language, with Yes and No buttons."""
    chat = _chat_at(resources, "job.dest", "tg")
    replies = chat.send("казакстан")
    assert replies == ["Манзуратон «Қазоқистон» аст?\n[Ҳа] [Не]"]
    assert chat.option_keys() == ["kz", REASK_KEY]
    assert chat.session is not None
    assert chat.session.vars[CONFIRM_VAR] == "kz"
    assert chat.session.node == "dest"


@pytest.mark.parametrize("answer", ["ҳа", "ha", "да", "yes", "1"])
def test_yes_to_did_you_mean_chooses_it(resources: Resources, answer: str) -> None:
    """Any yes word, or 1, chooses the choice asked about."""
    chat = _chat_at(resources, "job.dest", "ru")
    chat.send("kazakstan")
    chat.send(answer)
    assert chat.session is not None
    assert chat.session.vars.get("a_dest") == "KZ"
    assert CONFIRM_VAR not in chat.session.vars
    assert chat.session.node != "dest"


def test_pressing_yes_chooses_it(resources: Resources) -> None:
    """The Yes button is the choice itself."""
    chat = _chat_at(resources, "job.dest", "en")
    chat.send("kazakstan")
    chat.press("kz")
    assert chat.session is not None
    assert chat.session.vars.get("a_dest") == "KZ"


@pytest.mark.parametrize("answer", ["не", "нет", "no", "2"])
def test_no_to_did_you_mean_asks_the_question_again(resources: Resources, answer: str) -> None:
    """A no word, or 2, asks the node's own question again with its choices."""
    chat = _chat_at(resources, "job.dest", "ru")
    chat.send("kazakstan")
    replies = chat.send(answer)
    assert "Где работа?" in replies[0]
    assert "[Казахстан]" in replies[0]
    assert chat.session is not None
    assert chat.session.node == "dest"
    assert CONFIRM_VAR not in chat.session.vars
    assert "a_dest" not in chat.session.vars or not chat.session.vars["a_dest"]


def test_pressing_no_asks_the_question_again(resources: Resources) -> None:
    """The No button asks again too."""
    chat = _chat_at(resources, "job.dest", "en")
    chat.send("kazakstan")
    chat.press(REASK_KEY)
    assert "Where is the job?" in chat.text()
    assert chat.option_keys()[:2] == ["ru", "kz"]


@pytest.mark.parametrize(
    ("answer", "dest"),
    [("Russia", "RU"), ("Туркия", "TR"), ("5", "KR")],  # a label, a spelling, a number
)
def test_anything_else_after_did_you_mean_is_a_fresh_answer(
    resources: Resources, answer: str, dest: str
) -> None:
    """Another answer is read against the node as if nothing had been asked."""
    chat = _chat_at(resources, "job.dest", "en")
    chat.send("kazakstan")
    chat.send(answer)
    assert chat.session is not None
    assert chat.session.vars.get("a_dest") == dest
    assert CONFIRM_VAR not in chat.session.vars


def test_the_pending_question_is_forgotten_after_any_message(resources: Resources) -> None:
    """A fresh message that matches nothing, or /menu, drops the question; a later "ҳа"
    is only an answer to the node."""
    chat = _chat_at(resources, "job.dest", "en")
    chat.send("kazakstan")
    chat.send("xyz")
    assert chat.session is not None
    assert CONFIRM_VAR not in chat.session.vars
    chat.send("ҳа")
    assert chat.session.vars.get("a_dest", "") == ""
    assert chat.session.node == "dest"

    chat = _chat_at(resources, "job.dest", "en")
    chat.send("kazakstan")
    chat.send("/menu")
    assert chat.session is not None
    assert CONFIRM_VAR not in chat.session.vars
    assert chat.session.node == "menu"


def test_did_you_mean_on_sms_is_numbered(resources: Resources) -> None:
    """On SMS the question lists 1 and 2, with no menu entry, and 1 chooses."""
    chat = _chat_at(resources, "job.dest", "ru", channel="sms", address="+79161234567")
    replies = chat.send("kazakstan")
    assert replies == ["Вы имели в виду «Казахстан»?\n1 Да\n2 Нет"]
    chat.send("1")
    assert chat.session is not None
    assert chat.session.vars.get("a_dest") == "KZ"


def test_did_you_mean_on_a_yes_no_question(resources: Resources) -> None:
    """A yes to "Did you mean" answers that question, not the node's own yes choice."""
    chat = _chat_at(resources, "report.safe", "ru")
    chat.send("опасно")
    assert chat.session is not None
    assert chat.session.vars[CONFIRM_VAR] == "danger"
    chat.send("да")
    assert chat.session.vars.get("r_safe") == "danger"


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"), [("1", "yes"), ("2", "no"), ("3", "unsure"), ("2.", "no"), ("４", "")]
)
def test_a_number_presses_that_button(resources: Resources, typed: str, key: str) -> None:
    """A number is a position, never a yes, a no or a spelling; past the last, nothing."""
    assert _reading(resources, "job.fee", typed) == (key, "")


@pytest.mark.parametrize("typed", ["12", "150", "1500", "0"])
def test_numbers_never_fuzzy_match(resources: Resources, typed: str) -> None:
    """Digits past the options choose nothing: no label is "close" to a number."""
    assert _reading(resources, "job.dest", typed) == ("", "")


# --- global words come first ----------------------------------------------------------------

STOP_WORDS = [
    # Twilio's standard opt-out words
    "STOP",
    "stopall",
    "Unsubscribe",
    "cancel",
    "end",
    "quit",
    "optout",
    "revoke",
    # Russian and Tajik
    "стоп",
    "хватит",
    "Не пишите",
    "отстань",
    "отпишите",
    "бас",
    "бас аст",
    "дигар нанависед",
    "нанавис",
    "Дигар нанависед!",
    "khvatit",
]


@pytest.mark.parametrize("word", STOP_WORDS)
@pytest.mark.parametrize("ref", ["job.fee", "tips.ask", "emergency.offer"])
def test_stop_words_stop_on_sms_from_a_yes_no_question(
    resources: Resources, word: str, ref: str
) -> None:
    """STOP and its synonyms stop at once, even where "не" would be an answer."""
    outcome = _send(resources, replace(_at(ref), language="ru"), word, channel="sms")
    assert outcome.session is not None
    assert outcome.session.status is Status.STOPPED


FORGET_WORDS = [
    "маро нест кунед",
    "маълумотамро нест кунед",
    "удалите мои данные",
    "сотри меня",
    "erase me",
    "delete my data",
    "Delete my data.",
]


@pytest.mark.parametrize("word", FORGET_WORDS)
def test_forget_words_forget(resources: Resources, word: str) -> None:
    """The new forget words erase the contact, from a yes/no question too."""
    outcome = _send(resources, _at("job.fee"), word)
    assert outcome.forget


@pytest.mark.parametrize("plea", ["help", "помощь", "кумак", "помогите"])
def test_a_plea_is_never_a_close_spelling_of_a_button(resources: Resources, plea: str) -> None:
    """ "помощь" is one word of "Номера помощи", but a plea: the safety checks (emergency
    words, the listener) see no button in it, and the numbers come first."""
    run = _Run(resources, _at("main.menu", "ru"), FIXED_NOW, "telegram")
    assert run.match_option(_node(resources, "main.menu"), plea) is None
    chat = _chat_at(resources, "main.menu", "ru")
    replies = chat.send(plea)
    assert "112" in replies[0]


# --- content rules -------------------------------------------------------------------------


def _flow_file(tmp_path: Path, choices: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(
        f'[flow]\nid = "t"\nstart = "q"\n\n[nodes.q]\nsay = "Q?"\nchoices = [\n{choices}\n]\n',
        encoding="utf-8",
    )
    return path


def test_means_is_loaded(tmp_path: Path) -> None:
    """means = "yes" / "no" on a choice."""
    path = _flow_file(
        tmp_path,
        '{ id = "a", label = "A", means = "yes", goto = "q" },\n'
        '{ id = "b", label = "B", means = "no", goto = "q" },',
    )
    node = load_flow(path).nodes["q"]
    assert dict(meanings(node)) == {"yes": "a", "no": "b"}


@pytest.mark.parametrize(
    ("choices", "problem"),
    [
        (
            '{ id = "a", label = "A", means = "yes", goto = "q" },\n'
            '{ id = "b", label = "B", means = "yes", goto = "q" },',
            "choices 'a' and 'b' both mean 'yes'",
        ),
        (
            '{ id = "a", label = "A", means = "maybe", goto = "q" },',
            "'means' must be 'yes' or 'no'",
        ),
    ],
)
def test_means_is_checked(tmp_path: Path, choices: str, problem: str) -> None:
    """At most one yes and one no per node, and nothing but yes or no."""
    with pytest.raises(FlowFileError, match=problem):
        load_flow(_flow_file(tmp_path, choices))


def test_a_word_cannot_mean_yes_and_no() -> None:
    """ "хо" and "ho" are one word to the matcher; it cannot be both."""
    with pytest.raises(AnswersError, match="one word to the matcher"):
        Answers.from_words(["хо"], ["ho"])


def test_an_answer_word_caught_by_an_intent_is_refused(content_copy: Path) -> None:
    """A no word that STOP would catch first never reaches the question: refused."""
    answers = content_copy / "flows" / "answers.toml"
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace('"нахайр",', '"нахайр", "бас",'), encoding="utf-8")
    with pytest.raises(FlowFileError, match="caught by intent 'stop'"):
        load_flows(content_copy / "flows")


def test_answers_file_is_not_a_flow(resources: Resources) -> None:
    """flows/answers.toml holds words, not a flow, and they are loaded."""
    assert "answers" not in resources.flows.flows
    assert {key_of("ҳа"), key_of("да"), key_of("yes")} <= resources.flows.answers.yes
    assert {key_of("нест"), key_of("нет"), key_of("no")} <= resources.flows.answers.no
