"""The guided job-offer check in the conversation: questions, pasted and forwarded
offers, and a verdict that names and explains every red flag."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from bot.actions.job import offer_verdict
from bot.engine.actions import ActionContext
from bot.engine.cost import flow_costs
from bot.engine.model import Session
from bot.engine.resources import Resources
from bot.i18n.render import translate
from tests.conftest import FIXED_NOW
from tests.support.dialogue import Dialogue
from tests.support.menu import menu_number

YES, NO = "1", "2"
NEITHER = "4"  # the pay question: neither very high nor paid only at the end


def _start(resources: Resources, language_hint: str = "en", channel: str = "telegram") -> Dialogue:
    chat = Dialogue(
        resources,
        hint=language_hint,
        channel=channel,
        address="+992931115555" if channel == "sms" else "100",
    )
    chat.send({"en": "hello", "ru": "Здравствуйте", "tg": "салом"}[language_hint])
    chat.send(menu_number("@job"))
    return chat


def _asked(chat: Dialogue) -> str:
    assert chat.session is not None and chat.session.node is not None
    return chat.session.node


def test_questions_adapt_to_the_destination(resources: Resources) -> None:
    """Russia asks about military work, Korea about EPS, Asia about online jobs."""
    asked = {}
    for destination, number in (("RU", "1"), ("KR", "5"), ("ASIA", "6")):
        chat = _start(resources)
        chat.send(number)
        for _ in range(9):  # who, employer and 7 more common questions
            chat.send("2")
        asked[destination] = _asked(chat)
    assert asked == {"RU": "military", "KR": "eps", "ASIA": "online"}


def test_a_complete_check_names_and_explains_every_flag(resources: Resources) -> None:
    """Answers with red flags give a danger verdict, each flag explained."""
    chat = _start(resources)
    # Russia, an agency they can name, a fee, the passport kept; a contract and a permit
    answers = ["1", "3", YES, YES, YES, YES, YES, NO, NEITHER, NO, NO]
    for answer in answers:
        chat.send(answer)
    assert _asked(chat) == "agency"
    chat.send("Some Agency")
    assert _asked(chat) == "licence"
    chat.send(NO)
    text = chat.text()
    assert text.startswith("Danger: passport kept, fee or deposit, agency without licence")
    assert "No employer may do that" in text  # passport explained
    assert "do not pay" in text  # fee explained
    assert "Use only licensed agencies" in text
    assert "migration.tj" in text  # how to check a licence
    assert chat.session is not None and chat.session.vars["verdict"] == "danger"
    # Instead of the menu, a caseworker is offered; the answers go only if chosen.
    assert (chat.session.flow, chat.session.node) == ("report", "offer")
    assert chat.option_keys() == ["with", "without"]


def test_a_clean_offer_is_low_and_names_its_evidence(resources: Resources) -> None:
    """No flags and a contract, a permit, a known employer: "low", naming each."""
    chat = _start(resources, "ru")
    for answer in ["2", "4", YES, NO, NO, YES, YES, NO, NEITHER, NO]:  # Kazakhstan, ...
        chat.send(answer)
    text = chat.text()
    assert text.startswith("Низкий риск: тревожных признаков нет, и есть:")
    assert "письменный договор до выезда" in text
    assert "работодатель с названием и адресом" in text


def test_not_sure_is_missing_never_no(resources: Resources) -> None:
    """ "Not sure" to the key questions is not an all-clear: at least caution, and what
    to ask."""
    chat = _start(resources)
    for answer in ["2", "4", "3", "3", "3", "3", "3", "3", "5", "3"]:  # Kazakhstan, ...
        chat.send(answer)
    text = chat.text()
    assert text.startswith("You could not say if there is a fee")
    assert "Ask for the employer's name and address" in text
    assert chat.session is not None and chat.session.vars["verdict"] == "caution"
    assert "No known" not in text


def test_a_bare_offer_is_not_enough_to_judge(resources: Resources) -> None:
    """No flag and no evidence: "not enough information" and what to ask, never "no
    signs"."""
    node = resources.flows.node("job.verdict")
    assert node is not None
    answers = {"a_dest": "RU", "a_fee": "no", "a_passport": "no", "a_contract": "unsure"}
    session = Session(language="en", vars=MappingProxyType(answers))
    result = offer_verdict(ActionContext(session, node, resources, FIXED_NOW, "telegram"))
    shown = [translate(resources.catalogs, "en", text) for text in result.says[0].texts]
    assert shown[0].startswith("Not enough information to judge this offer.")
    assert shown[-1].startswith("Ask for the employer's name and address")
    assert result.vars["verdict"] == "unknown"


