"""Golden transcripts: every flow in tg, ru and en, rendered for Telegram and for SMS.

Each transcript is what `python -m bot chat --lang L --channel C` prints for a script of
inputs. A change in wording or behaviour shows as a diff against tests/golden/. After a
deliberate change, regenerate with `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and review the diff like code.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from bot.cases.memory import MemoryCaseStore
from bot.cases.service import CaseService
from bot.channels.terminal import TERMINAL_CONTACT, TerminalChat
from bot.config.settings import ROOT, Settings
from bot.content.topics import load_topics
from bot.conversation import Conversation
from bot.engine.model import LanguageSource, Session
from bot.engine.resources import Resources
from bot.store.memory import MemoryStore
from tests.conftest import FIXED_NOW
from tests.support.menu import menu_number

GOLDEN = Path(__file__).parent / "golden"
TOPICS = load_topics(ROOT / "data")
GREETING = {"tg": "салом", "ru": "Здравствуйте", "en": "hello"}
HELP_WORD = {"tg": "ёрӣ", "ru": "помогите", "en": "help"}
STOP_WORD = {"tg": "бас", "ru": "стоп", "en": "stop"}
START_WORD = {"tg": "оғоз", "ru": "старт", "en": "start"}


def _script(flow: str, language: str) -> list[str]:
    greet = GREETING[language]
    if flow == "main":
        own = str(("tg", "ru", "en").index(language) + 1)
        return [greet, "xyz", menu_number("language"), own]
    if flow == "emergency":
        # numbers, then Russia's, then Kazakhstan's (none yet)
        return [greet, menu_number("@emergency"), "2", "3"]
    if flow == "privacy":
        return [greet, menu_number("@privacy")]
    if flow == "tips":
        return [greet, menu_number("@tips"), "1", menu_number("@tips"), "2"]  # yes, then no
    if flow == "topics":  # every topic: its group, the topic, then "Other topics"
        groups = ["job", "before", "legal", "trouble"]
        steps = [greet, menu_number("@learn")]
        for topic in TOPICS:
            in_group = [t.id for t in TOPICS if t.group == topic.group]
            steps += [str(groups.index(topic.group) + 1), str(in_group.index(topic.id) + 1), "1"]
        return steps
    if flow == "job":  # a guided check, then a pasted offer
        offer = {
            "tg": "Кор дар Дубай, танҳо духтарони ҷавон, пешпардохт 500 доллар",
            "ru": "Работа в Дубае, только девушки, предоплата 500$",
            "en": "Work in Dubai, girls only, deposit 500 USD",
        }[language]
        job = menu_number("@job")
        # Russia, an agency (named, not on the list), a fee, the passport kept, ...; then
        # a pasted offer, which answers some questions itself.
        guided = "1 3 1 1 1 2 2 1 1 2 2".split()
        after_paste = "1 1 2 1 2 2 2 2".split()
        # The danger verdict offers a caseworker; "0" declines, back to the menu.
        return [greet, job, *guided, "Барака Кор", "2", "0", job, offer, *after_paste]
    if flow == "report":  # a relative reports a son locked in, then talks, then /forget
        words = {
            "tg": "Писарам дар Екатеринбург кор мекунад. Шиносномаашро гирифтанд,"
            " берун намемонанд.",
            "ru": "Мой сын работает в Екатеринбурге. Паспорт забрали, из общежития не выпускают.",
            "en": "My son works in Yekaterinburg. They took his passport and do not let him out.",
        }[language]
        # safe; own phone; a relative; locked in (numbers at once); not paid; that is all;
        # happening now; the words; Russia; the city; contact; right after I write; a code
        # word; send. Then a message for the caseworker, and /forget keeping the report.
        answers = ["1", "1", "2", "4", "3", "1", "1", words, "2", "Екатеринбург", "1", "1"]
        return [greet, menu_number("@report"), *answers, "анор", "1", "Боз як чиз", "/forget", "1"]
    if flow == "learn":
        learn = menu_number("@learn")
        return [greet, learn, "3", "1", "2", "4", "1", "патент", "1", "виза Туркия", "zzzz"]
    return [
        greet,
        HELP_WORD[language],
        "/language",
        STOP_WORD[language],
        "1",
        START_WORD[language],
        "/forget",
    ]


CASES = [
    (flow, language, channel)
    for flow in (
        "main",
        "job",
        "learn",
        "topics",
        "emergency",
        "tips",
        "privacy",
        "intents",
        "report",
    )
    for language in ("tg", "ru", "en")
    for channel in ("telegram", "sms")
]


@pytest.mark.parametrize(("flow", "language", "channel"), CASES)
async def test_transcript(
    resources: Resources, settings: Settings, flow: str, language: str, channel: str
) -> None:
    """The transcript matches tests/golden/<flow>.<lang>.<channel>.txt."""
    store = MemoryStore(retention_seconds=3600, dedupe_seconds=3600)
    store.preset(
        f"{channel}:{TERMINAL_CONTACT}",
        Session(language=language, language_source=LanguageSource.CHOSEN),
    )
    out = io.StringIO()
    chat = TerminalChat(
        Conversation(
            resources,
            store,
            clock=lambda: FIXED_NOW,
            cases=CaseService(MemoryCaseStore(), resources, settings.cases, settings.desk),
        ),
        "sms" if channel == "sms" else "telegram",
        language=language,
        out=out,
    )
    await chat.run(_script(flow, language))
    path = GOLDEN / f"{flow}.{language}.{channel}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(out.getvalue(), encoding="utf-8")
    assert path.exists(), f"{path.name} missing: run with UPDATE_GOLDEN=1 and review it"
    assert out.getvalue() == path.read_text(encoding="utf-8")
