"""Awareness: topic search in every script, every topic on both channels, the help
directory by country, and which content is due for a re-check."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bot.channels.render import render_sms, render_telegram
from bot.content.contacts import HelpContact
from bot.content.freshness import stale_items
from bot.engine.resources import Resources
from bot.text.sms import count_segments
from tests.support.dialogue import Dialogue
from tests.support.menu import menu_number


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        ("патент", "russia"),
        ("patent", "russia"),
        ("патенти корӣ", "russia"),
        ("kor dar Rusiya", "russia"),
        ("работа в Москве регистрация", "russia"),
        ("виза Туркия", "turkiye"),
        ("visa turkey", "turkiye"),
        ("Турция", "turkiye"),
        ("passport", "passport"),
        ("шиноснома", "passport"),
        ("shinosnoma", "passport"),
        ("паспорта забрали", "passport"),
        ("ҲУҶҶАТ", "passport"),
        ("Dubai", "uae"),
        ("ОАЭ виза", "uae"),
        ("EPS Korea", "korea"),
        ("кореяи ҷанубӣ", "korea"),
        ("casino job thailand", "scam_centres"),
        ("казино", "scam_centres"),
        ("deposit fee", "fees"),
        ("залог за работу", "fees"),
        ("қарз", "debt"),
        ("karz", "debt"),
        ("долг за билет", "debt"),
        ("my son is missing", "families"),
        ("писарам", "families"),
        ("Казахстан", "kazakhstan"),
        ("Qazoqiston", "kazakhstan"),
        ("торговля людьми", "signs"),
        ("савдои одамон", "signs"),
    ],
)
def test_search_finds_the_topic(resources: Resources, query: str, topic: str) -> None:
    """Real-style queries in Tajik (any spelling), Russian and English find the topic."""
    found = resources.topic_index.search(query)
    assert found, query
    assert found[0] == topic


@pytest.mark.parametrize("query", ["zzzz", "1234", "hello there", "😀"])
def test_search_without_match(resources: Resources, query: str) -> None:
    """Nothing relevant finds nothing."""
    assert resources.topic_index.search(query) == []


def test_typed_word_at_the_menu_opens_the_topic(resources: Resources) -> None:
    """ "патент" instead of a number at the main menu shows the Russia topic."""
    chat = Dialogue(resources)
    chat.send("салом")
    chat.send("патент")
    assert "Шаҳрвандони Тоҷикистон ба Русия бе раводид" in chat.text()
    assert chat.session is not None and chat.session.node == "reading"


def test_no_match_gets_a_short_answer_and_the_menu(resources: Resources) -> None:
    """A word that matches no topic is answered and the choices come again."""
    chat = Dialogue(resources)
    chat.send("Здравствуйте")
    chat.send("абракадабра")
    assert "Ничего не нашёл" in chat.text()
    assert chat.session is not None and chat.session.node == "menu"


@pytest.mark.parametrize("language", ["tg", "ru", "en"])
@pytest.mark.parametrize("channel", ["telegram", "sms"])
def test_every_topic_in_every_language_and_channel(
    resources: Resources, language: str, channel: str
) -> None:
    """Each topic opens from its group in each language; SMS parts fit the budget."""
    greeting = {"tg": "салом", "ru": "Здравствуйте", "en": "hello"}[language]
    groups = ["job", "before", "legal", "trouble"]
    for topic in resources.topics:
        chat = Dialogue(resources, channel=channel, address="+992931119999")
        chat.send(greeting)
        chat.send(menu_number("@learn"))
        chat.send(str(groups.index(topic.group) + 1))
        in_group = [t.id for t in resources.topics if t.group == topic.group]
        chat.send(str(in_group.index(topic.id) + 1))
        assert chat.session is not None
        assert chat.session.vars["topic"] == topic.id
        shown = chat.last.says[0] if chat.last else None
        assert shown is not None
        catalogs = resources.catalogs
        if channel == "sms":
            sms = render_sms(catalogs, language, shown)
            assert count_segments(sms.text).segments <= resources.sms_segment_budget
            expected = catalogs.gettext(language, topic.sms[0])
        else:
            sms = None
            expected = catalogs.gettext(language, topic.pages[0])
        text = sms.text if sms else render_telegram(catalogs, language, shown).text
        assert text.startswith(expected[:40])
        if language != "en":
            assert expected != (topic.sms[0] if sms else topic.pages[0])  # translated


def test_paged_topic_offers_next_part(resources: Resources) -> None:
    """A topic with more than one part shows "1/2" and a Next part choice."""
    topic = resources.topics[0]
    two = replace(topic, pages=(topic.pages[0], topic.pages[0]))
    custom = replace(resources, topics=(two, *resources.topics[1:]))
    chat = Dialogue(custom, hint="en")
    chat.send("hello")
    chat.send(menu_number("@learn"))
    chat.send("1")
    chat.send("1")
    assert "1/2" in chat.text()
    assert chat.option_keys()[0] == "next"
    chat.send("1")
    assert "2/2" in chat.text()
    assert "next" not in chat.option_keys()


def test_directory_from_a_topic_and_by_country(resources: Resources) -> None:
    """From a topic to help numbers, then a country's numbers; none yet for some."""
    chat = Dialogue(resources, hint="en")
    chat.send("hello")
    chat.send("passport")
    chat.send("Help numbers")
    assert "112" in chat.text()
    chat.send("Russia")
    assert "Tajik Labour Ministry office in Russia" in chat.text()
    chat.send("Kazakhstan")
    assert "Safar has no checked numbers for Kazakhstan yet" in chat.text()


def test_old_contacts_are_shown_with_their_date(resources: Resources) -> None:
    """A number checked long ago is still shown, with the date and a warning."""
    chat = Dialogue(resources, hint="en")
    chat.now = dt.datetime(2028, 1, 1, tzinfo=dt.UTC).timestamp()
    chat.send("help")
    assert "112 (checked 2026-11-01, may have changed)" in chat.text()


def test_stale_items() -> None:
    """Topics and contacts older than the limit are listed, oldest first."""
    old = HelpContact("x", "TJ", "n", "112", "s", dt.date(2024, 1, 1), "active", "high")
    retired = HelpContact("y", "TJ", "n", "1", "s", dt.date(2020, 1, 1), "retired", "low")
    found = stale_items([], [old, retired], dt.date(2026, 1, 1), 180)
    assert [(s.kind, s.id) for s in found] == [("contact", "x")]
    assert stale_items([], [old], dt.date(2024, 2, 1), 180) == []


def test_directory_groups_numbers_by_city(resources: Resources) -> None:
    """A local number shows its city after the name; country-wide numbers come first."""
    local = HelpContact(
        "ru-x",
        "RU",
        "Emergency services, Russia",
        "+7 343 000-00-00",
        "test",
        dt.date(2026, 11, 1),
        "active",
        "high",
        city="Yekaterinburg",
    )
    custom = replace(resources, contacts=(*resources.contacts, local))
    chat = Dialogue(custom, hint="en")
    chat.send("help")
    chat.send("No")  # "Are you in danger right now?"
    chat.send("Russia")
    lines = chat.rendered()[0].splitlines()
    assert lines[0] == "Emergency services, Russia: 112"
    assert "Emergency services, Russia, Yekaterinburg: +7 343 000-00-00" in lines
