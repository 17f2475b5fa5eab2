"""Everything the engine reads while it steps: flows, catalogs, contacts and limits.

Loaded once at start-up and shared; the engine itself never touches files or sockets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.config.settings import Settings
from bot.content.contacts import HelpContact, load_contacts
from bot.content.search import TopicIndex
from bot.content.topics import Topic, load_topics
from bot.engine.intents import IntentMatcher
from bot.engine.loader import FlowSet, load_flows
from bot.engine.model import Text
from bot.i18n.catalogs import Catalogs
from bot.i18n.render import translate
from bot.offers.agencies import Agency, load_agencies
from bot.text.normalise import skeleton

MAIN_FLOW = "main"
MENU_NODE = "@main.menu"
WELCOME_NODE = "@main"
LANGUAGE_NODE = "@main.language"
# Where a forwarded message goes: Telegram users forward job offers from channels.
FORWARDED_NODE = "@job.forwarded"
FORWARDED_TEXT_VAR = "offer_text"
# The number of the person's open hotline case, set once it is stored (bot/cases).
CASE_VAR = "case"
# "no" when the person said someone else may read their phone: no broadcast reaches it.
UNSAFE_VAR = "contact_safe"
# /forget with an open case asks first whether the case may stay, anonymised.
FORGET_CASE_NODE = "@privacy.forget_case"


@dataclass(frozen=True)
class Resources:
    flows: FlowSet
    catalogs: Catalogs
    contacts: Sequence[HelpContact]
    intents: IntentMatcher
    languages: tuple[str, ...]
    default_language: str
    idle_seconds: float
    contacts_max_age_days: int
    sms_segment_budget: int
    # Matching keys of each label in every language, computed once: matching a typed
    # answer is on every message's path. A cache of pure results keeps step() pure.
    _label_keys: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    topics: Sequence[Topic] = ()
    agencies: Sequence[Agency] = ()
    _topic_index: list[TopicIndex] = field(default_factory=list, compare=False, repr=False)

    @property
    def topic_index(self) -> TopicIndex:
        """The search index of the topics, built on first use."""
        if not self._topic_index:
            titles = {
                t.id: [translate(self.catalogs, lang, Text(t.title)) for lang in self.languages]
                for t in self.topics
            }
            self._topic_index.append(TopicIndex.build(self.topics, titles))
        return self._topic_index[0]

    def label_keys(self, text: Text) -> frozenset[str]:
        """The skeletons of a label as shown in each language (for typed answers)."""
        cache_key = f"{text.verbatim}\x00{text.msgid}"
        keys = self._label_keys.get(cache_key)
        if keys is None:
            keys = frozenset(
                skeleton(translate(self.catalogs, language, text, sms=sms))
                for language in self.languages
                for sms in (False, True)
            ) - {""}
            self._label_keys[cache_key] = keys
        return keys

    @classmethod
    def load(cls, settings: Settings) -> Resources:
        flows = load_flows(settings.bot.flows_dir)
        return cls(
            flows=flows,
            catalogs=Catalogs.load(settings.bot.locales_dir, settings.bot.languages),
            contacts=load_contacts(settings.bot.data_dir),
            intents=IntentMatcher(flows.intents),
            languages=settings.bot.languages,
            default_language=settings.bot.default_language,
            idle_seconds=settings.session.idle_minutes * 60.0,
            contacts_max_age_days=settings.contacts.max_age_days,
            sms_segment_budget=settings.sms.segment_budget,
            topics=load_topics(settings.bot.data_dir),
            agencies=load_agencies(settings.bot.data_dir),
        )
