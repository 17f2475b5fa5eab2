"""The safety listener: danger typed in one's own words, anywhere, on both channels."""

from __future__ import annotations

import pytest

from bot.config.settings import ROOT, load_settings
from bot.engine.listener import HEARD_UNCERTAIN
from bot.engine.model import CaseRequest
from bot.engine.resources import Resources
from bot.hotline.menu_check import menu_targets
from bot.hotline.triage import triage
from bot.labelled import load
from bot.text.sms import count_segments
from tests.support.dialogue import Dialogue

CHANNELS = ("telegram", "sms")

DANGER = [
    ("tg", "писарамро ҳозир мезананд, аз сараш хун меравад"),
    ("ru", "хозяин держит нас в подвале, сказал кто сбежит тому руки сломает"),
    ("en", "he walks around drunk with a knife and says nobody leaves"),
    ("ru", "помогите пожалуйста у меня забрали паспорт и не отпускают"),
    ("tg", "моро дар таҳхона қулф карданд, об намедиҳанд"),
]


def at_menu(resources: Resources, channel: str, language: str) -> Dialogue:
    chat = Dialogue(resources, channel=channel, hint=language)
    chat.send("/start")
    return chat


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("language", "text"), DANGER)
def test_danger_at_the_menu_gets_numbers_first(
    resources: Resources, channel: str, language: str, text: str
) -> None:
    """The first reply to danger in the person's words carries the emergency numbers,
    then one closed question, which fits one SMS segment."""
    chat = at_menu(resources, channel, language)
    replies = chat.send(text)
    assert "112" in replies[0]
    assert chat.waiting_node() == "emergency.now"
    if channel == "sms":
        assert count_segments(replies[-1]).segments == 1


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_words_reach_a_report_only_on_consent(resources: Resources, channel: str) -> None:
    """Yes to the offer opens the report with the words already in it; "No" to the
    closed question does not lower the priority the words show."""
    chat = at_menu(resources, channel, "en")
    words = "he walks around drunk with a knife and says nobody leaves"
    chat.send(words)
    chat.send("no")  # not in danger right now, the person says
    assert chat.waiting_node() == "emergency.offer"
    chat.send("yes")
    assert chat.waiting_node() == "report.safe"
    assert chat.session is not None and chat.session.vars["r_text"] == words
    # safe to write, own phone, about me, "That is all" skips the closed list...
    for choice in ("yes", "own", "self"):
        chat.press(choice)
    chat.press("other")  # what is happening: other
    chat.press("now")
    assert chat.waiting_node() != "report.details"  # the words are not asked again
    chat.press("elsewhere")
    chat.send("0")
    chat.press("anonymous")
    replies = chat.press("send")
    opened = [e for e in chat.last.effects if isinstance(e, CaseRequest)] if chat.last else []
    assert opened and opened[0].data["priority"] == "P1"
    assert opened[0].data["text"] == words
    assert opened[0].data["source"] == "listener"
    assert replies


def test_declining_keeps_nothing(resources: Resources) -> None:
    """ "No" to the offer leaves no trace of the words in the session."""
    chat = at_menu(resources, "telegram", "ru")
    chat.send("хозяин держит нас в подвале, сказал кто сбежит тому руки сломает")
    chat.send("да")
    chat.send("нет")
    assert chat.session is not None
    assert not any(v == "хозяин" or "подвале" in v for v in chat.session.vars.values())


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "работодатель не платит уже три месяца и паспорт держит у себя"),
        ("tg", "се моҳ боз маош намедиҳанд, шиносномаамро гирифтанд"),
        ("en", "my brother went to Kazan with a recruiter and his phone is off for a week"),
    ],
)
def test_exploitation_gets_a_caseworker_offer_first(
    resources: Resources, channel: str, language: str, text: str
) -> None:
    """Ongoing exploitation (P2) is offered a caseworker before anything else."""
    chat = at_menu(resources, channel, language)
    replies = chat.send(text)
    assert chat.waiting_node() == "emergency.offer_help"
    assert "112" not in replies[0]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "как проверить лицензию агентства по трудоустройству?"),
        ("en", "how do I get a work permit in Korea"),
        ("tg", "патент"),
        ("ru", "виза Туркия"),
        ("en", "passport"),
    ],
)
def test_questions_and_searches_raise_no_alarm(
    resources: Resources, language: str, text: str
) -> None:
    """Information questions and topic searches are answered as before."""
    chat = at_menu(resources, "telegram", language)
    chat.send(text)
    assert not chat.waiting_node().startswith("emergency.")


