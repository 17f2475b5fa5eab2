"""The report flow through the pure engine: safety first, skippable, nothing kept unsent,
and a priority from the answers and the person's words."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from bot.actions.report import report_zone, to_caseworker
from bot.engine.actions import ActionContext
from bot.engine.model import CaseRequest, Session
from bot.engine.resources import CASE_VAR, Resources
from bot.hotline.report import report_indicators, report_priority
from tests.conftest import FIXED_NOW
from tests.support.dialogue import Dialogue
from tests.support.menu import menu_number


def _in_report(resources: Resources, language: str = "en", channel: str = "telegram") -> Dialogue:
    chat = Dialogue(resources, hint=language, channel=channel)
    chat.send({"en": "hello", "ru": "здравствуйте", "tg": "салом"}[language])
    chat.send(menu_number("@report"))
    return chat


def _report_vars(chat: Dialogue) -> dict[str, str]:
    assert chat.session is not None
    return {k: v for k, v in chat.session.vars.items() if k.startswith("r_") and v}


def test_the_first_question_is_whether_it_is_safe_to_write(resources: Resources) -> None:
    """Before anything else: are you safe to write now?"""
    chat = _in_report(resources)
    assert chat.text().startswith("You can tell a caseworker what is happening.")
    assert chat.option_keys() == ["yes", "danger", "no"]


def test_danger_now_shows_the_emergency_numbers_at_once(resources: Resources) -> None:
    """ "I am in danger now": numbers first, then the next question; not shown twice."""
    chat = _in_report(resources)
    first, second = chat.press("danger")
    assert first.startswith("If you can, call now:") and "112" in first
    assert second.startswith("Is this phone only yours")
    chat.press("own")
    chat.press("self")
    replies = chat.press("locked")  # another P1 answer: the numbers were already shown
    assert not any("call now" in r for r in replies)
    assert report_priority(chat.session.vars if chat.session else {}) == "P1"


def test_not_safe_now_ends_with_advice_and_keeps_nothing(resources: Resources) -> None:
    chat = _in_report(resources, "ru")
    replies = chat.press("no")
    assert replies[0].startswith("Тогда остановитесь здесь.")
    assert chat.session is not None and chat.session.node == "menu"
    assert _report_vars(chat) == {}


@pytest.mark.parametrize("leave", ["/menu", "stop", "/forget"])
def test_leaving_a_report_midway_keeps_none_of_it(resources: Resources, leave: str) -> None:
    """Menu, STOP or /forget in the middle: the answers given so far are gone."""
    chat = _in_report(resources)
    chat.press("yes")
    chat.press("shared")
    chat.press("relative")
    chat.press("debt")
    assert _report_vars(chat)["r_i_debt"] == "yes"
    chat.send(leave)
    assert chat.session is None or _report_vars(chat) == {}


def test_a_shared_phone_never_gets_a_broadcast(resources: Resources) -> None:
    """ "Others may read it": the contact is marked unsafe for safety-tip broadcasts."""
    chat = _in_report(resources, "tg", channel="sms")
    for answer in ("1", "2", "4", "9", "3", "0", "7", "0", "2", "1"):
        chat.send(answer)  # safe, others may read the phone, ..., anonymous, send
    assert chat.session is not None and chat.session.vars["contact_safe"] == "no"


def test_every_question_can_be_skipped(resources: Resources) -> None:
    """Skip, Other, 0: a report with nothing in it still reaches a person, as P4."""
    chat = _in_report(resources, "tg", channel="sms")
    for answer in ("1", "3", "4", "9", "3", "0", "7", "0", "1", "1", "0"):
        chat.send(answer)  # yes, skip, skip, other, skip, 0, elsewhere, 0, contact, ...
    assert chat.session is not None and chat.session.node == "confirm"
    chat.send("1")
    requests = [e for e in chat.last.effects if isinstance(e, CaseRequest)] if chat.last else []
    assert [r.kind for r in requests] == ["open"]
    assert requests[0].data["priority"] == "P4" and requests[0].data["text"] == ""


@pytest.mark.parametrize(
    ("answers", "priority"),
    [
        ({"r_i_locked_in": "yes"}, "P1"),
        ({"r_i_child": "yes", "r_when": "over"}, "P3"),
        ({"r_safe": "danger", "r_when": "over"}, "P1"),  # in danger now outweighs "over"
        ({"r_i_unpaid": "yes"}, "P2"),
        ({"r_i_documents_taken": "yes", "r_when": "over"}, "P3"),
        ({}, "P4"),
        ({"r_text": "0"}, "P4"),  # skipped
        ({"r_text": "they beat us and keep our passports"}, "P1"),
        ({"r_text": "Хозяин не платит, паспорт у бригадира"}, "P2"),
        ({"r_text": "shinosnomaamro giriftand, hozir dar Moskva"}, "P2"),
        ({"r_text": "в прошлом году не платили, сейчас я дома"}, "P3"),
    ],
)
def test_priority_from_answers_and_words(answers: dict[str, str], priority: str) -> None:
    assert report_priority(answers) == priority


def test_indicators_keep_their_evidence() -> None:
    """A closed answer is "answer"; free text keeps the words that showed it."""
    found = report_indicators({"r_i_debt": "yes", "r_text": "меня избили вчера"})
    assert found["debt"] == "answer"
    assert "избил" in found["violence"]


def _talk(text: str, case: str = "C-1001") -> ActionContext:
    from bot.config.settings import load_settings  # noqa: PLC0415

    resources = Resources.load(load_settings(env={}))
    node = resources.flows.node("case.relay")
    assert node is not None
    session = Session("tg", vars=MappingProxyType({CASE_VAR: case, "c_message": text}))
    return ActionContext(session, node, resources, FIXED_NOW)


def test_in_the_case_chat_zero_is_the_menu_and_words_go_to_the_caseworker() -> None:
    """SMS users type 0 for the menu; anything else is relayed."""
    assert to_caseworker(_talk("0")).exit == "menu"
    relayed = to_caseworker(_talk("Ман дар Москва ҳастам"))
    assert relayed.exit == "sent"
    assert relayed.effects == (
        CaseRequest("message", MappingProxyType({"text": "Ман дар Москва ҳастам"})),
    )
    assert to_caseworker(_talk("салом", case="")).exit == "none"


def _to_hours(chat: Dialogue, who: str, country: str, city: str) -> None:
    """Through a report on Telegram to "When is it safe to write to you?"."""
    for choice in ("yes", "own", who, "unpaid", "done", "now"):
        chat.press(choice)
    chat.send("Не платят третий месяц")
    chat.press(country)
    chat.send(city)
    chat.press("contact")
    assert chat.session is not None and chat.session.node == "window"


@pytest.mark.parametrize(
    ("who", "country", "city", "asked"),
    [
        ("relative", "RU", "Москва", True),  # the relative is not in Moscow
        ("self", "elsewhere", "0", True),  # no place we know
        ("self", "RU", "Новосибирск", False),  # the city tells the zone
        ("self", "RU", "0", True),  # Russia has eleven zones: no city, no zone
        ("self", "RU", "Анадырь", False),
        ("self", "RU", "Кызыл", False),
        ("self", "RU", "посёлок у трассы", True),  # a place the table does not know
        ("self", "TR", "0", False),  # Türkiye has one zone: the country tells it
    ],
)
def test_mornings_ask_the_persons_clock_when_nothing_tells_it(
    resources: Resources, who: str, country: str, city: str, asked: bool
) -> None:
    chat = _in_report(resources)
    _to_hours(chat, who, country, city)
    reply = chat.press("morning")
    assert chat.session is not None
    assert (chat.session.node == "clock") is asked
    assert reply[0].startswith("What time is it where you are now?") is asked


def test_the_clock_answer_becomes_the_cases_zone(resources: Resources) -> None:
    """12:00 UTC here; "17:02" there is UTC+5. One unreadable answer is asked again."""
    chat = _in_report(resources)
    _to_hours(chat, "relative", "RU", "Москва")
    chat.press("morning")
    again = chat.send("не знаю")
    assert again[0].startswith("Please send the time as hours and minutes")
    chat.send("17:02")
    assert chat.session is not None and chat.session.node == "codeword"
    chat.send("0")
    chat.press("send")
    requests = [e for e in chat.last.effects if isinstance(e, CaseRequest)] if chat.last else []
    assert requests[0].data["zone"] == "Asia/Dushanbe"


def test_sms_and_any_time_never_ask_the_clock(resources: Resources) -> None:
    """ "Any time" needs no clock; on SMS the phone's country stands in (a segment saved)."""
    chat = _in_report(resources)
    _to_hours(chat, "relative", "RU", "Москва")
    chat.press("any")
    assert chat.session is not None and chat.session.node == "codeword"
    node = resources.flows.node("report.zone_gate")
    assert node is not None
    relative = Session("ru", vars=MappingProxyType({"r_who": "relative", "r_window": "morning"}))
    on = {
        c: report_zone(ActionContext(relative, node, resources, FIXED_NOW, c)).exit
        for c in ("telegram", "sms")
    }
    assert on == {"telegram": "ask", "sms": "known"}