def test_evidence_in_a_pasted_offer_answers_its_question(resources: Resources) -> None:
    """ "A written contract signed before departure" is not asked again; silence is."""
    chat = _start(resources)
    chat.send(
        "Warehouse work in Almaty, LLP Sklad Service, 12 Abai street. A written contract "
        "is signed in Dushanbe before departure."
    )
    assert chat.session is not None
    assert chat.session.vars.get("a_contract") == "yes"
    assert chat.session.vars.get("a_fee", "") == ""  # not said: still asked


def test_wages_only_at_the_end_is_asked_with_the_pay(resources: Resources) -> None:
    """One question covers both pay flags: "only at the end" is named and explained."""
    chat = _start(resources)
    for answer in ["2", "4", YES, NO, NO, YES, YES, NO]:  # Kazakhstan, the employer, ...
        chat.send(answer)
    assert _asked(chat) == "pay"
    assert chat.option_keys() == ["high", "end", "both", "neither", "unsure"]
    chat.send("2")  # paid only at the end
    chat.send(NO)  # no pressure
    text = chat.text()
    assert text.startswith("Caution: wages only at the end.")
    assert chat.session is not None and chat.session.vars["a_wages"] == "yes"


def test_a_pasted_offer_keeps_its_wage_flag_whatever_the_pay_answer(
    resources: Resources,
) -> None:
    """The text said "paid at the end of the season": answering "very high" keeps it."""
    chat = _start(resources)
    chat.send("Work in Kazakhstan on a farm, salary paid at the end of the season")
    while chat.session is not None and _asked(chat) != "pay":
        chat.send(NO if _asked(chat) != "who" else "4")
    chat.send("1")  # very high pay
    while chat.session is not None and chat.session.node not in ("menu", "offer"):
        chat.send(NO)
    assert "wages only at the end" in chat.text() and "pay too good" in chat.text()


def test_pasted_offer_answers_its_questions(resources: Resources) -> None:
    """A pasted offer is read: only what it did not say is asked."""
    chat = _start(resources, "tg")
    chat.send("Кор дар Дубай, танҳо духтарони ҷавон, раводиди сайёҳӣ, пешпардохт 500 доллар")
    assert chat.session is not None
    assert chat.session.vars["a_dest"] == "AE"
    asked: list[str] = []
    while chat.session.node not in ("menu", "offer") and len(asked) < 12:
        asked.append(_asked(chat))
        chat.send("2")
    assert "dest" not in asked and "fee" not in asked and "permit" not in asked
    assert "women" not in asked
    assert asked[0] == "who"
    assert chat.rendered()[0].startswith("Хатар:")
    assert "offer_text" not in chat.session.vars or not chat.session.vars["offer_text"]


def test_forwarded_message_starts_a_check_from_anywhere(resources: Resources) -> None:
    """A forwarded Telegram post is checked, even from the middle of another flow."""
    chat = Dialogue(resources, hint="ru")
    chat.send("Здравствуйте")
    chat.send("/language")
    chat.send(text="Работа в Таиланде, онлайн-оператор, 1500$, билет бесплатно", forwarded=True)
    assert chat.session is not None
    assert chat.session.vars["a_dest"] == "ASIA"
    assert chat.session.vars["a_online"] == "yes"
    assert _asked(chat) == "who"


def test_a_short_wrong_answer_is_not_read_as_an_offer(resources: Resources) -> None:
    """ "hmm" at the destination question re-asks; it is not an offer to read."""
    chat = _start(resources)
    chat.send("hmm")
    assert _asked(chat) == "dest"
    assert "Choose one of these" in chat.text() or "found nothing" in chat.text()


def test_a_new_check_forgets_the_last_answers(resources: Resources) -> None:
    """Starting again asks everything again."""
    chat = _start(resources)
    for answer in ["1", "1", YES]:
        chat.send(answer)
    chat.send("/menu")
    chat.send(menu_number("@job"))
    assert _asked(chat) == "dest"
    assert chat.session is not None and chat.session.vars["a_fee"] == ""


@pytest.mark.parametrize("language", ["tg", "ru"])
def test_typical_sms_check_costs_at_most_12_segments(resources: Resources, language: str) -> None:
    """Every question fits one SMS; a typical check with its verdict costs at most 12."""
    costs = {(c.flow, c.language): c for c in flow_costs(resources, 2, FIXED_NOW)}
    assert costs["job", language].typical <= 12


def test_sms_verdict_is_paged_with_more(resources: Resources) -> None:
    """Over SMS the verdict's first page names the flags; the rest follows on MORE."""
    chat = _start(resources, "tg", channel="sms")
    for answer in ["1", "1", YES, YES, YES, YES, NO, YES, YES, YES, YES]:
        chat.send(answer)
    first = chat.says[0]
    assert first.sms_summary_first
    assert first.texts[0].sms is not None and "{top}" in first.texts[0].sms