def test_in_a_topic_list_and_the_job_check(resources: Resources) -> None:
    """The listener hears in every flow; in the job check only the person's own danger."""
    chat = at_menu(resources, "telegram", "ru")
    chat.send("Узнать перед отъездом")
    replies = chat.send("меня бьют каждый день и не выпускают")
    assert "112" in replies[0]

    chat = at_menu(resources, "telegram", "en")
    chat.send("Check a job offer")
    offer = "Escort and hostess jobs in Dubai for girls 18-25, we keep your passport"
    chat.send(offer)
    assert not chat.waiting_node().startswith("emergency.")  # an ad, read as an offer
    chat = at_menu(resources, "telegram", "en")
    chat.send("Check a job offer")
    replies = chat.send("they locked us in the basement and beat us, please help")
    assert "112" in replies[0]


def test_danger_in_words_breaks_an_sms_opt_out(resources: Resources) -> None:
    """After STOP on SMS only START or an emergency is heard: danger in words is one."""
    chat = at_menu(resources, "sms", "ru")
    chat.send("STOP")
    assert chat.send("как получить патент") == []  # stopped: nothing is sent
    replies = chat.send("хозяин держит нас в подвале и бьёт каждый день")
    assert "112" in replies[0]


def test_a_late_answer_to_a_caseworker_reaches_the_case(resources: Resources) -> None:
    """Days after a caseworker wrote, the person's answer goes to the case, not to
    "Welcome back" (the idle reset never swallows it)."""
    chat = at_menu(resources, "telegram", "en")
    node = resources.flows.node("case.talk")
    assert node is not None and chat.session is not None
    chat.session = chat.session.with_vars({"case": "C-1001"}).at(node)
    chat.now += 3 * 24 * 3600
    chat.send("Yes, the foreman still has my passport")
    requests = [e for e in chat.last.effects if isinstance(e, CaseRequest)] if chat.last else []
    assert [r.kind for r in requests] == ["message"]
    assert "Welcome back" not in chat.text()


@pytest.mark.parametrize("channel", CHANNELS)
def test_danger_only_the_net_hears_still_gets_the_numbers_first(
    resources: Resources, channel: str
) -> None:
    """No rule names this confinement ("the guard stands at the door, won't let me go"),
    the net reads it as immediate danger: the numbers come first all the same, and the
    words carry the net's doubt to the case if the person agrees."""
    text = "посбон дар назди дар истодааст маро намемонад равам телефонро пинҳонӣ гирифтам"
    heard = triage(text)
    assert heard.priority == "P1" and heard.uncertain
    chat = at_menu(resources, channel, "tg")
    replies = chat.send(text)
    assert "112" in replies[0]
    assert chat.waiting_node() == "emergency.now"
    assert chat.session is not None and chat.session.vars.get(HEARD_UNCERTAIN) == "yes"


def test_at_the_menu_held_out_dangers_get_the_numbers_and_questions_do_not() -> None:
    """The held-out split, typed at the menu by new people on both channels (the
    README's figures; ``python -m bot.hotline.evaluate FILE --menu``): floors measured
    on 2026-12-01, so a change that loses emergencies fails here."""
    resources = Resources.load(load_settings(ROOT / "config.toml", env={}))
    records = load(ROOT / "tests" / "data" / "triage.jsonl", "heldout")
    for channel in CHANNELS:
        targets = menu_targets(resources, records, channel)
        numbers, dangers = targets["P1 numbers first"]
        alarms, questions = targets["alarm on P4/none"]
        assert dangers >= 300 and numbers / dangers >= 0.96
        assert questions >= 150 and alarms / questions <= 0.10
